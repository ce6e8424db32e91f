package org.casejourney.command.person;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.casejourney.events.RecordedEvent;
import org.springframework.stereotype.Component;

import java.util.ArrayList;
import java.util.List;

/**
 * People's committed streams as stored (personal text sealed), kept between requests so a long stream read again
 * (a series of corrections checked against it, an auditor paging through it) costs a read of its new tail only:
 * streams are append-only and numbered from 0 without gaps, so what is kept is always a prefix of the stream.
 * Bounded by events summed over people, least recently used forgotten first. Holds nothing decrypted: erasure
 * needs nothing from it (the person's keys go, and what is kept can no longer be opened).
 */
@Component
public class StoredStreams {

    /** Events kept at most, summed over people. */
    static final long CACHED_EVENTS = 200_000;

    private final PersonStream personStream;
    private final Counter eventsRead;
    private final Cache<String, List<RecordedEvent>> streams = Caffeine.newBuilder()
            .maximumWeight(CACHED_EVENTS).weigher((String person, List<RecordedEvent> events) -> events.size() + 1).build();

    StoredStreams(PersonStream personStream, MeterRegistry meters) {
        this.personStream = personStream;
        this.eventsRead = Counter.builder("casejourney.streams.events.read")
                .description("Stored events read from the event store for corrections and auditors' replays, beyond those kept").register(meters);
    }

    /** The person's whole committed stream: what is kept, plus the tail recorded since; kept for next time. */
    public List<RecordedEvent> whole(String personId) {
        List<RecordedEvent> kept = streams.getIfPresent(personId);
        long from = kept == null ? 0 : kept.size();
        List<RecordedEvent> tail = personStream.read(personId, from, Integer.MAX_VALUE, null);
        eventsRead.increment(tail.size());
        return keep(personId, kept, tail);
    }

    /**
     * Up to {@code limit} events from {@code fromSequence} on, each recorded no later than {@code asOf} (null for all).
     * From what is kept when the person's stream is kept; otherwise read from the store, and kept when the read
     * began at the stream's start and reached its end.
     */
    public List<RecordedEvent> page(String personId, long fromSequence, int limit, java.time.Instant asOf) {
        List<RecordedEvent> kept = streams.getIfPresent(personId);
        if (kept == null) {
            List<RecordedEvent> read = personStream.read(personId, fromSequence, limit, asOf);
            eventsRead.increment(read.size());
            if (fromSequence == 0 && asOf == null && read.size() < limit) {
                keep(personId, null, read);
            }
            return read;
        }
        List<RecordedEvent> tail = personStream.read(personId, kept.size(), Integer.MAX_VALUE, null);
        eventsRead.increment(tail.size());
        List<RecordedEvent> stream = keep(personId, kept, tail);
        List<RecordedEvent> page = new ArrayList<>(Math.min(limit, stream.size()));
        for (int i = (int) Math.min(fromSequence, stream.size()); i < stream.size() && page.size() < limit; i++) {
            RecordedEvent event = stream.get(i);
            // filtered rather than cut off, as PersonStream.read does: instances' clocks may differ by a little
            if (asOf == null || !event.recordedAt().isAfter(asOf)) {
                page.add(event);
            }
        }
        return page;
    }

    private List<RecordedEvent> keep(String personId, List<RecordedEvent> kept, List<RecordedEvent> tail) {
        if (tail.isEmpty() && kept != null) {
            return kept;
        }
        List<RecordedEvent> all = new ArrayList<>(kept == null ? List.of() : kept);
        all.addAll(tail);
        List<RecordedEvent> stream = List.copyOf(all);
        streams.put(personId, stream);
        return stream;
    }
}
