package org.casejourney.events.journey;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.statistics.Statistics;
import net.jqwik.api.Tuple;
import net.jqwik.api.Tuple.Tuple2;
import org.casejourney.events.CaseOutcome;
import org.casejourney.events.Channel;
import org.casejourney.events.ContactRecorded;
import org.casejourney.events.DemandType;
import org.casejourney.events.FailureCategories;
import org.casejourney.events.PersonEvent;
import org.casejourney.events.RecordedEvent;
import org.casejourney.events.ReferralOutcome;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.casejourney.events.testing.TestEvents.assessmentCompleted;
import static org.casejourney.events.testing.TestEvents.caseClosed;
import static org.casejourney.events.testing.TestEvents.contactRecorded;
import static org.casejourney.events.testing.TestEvents.eventCorrected;
import static org.casejourney.events.testing.TestEvents.eventRetracted;
import static org.casejourney.events.testing.TestEvents.handoffMade;
import static org.casejourney.events.testing.TestEvents.referralMade;
import static org.casejourney.events.testing.TestEvents.referralResolved;
import static org.casejourney.events.testing.TestEvents.supportDelivered;

/** Kafka may redeliver and projections may replay in any order: the journey must not care. */
class JourneyFoldPropertyTest {

    private static final Instant START = Instant.parse("2026-01-01T00:00:00Z");
    private static final Instant NOW = Instant.parse("2026-09-01T00:00:00Z");
    private static final String SERVICE = "adult-social-care";
    private static final Duration WINDOW = JourneyFold.DEFAULT_RETURN_WINDOW;

    /** What to record at one position of the stream; the numbers pick times, targets and variants. */
    record Step(int kind, int hours, int pick, int variant) {
    }

    @Property(tries = 200)
    void anyOrderWithAnyRedeliveryGivesTheSameJourney(
            @ForAll("streamsAsDelivered") Tuple2<List<RecordedEvent>, List<RecordedEvent>> storedAndDelivered) {
        Journey asStored = JourneyFold.fold("person-1", storedAndDelivered.get1(), NOW);

        Journey asDelivered = JourneyFold.fold("person-1", storedAndDelivered.get2(), NOW);

        assertThat(asDelivered).isEqualTo(asStored);
        collectCoverage(storedAndDelivered, asStored);
    }

    /**
     * A fold that goes on from an earlier one ({@link JourneyFold.Tallied#with}) gives what folding the whole stream
     * gives, at every instant, whenever it goes on at all; and the earlier fold is left as it was.
     */
    @Property(tries = 300)
    void aFoldThatGoesOnWithLaterEventsGivesTheFoldOfTheWholeStream(@ForAll("streamsInParts") List<List<RecordedEvent>> parts) {
        List<RecordedEvent> soFar = new ArrayList<>();
        JourneyFold.Tallied tallied = JourneyFold.tallied("person-1", List.of(), WINDOW);
        int wentOn = 0;
        for (List<RecordedEvent> part : parts) {
            soFar.addAll(part);
            Journey earlierBefore = tallied.at(NOW);
            JourneyFold.Tallied goneOn = tallied.with(part);
            JourneyFold.Tallied whole = JourneyFold.tallied("person-1", soFar, WINDOW);
            assertThat(tallied.at(NOW)).isEqualTo(earlierBefore);
            if (goneOn != null) {
                wentOn++;
                for (Instant at : List.of(NOW, START.plus(Duration.ofDays(30)), NOW.plus(Duration.ofDays(400)))) {
                    assertThat(goneOn.at(at)).isEqualTo(whole.at(at));
                }
            }
            tallied = goneOn != null ? goneOn : whole;
        }
        assertThat(tallied.at(NOW)).isEqualTo(JourneyFold.fold("person-1", soFar, NOW, WINDOW));
        Statistics.label("went on").collect(wentOn > 0);
        Statistics.label("went on").coverage(coverage -> coverage.check(true).percentage(p -> p >= 30));
        Statistics.label("returned").collect(tallied.at(NOW).returned());
        Statistics.label("returned").coverage(coverage -> coverage.check(true).percentage(p -> p >= 5));
    }

    /**
     * Streams in parts, as a projection meets them batch by batch: most in time order (so that folds can go on), some
     * not; a part may repeat an earlier event.
     */
    @Provide
    Arbitrary<List<List<RecordedEvent>>> streamsInParts() {
        // fewer corrections and retractions than below: most parts can then go on
        Arbitrary<Step> step = steps(Arbitraries.frequency(Tuple.of(8, 0), Tuple.of(1, 1), Tuple.of(1, 2), Tuple.of(1, 3), Tuple.of(4, 4),
                Tuple.of(1, 5), Tuple.of(1, 6), Tuple.of(1, 7), Tuple.of(1, 8)));
        Arbitrary<List<RecordedEvent>> streams = Combinators.combine(step.list().ofMinSize(1).ofMaxSize(40), Arbitraries.integers().between(0, 3))
                .as((steps, order) -> stream(order == 0 ? steps : inTimeOrder(steps)));
        return streams.flatMap(stream -> Arbitraries.integers().between(1, 6).list().ofMinSize(1).ofMaxSize(12).map(sizes -> {
            List<List<RecordedEvent>> parts = new ArrayList<>();
            int from = 0;
            for (int i = 0; from < stream.size(); i++) {
                int to = Math.min(stream.size(), from + sizes.get(i % sizes.size()));
                List<RecordedEvent> part = new ArrayList<>(stream.subList(from, to));
                if (from > 0 && sizes.get(i % sizes.size()) == 6) {
                    part.add(stream.get(from - 1)); // redelivered
                }
                parts.add(part);
                from = to;
            }
            return parts;
        }));
    }

    /** The same steps at times that only grow, so that each event happens no earlier than those before it. */
    private static List<Step> inTimeOrder(List<Step> steps) {
        List<Integer> hours = steps.stream().map(Step::hours).sorted().toList();
        List<Step> ordered = new ArrayList<>();
        for (int i = 0; i < steps.size(); i++) {
            Step s = steps.get(i);
            ordered.add(new Step(s.kind(), hours.get(i), s.pick(), s.variant()));
        }
        return ordered;
    }

    /** Fails the property when the generator stops producing the cases it exists for. */
    private static void collectCoverage(Tuple2<List<RecordedEvent>, List<RecordedEvent>> storedAndDelivered, Journey journey) {
        Statistics.label("redelivered").collect(storedAndDelivered.get2().size() > storedAndDelivered.get1().size());
        Statistics.label("corrected").collect(journey.timeline().stream().anyMatch(e -> e.status() == TimelineEntry.Status.CORRECTED));
        Statistics.label("retracted").collect(journey.timeline().stream().anyMatch(e -> e.status() == TimelineEntry.Status.RETRACTED));
        Statistics.label("several episodes").collect(journey.episodes().size() > 1);
        Statistics.label("returned").collect(journey.returned());
        for (String label : List.of("redelivered", "corrected", "retracted", "several episodes", "returned")) {
            Statistics.label(label).coverage(coverage -> coverage.check(true).percentage(p -> p >= 5));
        }
    }

    @Provide
    Arbitrary<Tuple2<List<RecordedEvent>, List<RecordedEvent>>> streamsAsDelivered() {
        // contacts and closures most often, so that episodes and returns are common
        Arbitrary<Step> step = steps(Arbitraries.frequency(Tuple.of(6, 0), Tuple.of(1, 1), Tuple.of(1, 2), Tuple.of(1, 3), Tuple.of(3, 4),
                Tuple.of(1, 5), Tuple.of(1, 6), Tuple.of(2, 7), Tuple.of(2, 8)));
        return step.list().ofMinSize(1).ofMaxSize(30)
                .map(JourneyFoldPropertyTest::stream)
                .flatMap(stored -> Arbitraries.integers().between(0, stored.size() - 1).list().ofMaxSize(10)
                        .flatMap(redelivered -> {
                            List<RecordedEvent> delivered = new ArrayList<>(stored);
                            redelivered.forEach(i -> delivered.add(stored.get(i)));
                            return Arbitraries.shuffle(delivered);
                        })
                        .map(delivered -> Tuple.of(stored, delivered)));
    }

    /** Steps of the given kinds, at any of 4,000 hours, with any target and variant. */
    private static Arbitrary<Step> steps(Arbitrary<Integer> kinds) {
        return Combinators.combine(kinds, Arbitraries.integers().between(0, 4000), Arbitraries.integers().between(0, 999),
                Arbitraries.integers().between(0, 4)).as(Step::new);
    }

    static List<RecordedEvent> stream(List<Step> steps) {
        List<PersonEvent> events = new ArrayList<>();
        for (Step step : steps) {
            int i = events.size();
            String id = "e" + i;
            Instant at = START.plus(Duration.ofHours(step.hours()));
            PersonEvent earlier = i == 0 ? null : events.get(step.pick() % i);
            PersonEvent event = switch (step.kind()) {
                case 1 -> referralMade().eventId(id).occurredAt(at).service(SERVICE).team("t-" + step.pick() % 3)
                        .practitioner("p-" + step.pick() % 4).referralId("ref-" + step.pick() % 3).fromTeam("t-0")
                        .toTeam("t-" + step.variant() % 3).toOrganisation("org-" + step.variant() % 2).build();
                case 2 -> referralResolved().eventId(id).occurredAt(at).service(SERVICE).practitioner("p-" + step.pick() % 4)
                        .referralId("ref-" + step.pick() % 3).outcome(ReferralOutcome.values()[step.variant() % 3]).build();
                case 3 -> assessmentCompleted().eventId(id).occurredAt(at).service(SERVICE).team("t-1")
                        .practitioner("p-" + step.pick() % 4).assessmentType("needs").durationMinutes(step.pick() % 120)
                        .faceToFace(step.variant() == 0 ? null : step.variant() % 2 == 0).build();
                case 4 -> caseClosed().eventId(id).occurredAt(at).service(SERVICE)
                        .outcome(CaseOutcome.values()[step.variant() % CaseOutcome.values().length]).build();
                case 5 -> handoffMade().eventId(id).occurredAt(at).service(SERVICE).fromPractitioner("p-" + step.pick() % 4)
                        .toPractitioner("p-" + step.variant()).toTeam("t-" + step.variant() % 3).build();
                case 6 -> supportDelivered().eventId(id).occurredAt(at).service(SERVICE).practitioner("p-" + step.pick() % 5)
                        .activity("personal-care").durationMinutes(step.pick() % 90).faceToFace(step.variant() % 2 == 0).build();
                case 7 -> earlier == null ? contact(id, at, step) : eventCorrected(earlier.eventId()).eventId(id).occurredAt(at)
                        .changes(changes(earlier, step)).reason("corrected").build();
                case 8 -> earlier == null ? contact(id, at, step) : eventRetracted(earlier.eventId()).eventId(id).occurredAt(at)
                        .reason("retracted").build();
                default -> contact(id, at, step);
            };
            events.add(event);
        }
        List<RecordedEvent> recorded = new ArrayList<>();
        for (PersonEvent event : events) {
            long sequence = recorded.size();
            recorded.add(new RecordedEvent("person-1", sequence, 500 + sequence, START.plus(Duration.ofMinutes(sequence)), "system", event));
        }
        return recorded;
    }

    private static ContactRecorded contact(String id, Instant at, Step step) {
        boolean failure = step.variant() % 2 == 1;
        return contactRecorded().eventId(id).occurredAt(at).service(SERVICE).team("t-" + step.pick() % 3)
                .practitioner("p-" + step.pick() % 4).channel(Channel.values()[step.pick() % Channel.values().length])
                .demandType(failure ? DemandType.FAILURE : DemandType.VALUE)
                .failureCategory(failure ? FailureCategories.STANDARD.get(step.pick() % FailureCategories.STANDARD.size()) : null)
                .durationMinutes(step.pick() % 60).faceToFace(step.variant() == 4 ? Boolean.TRUE : null).build();
    }

    /** Changes the fold will find valid for the target, so that it can be applied. */
    private static Map<String, Object> changes(PersonEvent target, Step step) {
        Map<String, Object> changes = new HashMap<>();
        String newTime = START.plus(Duration.ofHours(step.pick() * 4L)).toString();
        if (target instanceof ContactRecorded) {
            switch (step.variant()) {
                case 0 -> {
                    changes.put("demandType", "FAILURE");
                    changes.put("failureCategory", FailureCategories.REPEAT_CONTACT);
                }
                case 1 -> {
                    changes.put("demandType", "VALUE");
                    changes.put("failureCategory", null);
                }
                case 2 -> changes.put("durationMinutes", step.pick() % 60);
                case 3 -> changes.put("occurredAt", newTime);
                default -> changes.put("faceToFace", step.pick() % 2 == 0);
            }
        } else {
            switch (step.variant()) {
                case 0, 4 -> changes.put("occurredAt", newTime);
                case 1 -> changes.put("practitioner", "p-" + step.pick() % 6);
                case 2 -> changes.put("team", "t-" + step.pick() % 4);
                default -> changes.put("practitioner", null);
            }
        }
        return changes;
    }
}
