package org.casejourney.query.cohorts;

import org.casejourney.events.Channel;
import org.casejourney.events.EventJson;
import org.casejourney.query.analytics.FactsDatabase;
import org.casejourney.query.analytics.InvalidQuery;
import org.casejourney.query.TestPseudonyms;
import org.casejourney.query.analytics.PersonStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Two small cohorts measured by hand.
 * <pre>
 * person team  assessments people referrals minutes(f2f) closed returned(90 d)
 * x1     east  2           2      1         60 (30)      1      1 (10 days after)
 * x2     east  1           1      0          0           1      0
 * x3     east  0           3      2        120 (120)     0      0
 * y1     west  1           1      1         30 (30)      2      0 (a contact 100 days after the first closure)
 * y2     west  0           1      0         90 (0)       1      0
 * east: means 1, 2, 1, 1 hour, face to face (0.5 + 1) / 2 = 0.75 (x2 has no minutes), returns 1/2
 * west: means 0.5, 1, 0.5, 1 hour, (1 + 0) / 2 = 0.5, returns 0/3 (1/3 with a 120-day window)
 * (every window elapsed by AS_OF; asked earlier, an episode without a return whose window still runs is pending)
 * </pre>
 */
class CountCohortMeasuresTest {

    /** Every window of the data has elapsed by then, unless a test asks at an earlier instant. */
    private static final Instant AS_OF = Instant.parse("2026-12-01T00:00:00Z");

    private static FactsDatabase db;
    private static CountCohortMeasures count;

    @BeforeAll
    static void data() {
        db = new FactsDatabase("analytics_cohorts");
        count = new CountCohortMeasures(db.jdbc(), 90, Clock.fixed(AS_OF, ZoneOffset.UTC));
        db.write(
                PersonStream.of("x1").in("adult-social-care", "east", "county-council").by("pr-1")
                        .value("2026-01-05T09:00:00Z", Channel.PHONE).assessment("2026-01-06T09:00:00Z")
                        .by("pr-2").assessment("2026-01-07T09:00:00Z").referral("2026-01-08T09:00:00Z", "r-1", null, "ot", null, null)
                        .by("pr-1").support("2026-01-09T09:00:00Z", 30, true).support("2026-01-10T09:00:00Z", 30, false)
                        .closed("2026-01-20T09:00:00Z").value("2026-01-30T09:00:00Z", Channel.PHONE),
                PersonStream.of("x2").in("adult-social-care", "east", "county-council").by("pr-3")
                        .value("2026-01-06T09:00:00Z", Channel.PHONE).assessment("2026-01-07T09:00:00Z").closed("2026-01-10T09:00:00Z"),
                PersonStream.of("x3").in("adult-social-care", "east", "county-council").tagged("pilot").by("pr-4")
                        .value("2026-01-07T09:00:00Z", Channel.PHONE)
                        .by("pr-5").referral("2026-01-08T09:00:00Z", "r-1", null, "ot", null, null)
                        .by("pr-6").referral("2026-01-09T09:00:00Z", "r-2", null, "housing", null, null)
                        .by("pr-4").support("2026-01-10T09:00:00Z", 120, true),
                PersonStream.of("y1").in("adult-social-care", "west", "county-council").by("pr-7")
                        .value("2026-01-05T09:00:00Z", Channel.PHONE).assessment("2026-01-06T09:00:00Z")
                        .referral("2026-01-07T09:00:00Z", "r-1", null, "ot", null, null).support("2026-01-08T09:00:00Z", 30, true)
                        .closed("2026-01-10T09:00:00Z").value("2026-04-20T09:00:00Z", Channel.PHONE).closed("2026-04-25T09:00:00Z"),
                PersonStream.of("y2").in("adult-social-care", "west", "county-council").by("pr-8")
                        .value("2026-01-06T09:00:00Z", Channel.PHONE).support("2026-01-07T09:00:00Z", 90, false)
                        .closed("2026-01-08T09:00:00Z"),
                // closed 31 January 23:00; z1 comes back exactly 90 days later, z2 one second after that
                PersonStream.of("z1").in("housing", "lettings", "district-council")
                        .value("2026-01-02T09:00:00Z", Channel.PHONE).closed("2026-01-31T23:00:00Z").value("2026-05-01T23:00:00Z", Channel.PHONE),
                PersonStream.of("z2").in("housing", "lettings", "district-council")
                        .value("2026-01-02T09:00:00Z", Channel.PHONE).closed("2026-01-31T23:00:00Z").value("2026-05-01T23:00:01Z", Channel.PHONE));
    }

    private static CountCohortMeasures.Measures count(CohortFilter.Checked filter, int returnWindowDays) {
        return count.count(filter, returnWindowDays, AS_OF);
    }

    @AfterAll
    static void close() {
        db.close();
    }

    private static CohortFilter.Checked filter(String json) {
        return Filters.of(json);
    }

    @Test
    void eachCohortsPerPersonMeansAndReturnRate() {
        assertThat(count(filter("{\"team\": \"east\"}"), 90))
                .isEqualTo(new CountCohortMeasures.Measures(3, 1.0, 2.0, 1.0, 1.0, 0.75, 0.5, 2, 1, 1, 0, null));
        assertThat(count(filter("{\"team\": \"west\"}"), 90))
                .isEqualTo(new CountCohortMeasures.Measures(2, 0.5, 1.0, 0.5, 1.0, 0.5, 0.0, 3, 0, 3, 0, null));
    }

    @Test
    void theChangeIsThePercentChangeFromAToB() {
        CountCohortMeasures.Change change = CountCohortMeasures.Change.between(
                count(filter("{\"team\": \"east\"}"), 90), count(filter("{\"team\": \"west\"}"), 90));

        assertThat(change).isEqualTo(new CountCohortMeasures.Change(-33.33, -50.0, -50.0, -50.0, 0.0, -33.33, -100.0));
    }

    @Test
    void anotherReturnWindowIsRecomputedFromTheEpisodesAndContacts() {
        assertThat(count(filter("{\"team\": \"west\"}"), 120).returnRate()).isEqualTo(1.0 / 3);
        assertThat(count(filter("{\"team\": \"east\"}"), 120).returnRate()).isEqualTo(0.5);
        assertThat(count(filter("{\"team\": \"east\"}"), 5).returnRate()).isEqualTo(0.0);
    }

    @Test
    void aContactExactlyAtTheEndOfTheWindowIsAReturnAndOneSecondLaterIsNot() {
        CohortFilter.Checked z = filter("{\"pseudonyms\": [\"" + TestPseudonyms.of("z1") + "\", \"" + TestPseudonyms.of("z2") + "\"]}");

        assertThat(count(z, 90).returnRate()).isEqualTo(0.5);
        assertThat(count(z, 89).returnRate()).isEqualTo(0.0);
        assertThat(count(z, 91).returnRate()).isEqualTo(1.0);
    }

    @Test
    void anEpisodeWhoseWindowHasNotElapsedIsPendingAndLeftOutOfTheRate() {
        // as of 15 February x1's return (30 January) is in, x2's window (closed 10 January) runs to 10 April
        assertThat(count.count(filter("{\"team\": \"east\"}"), 90, Instant.parse("2026-02-15T00:00:00Z")))
                .isEqualTo(new CountCohortMeasures.Measures(3, 1.0, 2.0, 1.0, 1.0, 0.75, 1.0, 2, 1, 0, 1, null));
        // as of 1 June with 120 days: y1 came back 100 days after their first closure, their second (25 April) is
        // pending, y2's window (closed 8 January) ended 8 May
        assertThat(count.count(filter("{\"team\": \"west\"}"), 120, Instant.parse("2026-06-01T00:00:00Z")))
                .isEqualTo(new CountCohortMeasures.Measures(2, 0.5, 1.0, 0.5, 1.0, 0.5, 0.5, 3, 1, 1, 1, null));
    }

    @Test
    void withEveryWindowStillOpenThereIsNoRate() {
        CohortFilter.Checked x2 = filter("{\"pseudonyms\": [\"" + TestPseudonyms.of("x2") + "\"]}");
        assertThat(count.count(x2, 90, Instant.parse("2026-02-15T00:00:00Z")))
                .extracting(CountCohortMeasures.Measures::returnRate, CountCohortMeasures.Measures::closedEpisodes,
                        CountCohortMeasures.Measures::pendingEpisodes)
                .containsExactly(null, 1, 1);
    }

    @Test
    void aWindowEndingAtTheInstantAskedHasElapsed() {
        // x2 closed 10 January 09:00: its 90 days end 10 April 09:00
        CohortFilter.Checked x2 = filter("{\"pseudonyms\": [\"" + TestPseudonyms.of("x2") + "\"]}");
        assertThat(count.count(x2, 90, Instant.parse("2026-04-10T09:00:00Z")).notReturnedEpisodes()).isEqualTo(1);
        assertThat(count.count(x2, 90, Instant.parse("2026-04-10T08:59:59Z")).pendingEpisodes()).isEqualTo(1);
    }

    @Test
    void everyGivenConditionMustHold() {
        assertThat(count(filter("{\"team\": \"east\", \"tag\": \"pilot\"}"), 90).people()).isEqualTo(1);
        assertThat(count(filter("{\"firstContactFrom\": \"2026-01-06\", \"firstContactTo\": \"2026-01-06\"}"), 90).people()).isEqualTo(2);
        assertThat(count(filter("{\"firstContactFrom\": \"2026-01-06T09:00:00Z\", \"firstContactTo\": \"2026-01-07T09:00:00Z\"}"), 90)
                .people()).isEqualTo(2);
        assertThat(count(filter("{\"firstContactFrom\": \"2026-01-05\"}"), 90).people()).isEqualTo(5);
        assertThat(count(filter("{\"pseudonyms\": [\"" + TestPseudonyms.of("x1") + "\", \"" + TestPseudonyms.of("y2") + "\", \""
                + TestPseudonyms.of("nobody") + "\"], \"service\": \"adult-social-care\"}"), 90).people()).isEqualTo(2);
        assertThat(count(filter("{\"service\": \"housing\"}"), 90).people()).isEqualTo(2);
        assertThat(count(filter("{}"), 90).people()).isEqualTo(7);
    }

    @Test
    void aCohortOfNobodyHasNoMeasures() {
        assertThat(count(filter("{\"team\": \"nobody\"}"), 90))
                .isEqualTo(new CountCohortMeasures.Measures(0, null, null, null, null, null, null, 0, 0, 0, 0, null));
        assertThat(count(filter("{\"team\": \"nobody\"}"), 30).returnRate()).isNull();
    }

    @Test
    void malformedFieldsAreNamed() {
        List<InvalidQuery.FieldError> errors = new ArrayList<>();
        CohortFilter.parse(EventJson.read("{\"teams\": \"east\", \"firstContactFrom\": \"soon\", \"pseudonyms\": \"x1\", \"tag\": 3}",
                com.fasterxml.jackson.databind.JsonNode.class), "a.", errors);

        assertThat(errors).extracting(InvalidQuery.FieldError::field)
                .containsExactlyInAnyOrder("a.teams", "a.firstContactFrom", "a.pseudonyms", "a.tag");
    }

    @Test
    void personIdsAreRefusedWithAPointerToPseudonymsAndAPersonIdIsNoPseudonym() {
        List<InvalidQuery.FieldError> errors = new ArrayList<>();
        CohortFilter.parse(EventJson.read("{\"personIds\": [\"x1\"]}", com.fasterxml.jackson.databind.JsonNode.class), "", errors);
        CohortFilter.parse(EventJson.read("{\"pseudonyms\": [\"x1\"]}", com.fasterxml.jackson.databind.JsonNode.class), "b.", errors);

        assertThat(errors).extracting(InvalidQuery.FieldError::field).containsExactly("personIds", "b.pseudonyms");
        assertThat(errors.get(0).message()).contains("use pseudonyms");
    }
}
