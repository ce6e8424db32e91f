package org.casejourney.command.person;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.casejourney.events.RecordedEvent;
import org.springframework.stereotype.Component;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * People's committed streams as stored (personal text sealed), kept between requests so a long stream read again
 * (a series of corrections checked against it, an auditor paging through it) costs a read of its new tail only:
 * streams are append-only and numbered from 0 without gaps, so what is kept is always a prefix of the stream.
 * Bounded by events summed over people, least recently used forgotten first. Holds nothing decrypted: erasure
 * needs nothing from it (the person's keys go, and what is kept can no longer be opened). Each kept stream keeps
 * which of its events were read through an upcaster, and their recorded versions, so a replay from it can say so.
 */
@Component
public class StoredStreams {

    /** Events kept at most, summed over people. */
    static final long CACHED_EVENTS = 200_000;

    private final PersonStream personStream;
    private final Counter eventsRead;
    private final Cache<String, PersonStream.Stretch> streams = Caffeine.newBuilder().executor(Runnable::run) // upkeep here, no thread woken
            .maximumWeight(CACHED_EVENTS).weigher((String person, PersonStream.Stretch kept) -> kept.events().size() + 1).build();

    StoredStreams(PersonStream personStream, MeterRegistry meters) {
        this.personStream = personStream;
        this.eventsRead = Counter.builder("casejourney.streams.events.read")
                .description("Stored events read from the event store for corrections and auditors' replays, beyond those kept").register(meters);
    }

    /** The person's whole committed stream: what is kept, plus the tail recorded since; kept for next time. */
    public List<RecordedEvent> whole(String personId) {
        PersonStream.Stretch kept = streams.getIfPresent(personId);
        long from = kept == null ? 0 : kept.events().size();
        PersonStream.Stretch tail = personStream.readStretch(personId, from, Integer.MAX_VALUE, null);
        eventsRead.increment(tail.events().size());
        return keep(personId, kept, tail).events();
    }

    /**
     * Up to {@code limit} events from {@code fromSequence} on, each recorded no later than {@code asOf} (null for all),
     * with the versions those read through an upcaster were recorded in.
     * From what is kept when the person's stream is kept; otherwise read from the store, and kept when the read
     * began at the stream's start and reached its end.
     */
    public PersonStream.Stretch page(String personId, long fromSequence, int limit, java.time.Instant asOf) {
        PersonStream.Stretch kept = streams.getIfPresent(personId);
        if (kept == null) {
            PersonStream.Stretch read = personStream.readStretch(personId, fromSequence, limit, asOf);
            eventsRead.increment(read.events().size());
            if (fromSequence == 0 && asOf == null && read.events().size() < limit) {
                keep(personId, null, read);
            }
            return read;
        }
        PersonStream.Stretch tail = personStream.readStretch(personId, kept.events().size(), Integer.MAX_VALUE, null);
        eventsRead.increment(tail.events().size());
        PersonStream.Stretch stream = keep(personId, kept, tail);
        List<RecordedEvent> page = new ArrayList<>(Math.min(limit, stream.events().size()));
        Map<Long, String> versions = stream.recordedVersions().isEmpty() ? Map.of() : new HashMap<>();
        for (int i = (int) Math.min(fromSequence, stream.events().size()); i < stream.events().size() && page.size() < limit; i++) {
            RecordedEvent event = stream.events().get(i);
            // filtered rather than cut off, as PersonStream.read does: instances' clocks may differ by a little
            if (asOf == null || !event.recordedAt().isAfter(asOf)) {
                page.add(event);
                String version = stream.recordedVersions().get(event.sequence());
                if (version != null) {
                    versions.put(event.sequence(), version);
                }
            }
        }
        return new PersonStream.Stretch(page, versions);
    }

    private PersonStream.Stretch keep(String personId, PersonStream.Stretch kept, PersonStream.Stretch tail) {
        if (tail.events().isEmpty() && kept != null) {
            return kept;
        }
        List<RecordedEvent> all = new ArrayList<>(kept == null ? List.of() : kept.events());
        all.addAll(tail.events());
        Map<Long, String> versions = kept == null ? tail.recordedVersions() : kept.recordedVersions();
        if (kept != null && !tail.recordedVersions().isEmpty()) {
            versions = new HashMap<>(kept.recordedVersions());
            versions.putAll(tail.recordedVersions());
        }
        PersonStream.Stretch stream = new PersonStream.Stretch(List.copyOf(all), Map.copyOf(versions));
        streams.put(personId, stream);
        return stream;
    }
}
