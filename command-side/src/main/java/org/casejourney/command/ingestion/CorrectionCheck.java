package org.casejourney.command.ingestion;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.casejourney.command.person.PersonStream;
import org.casejourney.command.platform.ApiProblem;
import org.casejourney.command.platform.ApiProblem.FieldError;
import org.casejourney.events.Corrections;
import org.casejourney.events.EventCorrected;
import org.casejourney.events.PersonEvent;
import org.casejourney.events.PersonalData;
import org.casejourney.events.RecordedEvent;
import org.casejourney.events.journey.JourneyFold;
import org.casejourney.events.journey.TimelineEntry;
import org.springframework.stereotype.Component;

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;

/**
 * A correction must leave a valid event behind: apply it to the event as it will then read
 * (stored events and the request's earlier ones) and check the result like a new event. Missing
 * or unamendable targets are the aggregate's to refuse.
 *
 * <p>The check works on the stream as stored, personal text sealed: nothing is decrypted. Sealed
 * fields the correction leaves alone were checked when they were recorded, so they stand in as a
 * placeholder; fields it changes arrive in plain and are checked. Streams of people being
 * corrected are kept (sealed, bounded by events) and only their new tail is read, so a series of
 * corrections against a long stream does not read the stream again each time.
 */
@Component
class CorrectionCheck {

    /** Events of corrected people's streams kept at most, summed over people. */
    static final long CACHED_EVENTS = 200_000;
    private static final String UNCHANGED_SEALED_TEXT = "sealed";

    private final PersonStream personStream;
    private final EventParser parser;
    private final Clock clock;
    private final Counter eventsRead;
    private final Cache<String, List<RecordedEvent>> streams = Caffeine.newBuilder()
            .maximumWeight(CACHED_EVENTS).weigher((String person, List<RecordedEvent> events) -> events.size() + 1).build();

    CorrectionCheck(PersonStream personStream, EventParser parser, Clock clock, MeterRegistry meters) {
        this.personStream = personStream;
        this.parser = parser;
        this.clock = clock;
        this.eventsRead = Counter.builder("casejourney.ingest.corrections.events.read")
                .description("Stored events read to check corrections").register(meters);
    }

    OfPerson of(String personId) {
        return new OfPerson(personId);
    }

    /** The person's committed stream as stored: what is kept, plus the tail recorded since. */
    private List<RecordedEvent> stored(String personId) {
        List<RecordedEvent> kept = streams.getIfPresent(personId);
        long from = kept == null ? 0 : kept.size();
        List<RecordedEvent> tail = personStream.read(personId, from, Integer.MAX_VALUE, null);
        eventsRead.increment(tail.size());
        if (tail.isEmpty() && kept != null) {
            return kept;
        }
        List<RecordedEvent> all = new ArrayList<>(kept == null ? List.of() : kept);
        all.addAll(tail);
        List<RecordedEvent> stream = List.copyOf(all);
        streams.put(personId, stream);
        return stream;
    }

    /** The checks of one person's items in one write. */
    final class OfPerson {
        private final String personId;
        private List<RecordedEvent> stored;

        private OfPerson(String personId) {
            this.personId = personId;
        }

        /** @throws ApiProblem 422 when the corrected event would be invalid */
        void check(PersonEvent event, List<PersonEvent> earlier) {
            if (!(event instanceof EventCorrected correction)) {
                return;
            }
            if (stored == null) {
                stored = stored(personId);
            }
            List<RecordedEvent> stream = new ArrayList<>(stored);
            long next = stream.size();
            for (PersonEvent e : earlier) {
                stream.add(new RecordedEvent(personId, next++, null, clock.instant(), null, e));
            }
            TimelineEntry target = JourneyFold.timeline(stream).stream()
                    .filter(e -> e.eventId().equals(correction.correctsEventId()))
                    .findFirst().orElse(null);
            if (target == null || target.status() == TimelineEntry.Status.AMENDMENT || target.status() == TimelineEntry.Status.RETRACTED) {
                return;
            }
            PersonEvent corrected;
            try {
                corrected = Corrections.apply(PersonalData.map(target.effective(), text -> UNCHANGED_SEALED_TEXT), correction.changes());
            } catch (IllegalArgumentException e) {
                throw ApiProblem.invalidEvent(List.of(new FieldError("changes", "cannot apply to a " + target.type() + ": " + e.getMessage())));
            }
            parser.check(corrected, "changes.");
        }
    }
}
