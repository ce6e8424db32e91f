package org.casejourney.query.failuredemand;

import org.casejourney.events.Channel;
import org.casejourney.query.analytics.FactsDatabase;
import org.casejourney.query.analytics.PersonStream;
import org.casejourney.query.analytics.SeriesQuery;
import org.casejourney.query.analytics.Xmr;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.time.LocalDate;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/**
 * Failure demand over four ISO weeks of March 2026 (Mondays 2, 9, 16, 23), computed by hand:
 * week 1: 3 contacts, 1 failure (PROGRESS_CHASING), rate 1/3 (one contact is Sunday 23:30 UTC, sent as Monday 00:30+01:00);
 * week 2: 2 contacts, 2 failures (REPEAT_CONTACT sent as Sunday 23:30-01:00, so Monday UTC; WRONG_INFORMATION by correction);
 * week 3: a retracted contact only, so 0 contacts and no rate; week 4 (team reablement): 3 contacts, 2 failures.
 */
class FindFailureDemandTest {

    private static FactsDatabase db;
    private static FindFailureDemand find;

    @BeforeAll
    static void data() {
        db = new FactsDatabase("analytics_failure_demand");
        find = new FindFailureDemand(db.jdbc(), 1);
        db.write(
                PersonStream.of("p1")
                        .failure("2026-03-02T09:00:00Z", Channel.PHONE, "PROGRESS_CHASING")
                        .value("2026-03-03T09:00:00Z", Channel.PHONE),
                PersonStream.of("p2")
                        .failure("2026-03-08T23:30:00-01:00", Channel.PHONE, "REPEAT_CONTACT")
                        .value("2026-03-09T00:30:00+01:00", Channel.EMAIL),
                PersonStream.of("p3").in("adult-social-care", "reablement", "county-council")
                        .failure("2026-03-23T10:00:00Z", Channel.FACE_TO_FACE, "NO_RESPONSE")
                        .value("2026-03-24T10:00:00Z", Channel.PHONE)
                        .failure("2026-03-29T23:59:59Z", Channel.PHONE, "WRONGLY_ROUTED"),
                PersonStream.of("p4")
                        .value("2026-03-10T10:00:00Z", Channel.PHONE)
                        .correctLast(1, Map.of("demandType", "FAILURE", "failureCategory", "WRONG_INFORMATION"))
                        .failure("2026-03-17T10:00:00Z", Channel.PHONE, "OTHER")
                        .retractLast(1),
                PersonStream.of("p5")
                        .failure("2026-03-01T23:59:00Z", Channel.PHONE, "OTHER")
                        .failure("2026-03-30T00:00:00Z", Channel.PHONE, "OTHER"),
                PersonStream.of("p6").in("housing", "lettings", "district-council")
                        .failure("2026-03-04T10:00:00Z", Channel.PHONE, "OTHER"));
    }

    @AfterAll
    static void close() {
        db.close();
    }

    private static FindFailureDemand.FailureDemand query(String team, String channel, String from, String to, String bucket, String groupBy) {
        return find.find(SeriesQuery.parse("adult-social-care", team, channel, from, to, bucket, groupBy, PersonStream.NOW));
    }

    @Test
    void weeklyRatesCountSundayNightAndMondayMorningInTheirUtcWeekAndKeepEmptyWeeks() {
        FindFailureDemand.FailureDemand answer = query(null, null, "2026-03-02", "2026-03-29", null, null);

        assertThat(answer.from()).isEqualTo(Instant.parse("2026-03-02T00:00:00Z"));
        assertThat(answer.to()).isEqualTo(Instant.parse("2026-03-30T00:00:00Z"));
        assertThat(answer.groups()).hasSize(1);
        FindFailureDemand.Group all = answer.groups().get(0);
        assertThat(all.group()).isNull();
        assertThat(all.series()).extracting(FindFailureDemand.Point::start, FindFailureDemand.Point::contacts,
                FindFailureDemand.Point::failureContacts, FindFailureDemand.Point::rate).containsExactly(
                org.assertj.core.groups.Tuple.tuple(LocalDate.parse("2026-03-02"), 3, 1, 1.0 / 3),
                org.assertj.core.groups.Tuple.tuple(LocalDate.parse("2026-03-09"), 2, 2, 1.0),
                org.assertj.core.groups.Tuple.tuple(LocalDate.parse("2026-03-16"), 0, 0, null),
                org.assertj.core.groups.Tuple.tuple(LocalDate.parse("2026-03-23"), 3, 2, 2.0 / 3));
        assertThat(all.series().get(1).byCategory()).containsAllEntriesOf(Map.of("REPEAT_CONTACT", 1, "WRONG_INFORMATION", 1,
                "PROGRESS_CHASING", 0, "OTHER", 0)).hasSize(7);
        assertThat(all.series().get(3).byCategory()).containsAllEntriesOf(Map.of("NO_RESPONSE", 1, "WRONGLY_ROUTED", 1));
        // XmR over 1/3, 1, 2/3 (the empty week skipped): mean 2/3, moving ranges 2/3 and 1/3, mean 1/2
        assertThat(all.xmr().mean()).isCloseTo(2.0 / 3, within(1e-12));
        assertThat(all.xmr().meanMovingRange()).isCloseTo(0.5, within(1e-12));
        assertThat(all.xmr().upperLimit()).isCloseTo(2.0 / 3 + 1.33, within(1e-12));
        assertThat(all.xmr().lowerLimit()).isEqualTo(0.0);
        assertThat(all.xmr().signals()).isEmpty();
    }

    @Test
    void groupedByTeamEachTeamHasTheWholeRange() {
        List<FindFailureDemand.Group> groups = query(null, null, "2026-03-02", "2026-03-29", "week", "team").groups();

        assertThat(groups).extracting(FindFailureDemand.Group::group).containsExactly("front-door", "reablement");
        assertThat(rates(groups.get(0))).containsExactly(1.0 / 3, 1.0, null, null);
        assertThat(rates(groups.get(1))).containsExactly(null, null, null, 2.0 / 3);
        assertThat(groups.get(1).xmr()).isEqualTo(new Xmr(2.0 / 3, null, null, null, List.of()));
    }

    @Test
    void dailyBucketsOfOneChannel() {
        FindFailureDemand.Group phone = query(null, "phone", "2026-03-08", "2026-03-10", "day", null).groups().get(0);

        assertThat(phone.series()).extracting(FindFailureDemand.Point::start, FindFailureDemand.Point::contacts, FindFailureDemand.Point::rate)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple(LocalDate.parse("2026-03-08"), 0, null),
                        org.assertj.core.groups.Tuple.tuple(LocalDate.parse("2026-03-09"), 1, 1.0),
                        org.assertj.core.groups.Tuple.tuple(LocalDate.parse("2026-03-10"), 1, 1.0));
    }

    @Test
    void monthlyBucketsIncludeTheEdgesOfTheMonthAndEmptyMonths() {
        // March: the 8 contacts above plus p5's on 1 March 23:59 and 30 March 00:00: 10 contacts, 7 failures
        FindFailureDemand.Group all = query(null, null, "2026-02-15", "2026-04-10", "month", null).groups().get(0);

        assertThat(all.series()).extracting(FindFailureDemand.Point::start, FindFailureDemand.Point::contacts,
                FindFailureDemand.Point::failureContacts, FindFailureDemand.Point::rate).containsExactly(
                org.assertj.core.groups.Tuple.tuple(LocalDate.parse("2026-02-01"), 0, 0, null),
                org.assertj.core.groups.Tuple.tuple(LocalDate.parse("2026-03-01"), 10, 7, 0.7),
                org.assertj.core.groups.Tuple.tuple(LocalDate.parse("2026-04-01"), 0, 0, null));
    }

    @Test
    void aRangeOfInstantsCountsTheContactsInsideItExactly() {
        // 23:00 UTC on Sunday 8 March to 01:00 UTC on Monday 9 March: p2's value contact (Sunday 23:30) and failure (Monday 00:30)
        FindFailureDemand.Group all = query(null, null, "2026-03-09T00:00:00+01:00", "2026-03-09T01:00:00Z", "week", null).groups().get(0);

        assertThat(all.series()).extracting(FindFailureDemand.Point::start, FindFailureDemand.Point::contacts, FindFailureDemand.Point::rate)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple(LocalDate.parse("2026-03-02"), 1, 0.0),
                        org.assertj.core.groups.Tuple.tuple(LocalDate.parse("2026-03-09"), 1, 1.0));
    }

    @Test
    void anotherServicesContactsAreLeftOutAndGroupingByServiceShowsThem() {
        List<FindFailureDemand.Group> groups = find.find(SeriesQuery.parse(null, null, null, "2026-03-02", "2026-03-08", "week", "service",
                PersonStream.NOW)).groups();

        assertThat(groups).extracting(FindFailureDemand.Group::group).containsExactly("adult-social-care", "housing");
        assertThat(rates(groups.get(1))).containsExactly(1.0);
        assertThat(groups.get(0).series().get(0).contacts()).isEqualTo(3);
    }

    private static List<Double> rates(FindFailureDemand.Group group) {
        return Arrays.asList(group.series().stream().map(FindFailureDemand.Point::rate).toArray(Double[]::new));
    }
}
