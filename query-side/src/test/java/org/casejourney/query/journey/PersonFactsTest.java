package org.casejourney.query.journey;

import org.casejourney.events.Channel;
import org.casejourney.query.analytics.FactsDatabase;
import org.casejourney.query.analytics.PersonStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The fact rows a person's journey becomes, corrections and retractions applied, and the daily counts kept in step. */
class PersonFactsTest {

    private static FactsDatabase db;

    @BeforeAll
    static void database() {
        db = new FactsDatabase("analytics_facts");
    }

    @AfterAll
    static void close() {
        db.close();
    }

    @BeforeEach
    void clear() {
        db.clear();
    }

    private static PersonStream beforeAmendments() {
        return PersonStream.of("p1")
                .failure("2026-03-02T09:00:00Z", Channel.PHONE, "PROGRESS_CHASING")          // e0
                .value("2026-03-03T10:00:00Z", Channel.FACE_TO_FACE)                           // e1
                .in("adult-social-care", "assessment-team", "county-council").by("pr-2")
                .assessment("2026-03-05T10:00:00Z")                                          // e2
                .referral("2026-03-06T10:00:00Z", "r-1", null, "reablement-north", null, "nhs-trust") // e3
                .handoff("2026-03-07T10:00:00Z", "assessment-team", "reablement-north", null, null)   // e4
                .closed("2026-03-10T09:00:00Z")                                              // e5
                .in("adult-social-care", "front-door", "county-council").by("pr-1")
                .failure("2026-04-01T08:00:00Z", Channel.PHONE, "REPEAT_CONTACT");           // e6
    }

    @Test
    void aCorrectionMovesAContactBetweenDaysAndCategoriesAndARetractionRemovesIt() {
        PersonStream person = beforeAmendments();
        db.write(person);
        assertThat(daily()).containsExactly(
                "2026-03-02 front-door PHONE PROGRESS_CHASING 1",
                "2026-03-03 front-door FACE_TO_FACE - 1",
                "2026-04-01 front-door PHONE REPEAT_CONTACT 1");

        person.correctLast(7, Map.of("occurredAt", "2026-03-04T09:00:00Z", "failureCategory", "NO_RESPONSE")) // corrects e0
                .retractLast(7);                                                                               // retracts e1
        db.write(person);

        assertThat(daily()).containsExactly(
                "2026-03-04 front-door PHONE NO_RESPONSE 1",
                "2026-04-01 front-door PHONE REPEAT_CONTACT 1");
        assertThat(db.jdbc().queryForList("select event_id || ' ' || day || ' ' || coalesce(failure_category, '-') || ' ' || episode_number"
                + " from fact_contact order by occurred_at", String.class))
                .containsExactly("p1-e0 2026-03-04 NO_RESPONSE 1", "p1-e6 2026-04-01 REPEAT_CONTACT 2");
        assertThat(dailyMatchesContacts()).isTrue();
    }

    @Test
    void episodesCarryTheirDaysReturnsAndTheTeamsThatWorkedInThem() {
        PersonStream person = beforeAmendments()
                .correctLast(7, Map.of("occurredAt", "2026-03-04T09:00:00Z"))
                .retractLast(7);
        db.write(person);

        // Episode 1 opens at the corrected first contact (4 March 09:00) and closes 10 March 09:00: 6 days.
        assertThat(db.jdbc().queryForList("select episode_number, opened_at::text, closed_at::text, end_to_end_days, returned,"
                + " array_to_string(teams, ',') teams, array_to_string(channels, ',') channels from fact_episode order by 1"))
                .containsExactly(
                        Map.of("episode_number", 1, "opened_at", "2026-03-04 09:00:00+00", "closed_at", "2026-03-10 09:00:00+00",
                                "end_to_end_days", 6.0, "returned", true, "teams", "assessment-team,front-door", "channels", "PHONE"),
                        row(2, "2026-04-01 08:00:00+00"));
    }

    private static Map<String, Object> row(int number, String openedAt) {
        java.util.HashMap<String, Object> row = new java.util.HashMap<>();
        row.put("episode_number", number);
        row.put("opened_at", openedAt);
        row.put("closed_at", null);
        row.put("end_to_end_days", null);
        row.put("returned", false);
        row.put("teams", "front-door");
        row.put("channels", "PHONE");
        return row;
    }

    @Test
    void referralsAndHandoffsFallBackToTheEventsOwnTeamAndOrganisation() {
        PersonStream person = beforeAmendments().resolved("2026-03-08T10:00:00Z", "r-1", org.casejourney.events.ReferralOutcome.DECLINED);
        db.write(person);

        assertThat(db.jdbc().queryForList("select concat_ws(' ', referral_id, from_team, to_team, from_organisation, to_organisation, outcome, episode_number)"
                + " from fact_referral", String.class))
                .containsExactly("r-1 assessment-team reablement-north county-council nhs-trust DECLINED 1");
        assertThat(db.jdbc().queryForList("select concat_ws(' ', from_team, to_team, from_organisation, to_organisation, episode_number)"
                + " from fact_handoff", String.class))
                .containsExactly("assessment-team reablement-north county-council county-council 1");
    }

    @Test
    void rowsTakeTheEpisodeTheFoldCountedThemInEvenOnATieInTime() {
        // at the closure's instant, after it on the stream: a handoff the fold meets once the episode has closed;
        // at the next contact's instant, before it on the stream: a referral the fold meets before the episode opens
        db.write(PersonStream.of("p2")
                .value("2026-03-02T09:00:00Z", Channel.PHONE)
                .closed("2026-03-10T09:00:00Z")
                .in("adult-social-care", "hospital-discharge", "nhs-trust")
                .handoff("2026-03-10T09:00:00Z", "hospital-discharge", "reablement", null, null)
                .referral("2026-04-01T08:00:00Z", "r-9", null, "ot", null, null)
                .in("adult-social-care", "front-door", "county-council")
                .failure("2026-04-01T08:00:00Z", Channel.PHONE, "REPEAT_CONTACT"));

        assertThat(db.jdbc().queryForObject("select episode_number from fact_handoff", Integer.class)).isNull();
        assertThat(db.jdbc().queryForObject("select episode_number from fact_referral", Integer.class)).isNull();
        assertThat(db.jdbc().queryForList("select episode_number || ' ' || array_to_string(teams, ',') from fact_episode order by 1",
                String.class)).containsExactly("1 front-door", "2 front-door");
    }

    @Test
    void thePersonRowHoldsTheFoldsMeasuresAndWhatCohortsFilterOn() {
        PersonStream person = beforeAmendments().tagged("trial").support("2026-04-02T10:00:00Z", 90, true)
                .support("2026-04-03T10:00:00Z", 30, false);
        db.write(person);

        Map<String, Object> row = db.jdbc().queryForMap("select first_contact::text, array_to_string(teams, ',') teams,"
                + " array_to_string(services, ',') services, array_to_string(tags, ',') tags, assessments, people_involved, referrals,"
                + " total_minutes, face_to_face_minutes, face_to_face_share, episodes, closed_episodes, returned_episodes from fact_person");
        assertThat(row).containsAllEntriesOf(Map.ofEntries(
                Map.entry("first_contact", "2026-03-02 09:00:00+00"), Map.entry("teams", "assessment-team,front-door"),
                Map.entry("services", "adult-social-care"), Map.entry("tags", "trial"), Map.entry("assessments", 1),
                Map.entry("people_involved", 2), Map.entry("referrals", 1), Map.entry("total_minutes", 120L),
                Map.entry("face_to_face_minutes", 90L), Map.entry("face_to_face_share", 0.75), Map.entry("episodes", 2),
                Map.entry("closed_episodes", 1), Map.entry("returned_episodes", 1)));
    }

    @Test
    void writingAPersonAgainReplacesTheirRowsAndLeavesOthersAlone() {
        db.write(beforeAmendments(), PersonStream.of("p2").value("2026-03-02T11:00:00Z", Channel.PHONE));
        db.write(beforeAmendments());

        assertThat(db.jdbc().queryForObject("select count(*) from fact_contact", Integer.class)).isEqualTo(4);
        assertThat(db.jdbc().queryForObject("select sum(contacts) from failure_demand_daily", Integer.class)).isEqualTo(4);
        assertThat(dailyMatchesContacts()).isTrue();
    }

    private static List<String> daily() {
        return db.jdbc().queryForList("select concat_ws(' ', day, team, channel, coalesce(nullif(failure_category, ''), '-'), contacts)"
                + " from failure_demand_daily order by day, channel, failure_category", String.class);
    }

    private static boolean dailyMatchesContacts() {
        return db.jdbc().queryForObject("""
                select not exists (
                  (select day, service, coalesce(team, ''), channel, coalesce(failure_category, ''), count(*)::int from fact_contact group by 1, 2, 3, 4, 5
                   except select day, service, team, channel, failure_category, contacts from failure_demand_daily)
                  union all
                  (select day, service, team, channel, failure_category, contacts from failure_demand_daily
                   except select day, service, coalesce(team, ''), channel, coalesce(failure_category, ''), count(*)::int from fact_contact group by 1, 2, 3, 4, 5))
                """, Boolean.class);
    }
}
