package org.casejourney.query.journey;

import org.casejourney.events.CaseOutcome;
import org.casejourney.events.Channel;
import org.casejourney.events.DemandType;
import org.casejourney.events.PersonEvent;
import org.casejourney.events.RecordedEvent;
import org.casejourney.events.ReferralOutcome;
import org.casejourney.events.journey.JourneyFold;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;
import static org.casejourney.events.testing.TestEvents.assessmentCompleted;
import static org.casejourney.events.testing.TestEvents.caseClosed;
import static org.casejourney.events.testing.TestEvents.contactRecorded;
import static org.casejourney.events.testing.TestEvents.eventCorrected;
import static org.casejourney.events.testing.TestEvents.handoffMade;
import static org.casejourney.events.testing.TestEvents.recorded;
import static org.casejourney.events.testing.TestEvents.referralMade;
import static org.casejourney.events.testing.TestEvents.referralResolved;

/** The rows a fold that went on adds: what deriving every row again and comparing finds (docs/performance.md). */
class FactRowsTest {

    private static final Instant START = Instant.parse("2026-01-01T00:00:00Z");
    private static final Instant NOW = Instant.parse("2026-09-01T00:00:00Z");
    private static final Duration WINDOW = JourneyFold.DEFAULT_RETURN_WINDOW;

    @Test
    void theRowsAFoldThatWentOnAddsAreThoseDerivingEveryRowAgainFinds() {
        Random random = new Random(20261207);
        int wentOn = 0;
        int derivedWhole = 0;
        for (int stream = 0; stream < 400; stream++) {
            List<RecordedEvent> events = stream(random, 1 + random.nextInt(40));
            JourneyFold.Tallied fold = JourneyFold.tallied("p", List.of(), WINDOW);
            FactRows rows = FactRows.of(fold.at(NOW));
            for (int from = 0; from < events.size(); ) {
                int to = Math.min(events.size(), from + 1 + random.nextInt(5));
                List<RecordedEvent> part = events.subList(from, to);
                JourneyFold.Tallied goneOn = fold.with(part);
                JourneyFold.Tallied whole = JourneyFold.tallied("p", events.subList(0, to), WINDOW);
                FactRows derived = FactRows.of(whole.at(NOW));
                FactRows added = goneOn == null ? null : FactRows.goneOn(rows, goneOn.at(NOW), part.size());
                if (added != null) {
                    wentOn++;
                    assertSameRows(rows.with(added), derived, "stream " + stream + ", events " + from + "-" + to);
                    assertSameRows(added, derived.addedTo(rows), "stream " + stream + ", events " + from + "-" + to + ", as compared");
                } else {
                    derivedWhole++;
                }
                fold = goneOn != null ? goneOn : whole;
                rows = derived;
                from = to;
            }
        }
        assertThat(wentOn).as("parts whose rows were found by going on").isGreaterThan(500);
        assertThat(derivedWhole).as("parts whose rows had to be derived whole (referrals, corrections, events out of time order)")
                .isGreaterThan(100);
    }

    @Test
    void aReferralOrItsResolutionAmongTheNewEventsMeansTheRowsAreDerivedWhole() {
        List<RecordedEvent> events = List.of(
                recorded(0, contact("c0", START, DemandType.VALUE)),
                recorded(1, referralMade().eventId("r0").occurredAt(START.plusSeconds(60)).service("s").referralId("ref-1").build()),
                recorded(2, referralResolved().eventId("r1").occurredAt(START.plusSeconds(120)).service("s").referralId("ref-1")
                        .outcome(ReferralOutcome.ACCEPTED).build()));
        JourneyFold.Tallied first = JourneyFold.tallied("p", events.subList(0, 1), WINDOW);
        FactRows before = FactRows.of(first.at(NOW));

        JourneyFold.Tallied withReferral = first.with(events.subList(1, 2));
        JourneyFold.Tallied withResolution = withReferral.with(events.subList(2, 3));

        assertThat(FactRows.goneOn(before, withReferral.at(NOW), 1)).isNull();
        assertThat(FactRows.goneOn(FactRows.of(withReferral.at(NOW)), withResolution.at(NOW), 1)).isNull();
        assertThat(FactRows.goneOn(before, first.at(NOW), null)).as("a fold that did not go on").isNull();
    }

    private static void assertSameRows(FactRows actual, FactRows expected, String where) {
        assertThat(actual).as(where).isNotNull();
        assertSameArrays(actual.contacts(), expected.contacts(), where + ": contacts");
        assertThat(actual.contactKeys()).as(where + ": daily keys").isEqualTo(expected.contactKeys());
        assertSameArrays(actual.referrals(), expected.referrals(), where + ": referrals");
        assertSameArrays(actual.handoffs(), expected.handoffs(), where + ": handoffs");
        assertSameArrays(actual.episodes(), expected.episodes(), where + ": episodes");
        assertThat(Arrays.deepEquals(actual.person(), expected.person())).as(where + ": person row %s against %s",
                Arrays.deepToString(actual.person()), Arrays.deepToString(expected.person())).isTrue();
    }

    private static void assertSameArrays(List<Object[]> actual, List<Object[]> expected, String what) {
        assertThat(actual.stream().map(Arrays::deepToString).toList()).as(what)
                .isEqualTo(expected.stream().map(Arrays::deepToString).toList());
    }

    /** Mostly contacts, closures and handoffs in time order; now and then a referral, a resolution, a correction or an earlier time. */
    private static List<RecordedEvent> stream(Random random, int size) {
        List<RecordedEvent> events = new ArrayList<>();
        Instant at = START;
        for (int i = 0; i < size; i++) {
            at = random.nextInt(12) == 0 ? at.minus(Duration.ofDays(random.nextInt(20))) : at.plus(Duration.ofHours(random.nextInt(400)));
            String id = "e" + i;
            String team = "t-" + random.nextInt(4);
            int kind = random.nextInt(20);
            PersonEvent event;
            if (kind < 9) {
                event = contact(id, at, random.nextBoolean() ? DemandType.VALUE : DemandType.FAILURE);
            } else if (kind < 12) {
                event = caseClosed().eventId(id).occurredAt(at).service("s").team(team).outcome(CaseOutcome.NEEDS_MET).build();
            } else if (kind < 15) {
                event = handoffMade().eventId(id).occurredAt(at).service("s").team(team).fromPractitioner("p-" + random.nextInt(3))
                        .toPractitioner("p-" + random.nextInt(3)).toTeam("t-" + random.nextInt(4)).build();
            } else if (kind < 17) {
                event = assessmentCompleted().eventId(id).occurredAt(at).service("s2").team(team).assessmentType("needs")
                        .durationMinutes(random.nextInt(90)).build();
            } else if (kind == 17) {
                event = referralMade().eventId(id).occurredAt(at).service("s").team(team).referralId("ref-" + random.nextInt(3))
                        .toTeam("t-9").build();
            } else if (kind == 18) {
                event = referralResolved().eventId(id).occurredAt(at).service("s").referralId("ref-" + random.nextInt(3))
                        .outcome(ReferralOutcome.DECLINED).build();
            } else {
                event = i == 0 ? contact(id, at, DemandType.VALUE) : eventCorrected("e" + random.nextInt(i)).eventId(id).occurredAt(at)
                        .changes(Map.of("team", "t-7")).reason("wrong team").build();
            }
            events.add(recorded(i, event));
        }
        return events;
    }

    private static PersonEvent contact(String id, Instant at, DemandType demand) {
        return contactRecorded().eventId(id).occurredAt(at).service("s").team("t-" + (id.hashCode() & 3)).practitioner("p-1")
                .channel(Channel.PHONE).demandType(demand).failureCategory(demand == DemandType.FAILURE ? "PROGRESS_CHASING" : null)
                .durationMinutes(10).tags(List.of("tag-" + (id.hashCode() & 1))).build();
    }
}
