package org.casejourney.query.cohorts;

import org.casejourney.events.Channel;
import org.casejourney.events.EventJson;
import org.casejourney.events.journey.Scope;
import org.casejourney.query.analytics.FactsDatabase;
import org.casejourney.query.analytics.InvalidQuery;
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
import static org.assertj.core.api.Assertions.within;

/**
 * Cohorts whose people worked with more than one team: scoped, only one team's (or one period's) part counts.
 * <pre>
 * s1 bau (pr-a):      contact 5 Jan, assessment and support 6 Jan (30 min face to face), closed 10 Jan
 *    redesign (pr-b): contact 1 Mar (50 days later: a return), assessment and support 2 Mar (60 min), support 3 Mar
 *                     (30 min face to face), closed 10 Mar
 * s2 redesign (pr-c): contact 5 Mar, assessment and support 6 Mar (60 min face to face), closed 20 Mar
 * s3 bau (pr-d):      contact 7 Jan, assessment 8 Jan, referral 9 Jan, closed 15 Jan, contact 1 Feb (a return), closed 5 Feb
 * </pre>
 * Team redesign (s1, s2), whole journeys: assessments (2 + 1) / 2 = 1.5, people (2 + 1) / 2 = 1.5, hours (120 + 60) / 2 min
 * = 1.5 h, face to face (60/120 + 60/60) / 2 = 0.75, returns 1 of 3 closed. Scoped to team redesign: assessments 1, people 1,
 * hours (90 + 60) / 2 min = 1.25 h, face to face (30/90 + 1) / 2 = 2/3, returns 0 of 2 (s1's first episode was bau's).
 */
class ScopedCohortsTest {

    private static final Instant AS_OF = Instant.parse("2026-12-01T00:00:00Z");

    private static FactsDatabase db;
    private static CountCohortMeasures count;

    @BeforeAll
    static void data() {
        db = new FactsDatabase("analytics_scoped");
        count = new CountCohortMeasures(db.jdbc(), 90, Clock.fixed(AS_OF, ZoneOffset.UTC));
        db.write(
                PersonStream.of("s1").in("adult-social-care", "bau", "county-council").by("pr-a")
                        .value("2026-01-05T09:00:00Z", Channel.PHONE).assessment("2026-01-06T09:00:00Z").support("2026-01-06T10:00:00Z", 30, true)
                        .closed("2026-01-10T09:00:00Z")
                        .in("adult-social-care", "redesign", "county-council").by("pr-b")
                        .value("2026-03-01T09:00:00Z", Channel.PHONE).assessment("2026-03-02T09:00:00Z")
                        .support("2026-03-02T10:00:00Z", 60, false).support("2026-03-03T09:00:00Z", 30, true).closed("2026-03-10T09:00:00Z"),
                PersonStream.of("s2").in("adult-social-care", "redesign", "county-council").by("pr-c")
                        .value("2026-03-05T09:00:00Z", Channel.PHONE).assessment("2026-03-06T09:00:00Z")
                        .support("2026-03-06T10:00:00Z", 60, true).closed("2026-03-20T09:00:00Z"),
                PersonStream.of("s3").in("adult-social-care", "bau", "county-council").by("pr-d")
                        .value("2026-01-07T09:00:00Z", Channel.PHONE).assessment("2026-01-08T09:00:00Z")
                        .referral("2026-01-09T09:00:00Z", "r-1", null, "ot", null, null).closed("2026-01-15T09:00:00Z")
                        .value("2026-02-01T09:00:00Z", Channel.PHONE).closed("2026-02-05T09:00:00Z"));
    }

    @AfterAll
    static void close() {
        db.close();
    }

    private static CohortFilter.Checked filter(String json) {
        return Filters.of(json);
    }

    @Test
    void wholeJourneysCountEveryTeamsWork() {
        CountCohortMeasures.Measures redesign = count.count(filter("{\"team\": \"redesign\"}"), 90, AS_OF);

        assertThat(redesign).isEqualTo(new CountCohortMeasures.Measures(2, 1.5, 1.5, 0.0, 1.5, 0.75, 1.0 / 3, 3, 1, 2, 0, null));
    }

    @Test
    void scopedToATeamOnlyThatTeamsEventsAndEpisodesCount() {
        CountCohortMeasures.Measures redesign = count.count(filter("{\"team\": \"redesign\", \"scope\": {\"team\": \"redesign\"}}"), 90, AS_OF);

        assertThat(redesign.people()).isEqualTo(2);
        assertThat(redesign.assessments()).isEqualTo(1.0);
        assertThat(redesign.peopleInvolved()).isEqualTo(1.0);
        assertThat(redesign.totalHours()).isCloseTo(1.25, within(1e-12));
        assertThat(redesign.faceToFaceShare()).isCloseTo(2.0 / 3, within(1e-12));
        assertThat(redesign).extracting(CountCohortMeasures.Measures::closedEpisodes, CountCohortMeasures.Measures::returnedEpisodes,
                CountCohortMeasures.Measures::notReturnedEpisodes, CountCohortMeasures.Measures::returnRate).containsExactly(2, 0, 2, 0.0);
        assertThat(redesign.scope()).isEqualTo(new Scope(null, "redesign", null, null));
    }

    @Test
    void scopedToAPeriodOnlyItsEventsAndTheEpisodesClosedInItCount() {
        CountCohortMeasures.Measures march = count.count(filter("{\"scope\": {\"from\": \"2026-03-01\", \"to\": \"2026-03-31\"}}"), 90, AS_OF);

        // everyone is chosen; s1's and s2's March assessments count, s3 had none then
        assertThat(march.people()).isEqualTo(3);
        assertThat(march.assessments()).isCloseTo(2.0 / 3, within(1e-12));
        assertThat(march.closedEpisodes()).isEqualTo(2);
        assertThat(march.referrals()).isEqualTo(0.0);
    }

    @Test
    void aScopeCoveringEverythingGivesTheWholeJourneysFigures() {
        CountCohortMeasures.Measures whole = count.count(filter("{}"), 90, AS_OF);
        CountCohortMeasures.Measures scoped = count.count(filter("{\"scope\": {\"service\": \"adult-social-care\"}}"), 90, AS_OF);

        assertThat(scoped).usingRecursiveComparison().ignoringFields("scope").isEqualTo(whole);
    }

    @Test
    void peopleInBothCohortsAreCountedAndCanBeLeftOutOfBoth() {
        CohortFilter.Checked bau = filter("{\"team\": \"bau\"}");
        CohortFilter.Checked redesign = filter("{\"team\": \"redesign\"}");

        assertThat(count.overlap(bau, redesign)).isEqualTo(1);
        assertThat(count.count(bau, redesign, 90, AS_OF).people()).isEqualTo(1);
        assertThat(count.count(redesign, bau, 90, AS_OF).assessments()).isEqualTo(1.0); // s2 alone
    }

    @Test
    void aMalformedScopeIsRefusedNamingEachField() {
        List<InvalidQuery.FieldError> errors = new ArrayList<>();
        CohortFilter.parse(EventJson.read("{\"scope\": {\"teams\": \"x\", \"from\": \"soon\"}}", com.fasterxml.jackson.databind.JsonNode.class),
                "b.", errors);
        CohortFilter.parse(EventJson.read("{\"scope\": {}}", com.fasterxml.jackson.databind.JsonNode.class), "a.", errors);

        assertThat(errors).extracting(InvalidQuery.FieldError::field).containsExactlyInAnyOrder("b.scope.teams", "b.scope.from", "a.scope");
    }
}
