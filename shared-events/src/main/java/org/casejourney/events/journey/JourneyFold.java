package org.casejourney.events.journey;

import org.casejourney.events.Corrections;
import org.casejourney.events.EventCorrected;
import org.casejourney.events.EventRetracted;
import org.casejourney.events.PersonEvent;
import org.casejourney.events.PersonalDataErased;
import org.casejourney.events.RecordedEvent;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The pure fold of a person's recorded events into their journey (domain.md, "Measures").
 * Both the command side (journey as of a past instant) and the query side (live journey view)
 * call it, so one definition of every measure serves both.
 *
 * <p>Order of work: events are de-duplicated by event id and put in stream order (so redelivery
 * and arrival order cannot change the answer); corrections and retractions are applied; the
 * events that still count are then read in the order they happened in the world.
 */
public final class JourneyFold {

    public static final Duration DEFAULT_RETURN_WINDOW = Duration.ofDays(90);

    private static final double SECONDS_PER_DAY = 86_400.0;

    private JourneyFold() {
    }

    public static Journey fold(String personId, List<RecordedEvent> recorded, Instant now) {
        return fold(personId, recorded, now, DEFAULT_RETURN_WINDOW);
    }

    public static Journey fold(String personId, List<RecordedEvent> recorded, Instant now, Duration returnWindow) {
        return tallied(personId, recorded, returnWindow).at(now);
    }

    /**
     * A person's events folded as far as they can be without an instant: everything but the measures that depend on
     * when the journey is read (durations to now, whether a return window has elapsed). {@link Tallied#at} finishes
     * the fold at an instant, as often as asked, from any thread: it reads the tally and changes nothing. The journey
     * view keeps one per person, so a read folds only what the instant changes (docs/performance.md).
     */
    public static Tallied tallied(String personId, List<RecordedEvent> recorded, Duration returnWindow) {
        List<TimelineEntry> timeline = timeline(recorded);
        List<PersonEvent> counted = counted(timeline);
        JourneyTally tally = new JourneyTally();
        // a plain loop: the live projection folds each touched person every batch
        for (PersonEvent event : counted) {
            tally.add(event);
        }
        tally.markReturns(counted, returnWindow);
        List<TimelineEntry> placed = inEpisodes(timeline, tally.episodeOf());
        tally.placed();
        long lastSequence = -1;
        for (RecordedEvent r : recorded) {
            lastSequence = Math.max(lastSequence, r.sequence());
        }
        return new Tallied(personId, tally, returnWindow, placed, lastSequence, null);
    }

    /** A fold all but finished: {@link #at} gives the journey at an instant, {@link #with} goes on with later events. */
    public static final class Tallied {
        private final String personId;
        private final JourneyTally tally;
        private final Duration returnWindow;
        private final List<TimelineEntry> placed;
        private final long lastSequence;
        /**
         * The event ids met by this fold, made when it first goes on, and then shared by every fold that goes on from it
         * (each adds its new ids): so it may also hold ids of events this fold never met, which only makes
         * {@link #with} fold again where it need not.
         */
        private Set<String> ids;

        private Tallied(String personId, JourneyTally tally, Duration returnWindow, List<TimelineEntry> placed, long lastSequence,
                        Set<String> ids) {
            this.personId = personId;
            this.tally = tally;
            this.returnWindow = returnWindow;
            this.placed = placed;
            this.lastSequence = lastSequence;
            this.ids = ids;
        }

        /** The journey at {@code now}. */
        public Journey at(Instant now) {
            return tally.journey(personId, now, returnWindow, placed);
        }

        /** The timeline with each counted event's episode: the same at every instant. */
        public List<TimelineEntry> timeline() {
            return placed;
        }

        /**
         * The fold of this fold's events followed by {@code later}, without folding this fold's again, or null when
         * only a fold of the whole stream gives it: when one of {@code later} is not after every event in the stream, is
         * a correction, a retraction or an erasure, repeats an event id, or happened before the latest event counted.
         * Otherwise nothing earlier can change: each later event counts as recorded, goes on the end of the timeline, and
         * is counted after every earlier one, so the tally goes on exactly as a whole fold would count it (docs/performance.md,
         * "A fold that goes on"). This fold is left as it was; it fails as a whole fold would.
         */
        public Tallied with(List<RecordedEvent> later) {
            if (later.isEmpty()) {
                return this;
            }
            List<RecordedEvent> inStreamOrder = later.stream().sorted(Comparator.comparingLong(RecordedEvent::sequence)).toList();
            Set<String> known = ids();
            Set<String> laterIds = new HashSet<>();
            long last = lastSequence;
            for (RecordedEvent r : inStreamOrder) {
                PersonEvent event = r.event();
                if (r.sequence() <= last || event instanceof EventCorrected || event instanceof EventRetracted
                        || event instanceof PersonalDataErased || known.contains(event.eventId()) || !laterIds.add(event.eventId())) {
                    return null;
                }
                last = r.sequence();
            }
            List<PersonEvent> inTimeOrder = inStreamOrder.stream().map(RecordedEvent::event)
                    .sorted(Comparator.comparing(PersonEvent::occurredAt)).toList(); // stable: ties stay in stream order
            Instant latest = tally.lastActivity();
            if (latest != null && inTimeOrder.get(0).occurredAt().isBefore(latest)) {
                return null;
            }
            JourneyTally next = tally.continued();
            for (PersonEvent event : inTimeOrder) {
                next.add(event);
            }
            next.markReturns(inTimeOrder, returnWindow);
            List<TimelineEntry> nextPlaced = new ArrayList<>(placed.size() + inStreamOrder.size());
            nextPlaced.addAll(placed);
            for (RecordedEvent r : inStreamOrder) {
                nextPlaced.add(entry(r, TimelineEntry.Status.ACTIVE, r.event(), List.of(), null, next.episodeOf().get(r.event().eventId())));
            }
            next.placed();
            known.addAll(laterIds);
            return new Tallied(personId, next, returnWindow, nextPlaced, last, known);
        }

        private synchronized Set<String> ids() {
            if (ids == null) {
                ids = ConcurrentHashMap.newKeySet(placed.size() * 2);
                placed.forEach(entry -> ids.add(entry.eventId()));
            }
            return ids;
        }
    }

    /** The events that still count, as corrected, in the order they happened (ties in stream order). */
    private static List<PersonEvent> counted(List<TimelineEntry> timeline) {
        return timeline.stream()
                .filter(e -> e.status() == TimelineEntry.Status.ACTIVE || e.status() == TimelineEntry.Status.CORRECTED)
                .sorted(Comparator.comparing((TimelineEntry e) -> e.effective().occurredAt()).thenComparingLong(TimelineEntry::sequence))
                .map(TimelineEntry::effective)
                .toList();
    }

    /** The timeline with each counted event's episode, as the fold met it (so a tie in time falls as the fold's order puts it). */
    private static List<TimelineEntry> inEpisodes(List<TimelineEntry> timeline, Map<String, Integer> episodeOf) {
        List<TimelineEntry> placed = new ArrayList<>(timeline.size());
        for (TimelineEntry entry : timeline) {
            Integer episode = entry.status() == TimelineEntry.Status.ACTIVE || entry.status() == TimelineEntry.Status.CORRECTED
                    ? episodeOf.get(entry.eventId()) : null;
            placed.add(episode == null ? entry : entry.inEpisode(episode));
        }
        return placed;
    }

    /**
     * The stream in order with each event's fate. A correction applies to the event as already
     * corrected, so several corrections of one event accumulate in stream order. No entry has its
     * episode yet: only the fold places events in episodes ({@code fold(...).timeline()}).
     */
    public static List<TimelineEntry> timeline(List<RecordedEvent> recorded) {
        Map<String, RecordedEvent> byId = new LinkedHashMap<>();
        recorded.stream()
                .sorted(Comparator.comparingLong(RecordedEvent::sequence))
                .forEach(r -> byId.putIfAbsent(r.event().eventId(), r));

        Map<String, PersonEvent> effective = new LinkedHashMap<>();
        Map<String, List<String>> correctedBy = new LinkedHashMap<>();
        Map<String, String> retractedBy = new LinkedHashMap<>();
        for (RecordedEvent r : byId.values()) {
            PersonEvent event = r.event();
            if (event instanceof EventCorrected correction) {
                PersonEvent target = effective.get(correction.correctsEventId());
                if (target != null && !retractedBy.containsKey(correction.correctsEventId())) {
                    effective.put(correction.correctsEventId(), Corrections.apply(target, correction.changes()));
                    correctedBy.computeIfAbsent(correction.correctsEventId(), k -> new ArrayList<>()).add(event.eventId());
                }
            } else if (event instanceof EventRetracted retraction) {
                if (effective.containsKey(retraction.correctsEventId())) {
                    retractedBy.putIfAbsent(retraction.correctsEventId(), event.eventId());
                }
            } else if (!(event instanceof PersonalDataErased)) {
                effective.put(event.eventId(), event);
            }
        }

        return byId.values().stream().map(r -> {
            PersonEvent event = r.event();
            String id = event.eventId();
            TimelineEntry.Status status;
            if (event instanceof EventCorrected || event instanceof EventRetracted) {
                status = TimelineEntry.Status.AMENDMENT;
            } else if (event instanceof PersonalDataErased) {
                status = TimelineEntry.Status.RECORD_KEEPING;
            } else if (retractedBy.containsKey(id)) {
                status = TimelineEntry.Status.RETRACTED;
            } else if (correctedBy.containsKey(id)) {
                status = TimelineEntry.Status.CORRECTED;
            } else {
                status = TimelineEntry.Status.ACTIVE;
            }
            PersonEvent counted = status == TimelineEntry.Status.AMENDMENT || status == TimelineEntry.Status.RECORD_KEEPING
                    ? event : effective.get(id);
            return entry(r, status, counted, correctedBy.getOrDefault(id, List.of()), retractedBy.get(id), null);
        }).toList();
    }

    private static TimelineEntry entry(RecordedEvent r, TimelineEntry.Status status, PersonEvent counted, List<String> correctedBy,
                                       String retractedBy, Integer episode) {
        PersonEvent event = r.event();
        return new TimelineEntry(r.sequence(), event.eventId(), event.type(), counted.occurredAt(), r.recordedAt(), r.recordedBy(),
                status, event, counted, correctedBy, retractedBy, episode);
    }

    static void addIfPresent(Set<String> set, String... values) {
        // a loop, not a stream: the live projection folds each touched person every batch
        for (String v : values) {
            if (v != null && !v.isBlank()) {
                set.add(v);
            }
        }
    }

    static double days(Instant from, Instant to) {
        return Duration.between(from, to).getSeconds() / SECONDS_PER_DAY;
    }
}
