package org.casejourney.query.analytics;

import org.casejourney.events.Channel;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.JdbcTemplate;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

/** The analysts' SQL interface: stable view columns, a role that can only read them, and views that follow a switched-in rebuild. */
class AnalyticsViewsTest {

    private static FactsDatabase db;

    @BeforeAll
    static void data() {
        db = new FactsDatabase("analytics_views");
        db.write(PersonStream.of("v1")
                .failure("2026-03-08T23:30:00-01:00", Channel.PHONE, "PROGRESS_CHASING")
                .handoff("2026-03-10T09:00:00Z", "front-door", "reablement", null, null)
                .referral("2026-03-11T09:00:00Z", "r-1", null, "ot", null, null)
                .closed("2026-03-12T09:00:00Z"));
    }

    @AfterAll
    static void close() {
        db.close();
    }

    @Test
    void everyViewHasItsDocumentedColumns() {
        assertThat(columns("journeys")).containsExactly("pseudonym", "events", "contacts", "value_contacts", "failure_contacts",
                "referrals_made", "referrals_declined_or_withdrawn", "open_referrals", "assessments", "handoffs", "support_delivered",
                "people_involved", "teams_involved", "organisations_involved", "total_minutes", "total_hours", "face_to_face_minutes",
                "face_to_face_share", "first_contact", "last_activity", "episodes", "closed_episodes", "returned_episodes", "open",
                "returned", "teams", "services", "tags", "updated_at", "not_returned_episodes", "pending_episodes", "end_to_end_days");
        assertThat(columns("episodes")).containsExactly("pseudonym", "episode_number", "opened_at", "closed_at", "outcome",
                "end_to_end_days", "contacts", "failure_contacts", "returned", "returned_at", "services", "teams", "channels",
                "next_contact_at", "return_window_ends", "return_status");
        assertThat(columns("contacts")).containsExactly("pseudonym", "event_id", "occurred_at", "day", "iso_week", "month", "service",
                "team", "organisation", "practitioner", "channel", "demand_type", "failure_category", "episode_number",
                "duration_minutes", "face_to_face");
        assertThat(columns("referrals")).containsExactly("pseudonym", "event_id", "referral_id", "occurred_at", "service", "team",
                "organisation", "from_team", "to_team", "from_organisation", "to_organisation", "outcome", "episode_number");
        assertThat(columns("handoffs")).containsExactly("pseudonym", "event_id", "occurred_at", "service", "team", "organisation",
                "from_practitioner", "to_practitioner", "from_team", "to_team", "from_organisation", "to_organisation", "episode_number");
        assertThat(columns("failure_demand_daily")).containsExactly("day", "service", "team", "channel", "demand_type",
                "failure_category", "contacts");
    }

    @Test
    void anEpisodeWhoseReturnWindowRunsPastNowIsPendingAndCountedAsSuch() {
        Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        try (FactsDatabase censored = new FactsDatabase("analytics_views_censored")) {
            // one closure 200 days ago, back 100 days later (after the window); one closure 10 days ago, nobody back yet
            censored.write(PersonStream.of("c1")
                    .value(now.minus(Duration.ofDays(210)).toString(), Channel.PHONE)
                    .closed(now.minus(Duration.ofDays(200)).toString())
                    .value(now.minus(Duration.ofDays(100)).toString(), Channel.PHONE)
                    .closed(now.minus(Duration.ofDays(10)).toString()));

            // the journey row the projection writes beside the facts (its columns are not what this test is about)
            censored.jdbc().update("insert into journey (person_id, events, contacts, value_contacts, failure_contacts, referrals_made,"
                    + " referrals_declined_or_withdrawn, open_referrals, assessments, handoffs, support_delivered, people_involved,"
                    + " teams_involved, organisations_involved, total_minutes, face_to_face_minutes, first_contact, episodes, open, returned,"
                    + " last_sequence, updated_at) select person_id, 4, 2, 2, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, first_contact, 2, false, false,"
                    + " 4, now() from fact_person");
            assertThat(censored.jdbc().queryForList("select return_status from analytics.episodes order by episode_number", String.class))
                    .containsExactly("NOT_RETURNED", "PENDING");
            assertThat(censored.jdbc().queryForMap("select closed_episodes, returned_episodes, not_returned_episodes, pending_episodes"
                    + " from analytics.journeys"))
                    .isEqualTo(Map.of("closed_episodes", 2, "returned_episodes", 0, "not_returned_episodes", 1, "pending_episodes", 1));
            // first contact 210 days ago to the last closure 10 days ago; open again, it would run to now
            assertThat(censored.jdbc().queryForObject("select end_to_end_days from analytics.journeys", Double.class)).isEqualTo(200.0);
            censored.jdbc().update("update journey set open = true");
            assertThat(censored.jdbc().queryForObject("select end_to_end_days from analytics.journeys", Double.class))
                    .isCloseTo(210.0, within(0.01));
            assertThat(censored.jdbc().queryForObject("select next_contact_at from analytics.episodes where episode_number = 1",
                    java.sql.Timestamp.class).toInstant())
                    .isEqualTo(now.minus(Duration.ofDays(100)));
        }
    }

    @Test
    void aContactReadsInItsUtcDayWeekAndMonth() {
        assertThat(db.jdbc().queryForMap("select day::text, iso_week::text, month::text, demand_type, failure_category from analytics.contacts"))
                .isEqualTo(Map.of("day", "2026-03-09", "iso_week", "2026-03-09", "month", "2026-03-01", "demand_type", "FAILURE",
                        "failure_category", "PROGRESS_CHASING"));
        assertThat(db.jdbc().queryForObject("select count(*) from analytics.failure_demand_daily where demand_type = 'FAILURE'", Integer.class))
                .isEqualTo(1);
    }

    @Test
    void theAnalystRoleReadsTheViewsAndNothingElse() {
        db.jdbc().execute((org.springframework.jdbc.core.ConnectionCallback<Void>) connection -> {
            JdbcTemplate analyst = new JdbcTemplate(new org.springframework.jdbc.datasource.SingleConnectionDataSource(connection, true));
            analyst.execute("set role casejourney_analyst");
            try {
                assertThat(analyst.queryForObject("select count(*) from analytics.handoffs", Integer.class)).isEqualTo(1);
                assertThat(analyst.queryForObject("select count(*) from analytics.episodes", Integer.class)).isEqualTo(1);
                assertThatThrownBy(() -> analyst.queryForObject("select count(*) from fact_contact", Integer.class))
                        .rootCause().hasMessageContaining("permission denied for table fact_contact");
                assertThatThrownBy(() -> analyst.update("delete from analytics.contacts"))
                        .rootCause().hasMessageContaining("permission denied for view contacts");
                assertThatThrownBy(() -> analyst.execute("create table analytics.mine (x int)"))
                        .rootCause().hasMessageContaining("permission denied for schema analytics");
            } finally {
                analyst.execute("reset role");
            }
            return null;
        });
    }

    @Test
    void afterARebuiltSchemaIsSwitchedInRecreateBindsTheViewsToItsTables() {
        try (FactsDatabase switched = new FactsDatabase("analytics_views_switch")) {
            JdbcTemplate jdbc = switched.jdbc();
            switched.write(PersonStream.of("old-1").value("2026-03-02T09:00:00Z", Channel.PHONE));
            jdbc.execute("create schema rebuild");
            Flyway.configure().dataSource(jdbc.getDataSource()).schemas("rebuild").load().migrate();
            // the rebuild's own run of the views script leaves the serving views alone
            assertThat(AnalyticsViews.boundSchemas(jdbc)).containsExactly("public");
            jdbc.update("insert into rebuild.fact_contact (person_id, event_id, occurred_at, day, service, channel, demand_type, face_to_face)"
                    + " values ('new-1', 'n-1', '2026-03-03T09:00:00Z', '2026-03-03', 'adult-social-care', 'PHONE', 'VALUE', false)");

            jdbc.execute("alter schema public rename to retired; alter schema rebuild rename to public");
            assertThat(AnalyticsViews.boundSchemas(jdbc)).containsExactly("retired");
            new AnalyticsViews(jdbc).run(null);

            assertThat(AnalyticsViews.boundSchemas(jdbc)).containsExactly("public");
            assertThat(jdbc.queryForList("select pseudonym from analytics.contacts", String.class)).containsExactly("new-1");
            new AnalyticsViews(jdbc).recreate(jdbc); // idempotent
            assertThat(jdbc.queryForObject("show search_path", String.class)).isEqualTo("\"$user\", public");
        }
    }

    private static List<String> columns(String view) {
        return db.jdbc().queryForList("select column_name from information_schema.columns where table_schema = 'analytics'"
                + " and table_name = ? order by ordinal_position", String.class, view);
    }
}
