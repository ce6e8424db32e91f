package org.casejourney.command.person;

import org.axonframework.eventhandling.DomainEventData;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.casejourney.command.platform.PrefetchingEventStorageEngine;
import org.casejourney.command.platform.StoredForms;
import org.casejourney.events.EventJson;
import org.casejourney.events.PersonEvent;
import org.casejourney.events.RecordedEvent;
import org.springframework.stereotype.Component;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Reads a person's stream from the event store, oldest first, as recorded: an event stored in an older form is
 * read through its upcasters into today's record, and says which version it was recorded in.
 */
@Component
public class PersonStream {

    private final EventStore eventStore;
    private final PrefetchingEventStorageEngine storage;

    PersonStream(EventStore eventStore, PrefetchingEventStorageEngine storage) {
        this.eventStore = eventStore;
        this.storage = storage;
    }

    /** Events read from a stream, and by sequence the version each one read through an upcaster was recorded in (usually none). */
    public record Stretch(List<RecordedEvent> events, Map<Long, String> recordedVersions) {
    }

    /**
     * Up to {@code limit} events from {@code fromSequence} on, recorded no later than {@code asOf}
     * (null for all). Reads past snapshots: auditors see every event, not the aggregate's summary.
     */
    public Stretch readStretch(String personId, long fromSequence, int limit, Instant asOf) {
        List<RecordedEvent> events = new ArrayList<>();
        Map<Long, String> versions = Map.of();
        var stream = eventStore.readEvents(personId, fromSequence);
        while (stream.hasNext() && events.size() < limit) {
            DomainEventMessage<?> message = stream.next();
            RecordedEvent recorded = toRecorded(message);
            // filtered rather than cut off: instances' clocks may differ by a little
            if (asOf == null || !recorded.recordedAt().isAfter(asOf)) {
                events.add(recorded);
                String version = StoredForms.recordedVersion(message);
                if (version != null) {
                    versions = versions.isEmpty() ? new HashMap<>() : versions;
                    versions.put(recorded.sequence(), version);
                }
            }
        }
        return new Stretch(events, versions);
    }

    public List<RecordedEvent> read(String personId, long fromSequence, int limit, Instant asOf) {
        return readStretch(personId, fromSequence, limit, asOf).events();
    }

    public List<RecordedEvent> readAll(String personId, Instant asOf) {
        return read(personId, 0, Integer.MAX_VALUE, asOf);
    }

    /**
     * A stored event with the chain hashes its metadata carries (null for events stored before the chain existed),
     * read as today's record, and its payload exactly as stored, which the chain covers.
     */
    public record Chained(long sequence, RecordedEvent event, String storedPayload, String previousHash, String hash,
                          RuntimeException unreadable) {

        /** This event's hash recomputed from its row as stored, following {@code previous}. */
        public String hashFollowing(String previous) {
            return StreamHash.ofStored(previous, event.personId(), sequence, event.recordedAt(), event.recordedBy(), storedPayload);
        }
    }

    /** Every stored event with its chain metadata; an event that cannot be read is reported, not thrown. */
    public List<Chained> readChained(String personId) {
        List<Chained> chained = new ArrayList<>();
        try (Stream<PrefetchingEventStorageEngine.Stored> rows = storage.stored(personId)) {
            rows.forEach(stored -> {
                DomainEventMessage<?> message = stored.message();
                try {
                    chained.add(new Chained(message.getSequenceNumber(), toRecorded(message), payloadAsStored(stored.row()),
                            (String) message.getMetaData().get(PersonJourney.PREVIOUS_HASH),
                            (String) message.getMetaData().get(PersonJourney.HASH), null));
                } catch (RuntimeException e) {
                    chained.add(new Chained(stored.row().getSequenceNumber(), null, null, null, null, e));
                }
            });
        }
        return chained;
    }

    private static String payloadAsStored(DomainEventData<?> row) {
        if (!(row.getPayload().getData() instanceof byte[] bytes)) {
            throw new IllegalStateException("the event store is configured to keep payloads as bytes, not " + row.getPayload().getContentType());
        }
        return new String(bytes, StandardCharsets.UTF_8);
    }

    private static RecordedEvent toRecorded(DomainEventMessage<?> message) {
        return new RecordedEvent(
                message.getAggregateIdentifier(),
                message.getSequenceNumber(),
                null,
                EventJson.parseInstant((String) message.getMetaData().get(PersonJourney.RECORDED_AT)),
                (String) message.getMetaData().get(PersonJourney.RECORDED_BY),
                (PersonEvent) message.getPayload());
    }
}
