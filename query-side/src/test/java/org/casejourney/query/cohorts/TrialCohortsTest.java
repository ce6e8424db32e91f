package org.casejourney.query.cohorts;

import org.casejourney.events.Channel;
import org.casejourney.query.analytics.FactsDatabase;
import org.casejourney.query.analytics.PersonStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/**
 * A seeded dataset built to mirror the trial in domain.md: 32 people with business as usual (a, team
 * bau-east) and 32 with the redesigned team (b, team redesign-west), all tagged trial-2026. By hand:
 * <pre>
 * measure          a (per person)                           b (per person)                          change
 * assessments      4 × 4 + 28 × 3 = 100 / 32 = 3.125        4 × 2 + 28 × 1 = 36 / 32 = 1.125        -64 %
 * people involved  4 × 4 + 28 × 3 = 100 / 32 = 3.125        4 × 3 + 28 × 2 = 68 / 32 = 2.125        -32 %
 * referrals        4 × 4 + 28 × 3 = 100 / 32 = 3.125        27 × 2 + 5 × 1 = 59 / 32 = 1.84375      -41 %
 * total minutes    600 + 31 × 650 = 20750 (10.807 h each)   485 + 31 × 560 = 17845 (9.294 h each)    -14 %
 * face to face     46 % of every person's minutes           60 % of every person's minutes          +30.43 % (46 % to 60 %)
 * returns          22 of 31 closed episodes = 70.97 %       0 of 32                                  -100 % (71 % to 0 %)
 *                  (9 not returned, 0 pending)              (32 not returned, 0 pending)
 * </pre>
 * Censoring, stated: read as of 30 June 2026 every window has elapsed, so no episode is pending. Read on
 * 10 April, before any window had run out, a's 22 returns are in (30 days after closure) and its other 9
 * episodes pending, and all 32 of b's are pending: b's rate is unknown, not 0 %.
 * Returns come 30 days after closure, so a 20-day window finds none in either cohort.
 */
class TrialCohortsTest {

    private static final Instant START = Instant.parse("2026-02-02T09:00:00Z");
    /** The trial's table is read once every closure's 90 days have run (the last closes in early March). */
    private static final Instant AS_OF = Instant.parse("2026-06-30T00:00:00Z");

    private static FactsDatabase db;
    private static CountCohortMeasures count;

    @BeforeAll
    static void data() {
        db = new FactsDatabase("analytics_trial");
        count = new CountCohortMeasures(db.jdbc(), 90, Clock.fixed(AS_OF, ZoneOffset.UTC));
        List<PersonStream> people = new ArrayList<>();
        for (int i = 0; i < 32; i++) {
            people.add(person("bau-" + i, "bau-east", i < 4 ? 4 : 3, i < 4 ? 4 : 3, i < 4 ? 4 : 3, i == 0 ? 600 : 650, i < 31, i < 22));
            people.add(person("new-" + i, "redesign-west", i < 4 ? 2 : 1, i < 4 ? 3 : 2, i < 27 ? 2 : 1, i == 0 ? 485 : 560, true, false));
        }
        db.write(people.toArray(PersonStream[]::new));
    }

    @AfterAll
    static void close() {
        db.close();
    }

    /** A person seen by {@code practitioners} people, face to face for 46 % (business as usual) or 60 % (redesign) of the minutes. */
    private static PersonStream person(String id, String team, int assessments, int practitioners, int referrals, int minutes,
                                       boolean closed, boolean returns) {
        int faceToFace = team.equals("bau-east") ? minutes * 46 / 100 : minutes * 60 / 100;
        PersonStream stream = PersonStream.of(id).in("adult-social-care", team, "county-council").tagged("trial-2026");
        Instant at = START;
        int step = 0;
        stream.by(id + "-pr-0").value(at.toString(), Channel.PHONE);
        for (int a = 0; a < assessments; a++) {
            at = at.plus(1, ChronoUnit.DAYS);
            stream.by(id + "-pr-" + (++step % practitioners)).assessment(at.toString());
        }
        for (int r = 0; r < referrals; r++) {
            at = at.plus(1, ChronoUnit.DAYS);
            stream.by(id + "-pr-" + (++step % practitioners)).referral(at.toString(), "r-" + r, null, "community-health", null, null);
        }
        for (int p = step + 1; p < practitioners; p++) { // everyone named at least once
            at = at.plus(1, ChronoUnit.HOURS);
            stream.by(id + "-pr-" + p).support(at.toString(), 0, false);
        }
        stream.by(id + "-pr-0").support(at.plus(1, ChronoUnit.DAYS).toString(), faceToFace, true)
                .support(at.plus(2, ChronoUnit.DAYS).toString(), minutes - faceToFace, false);
        Instant closedAt = at.plus(20, ChronoUnit.DAYS);
        if (closed) {
            stream.closed(closedAt.toString());
        }
        if (returns) {
            stream.value(closedAt.plus(30, ChronoUnit.DAYS).toString(), Channel.PHONE);
        }
        return stream;
    }

    private static CohortFilter.Checked filter(String json) {
        return Filters.of(json);
    }

    @Test
    void theComparisonReproducesTheTrialTable() {
        CountCohortMeasures.Measures a = count.count(filter("{\"team\": \"bau-east\", \"tag\": \"trial-2026\"}"), 90, AS_OF);
        CountCohortMeasures.Measures b = count.count(filter("{\"team\": \"redesign-west\", \"tag\": \"trial-2026\"}"), 90, AS_OF);
        CountCohortMeasures.Change change = CountCohortMeasures.Change.between(a, b);

        assertThat(a.people()).isEqualTo(32);
        assertThat(b.people()).isEqualTo(32);
        assertThat(a.assessments()).isEqualTo(3.125);
        assertThat(b.assessments()).isEqualTo(1.125);
        assertThat(a.peopleInvolved()).isEqualTo(3.125);
        assertThat(b.peopleInvolved()).isEqualTo(2.125);
        assertThat(a.referrals()).isEqualTo(3.125);
        assertThat(b.referrals()).isEqualTo(1.84375);
        assertThat(a.totalHours()).isCloseTo(20750.0 / 32 / 60, within(1e-9));
        assertThat(b.totalHours()).isCloseTo(17845.0 / 32 / 60, within(1e-9));
        assertThat(a.faceToFaceShare()).isCloseTo(0.46, within(1e-9));
        assertThat(b.faceToFaceShare()).isCloseTo(0.60, within(1e-9));
        assertThat(a.returnRate()).isCloseTo(22.0 / 31, within(1e-12));
        assertThat(a.closedEpisodes()).isEqualTo(31);
        assertThat(a.returnedEpisodes()).isEqualTo(22);
        assertThat(a.notReturnedEpisodes()).isEqualTo(9);
        assertThat(a.pendingEpisodes()).isZero();
        assertThat(b.returnRate()).isEqualTo(0.0);
        assertThat(b.closedEpisodes()).isEqualTo(32);
        assertThat(b.notReturnedEpisodes()).isEqualTo(32);
        assertThat(b.pendingEpisodes()).isZero();

        assertThat(change).isEqualTo(new CountCohortMeasures.Change(0.0, -64.0, -32.0, -41.0, -14.0, 30.43, -100.0));
    }

    @Test
    void readBeforeAnyWindowHadRunTheRedesignsReturnsAreUnknownNotZero() {
        Instant early = Instant.parse("2026-04-10T00:00:00Z");
        CountCohortMeasures.Measures a = count.count(filter("{\"team\": \"bau-east\", \"tag\": \"trial-2026\"}"), 90, early);
        CountCohortMeasures.Measures b = count.count(filter("{\"team\": \"redesign-west\", \"tag\": \"trial-2026\"}"), 90, early);

        assertThat(a).extracting(CountCohortMeasures.Measures::returnedEpisodes, CountCohortMeasures.Measures::notReturnedEpisodes,
                CountCohortMeasures.Measures::pendingEpisodes, CountCohortMeasures.Measures::returnRate).containsExactly(22, 0, 9, 1.0);
        assertThat(b).extracting(CountCohortMeasures.Measures::returnedEpisodes, CountCohortMeasures.Measures::notReturnedEpisodes,
                CountCohortMeasures.Measures::pendingEpisodes, CountCohortMeasures.Measures::returnRate).containsExactly(0, 0, 32, null);
        assertThat(CountCohortMeasures.Change.between(a, b).returnRate()).isNull();
    }

    @Test
    void aShorterReturnWindowFindsNoReturnsSoTheChangeIsUndefined() {
        CountCohortMeasures.Measures a = count.count(filter("{\"team\": \"bau-east\"}"), 20, AS_OF);
        CountCohortMeasures.Measures b = count.count(filter("{\"team\": \"redesign-west\"}"), 20, AS_OF);

        assertThat(a.returnRate()).isEqualTo(0.0);
        assertThat(CountCohortMeasures.Change.between(a, b).returnRate()).isNull();
    }
}
