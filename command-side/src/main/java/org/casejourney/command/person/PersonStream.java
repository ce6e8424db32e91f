package org.casejourney.command.person;

import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.casejourney.events.PersonEvent;
import org.casejourney.events.RecordedEvent;
import org.springframework.stereotype.Component;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** Reads a person's stream from the event store, oldest first, exactly as recorded. */
@Component
public class PersonStream {

    private final EventStore eventStore;

    PersonStream(EventStore eventStore) {
        this.eventStore = eventStore;
    }

    /**
     * Up to {@code limit} events from {@code fromSequence} on, recorded no later than {@code asOf}
     * (null for all). Reads past snapshots: auditors see every event, not the aggregate's summary.
     */
    public List<RecordedEvent> read(String personId, long fromSequence, int limit, Instant asOf) {
        List<RecordedEvent> events = new ArrayList<>();
        var stream = eventStore.readEvents(personId, fromSequence);
        while (stream.hasNext() && events.size() < limit) {
            DomainEventMessage<?> message = stream.next();
            RecordedEvent recorded = toRecorded(message);
            // filtered rather than cut off: instances' clocks may differ by a little
            if (asOf == null || !recorded.recordedAt().isAfter(asOf)) {
                events.add(recorded);
            }
        }
        return events;
    }

    public List<RecordedEvent> readAll(String personId, Instant asOf) {
        return read(personId, 0, Integer.MAX_VALUE, asOf);
    }

    /** A stored event with the chain hashes its metadata carries (null for events stored before the chain existed). */
    public record Chained(long sequence, RecordedEvent event, String previousHash, String hash, RuntimeException unreadable) {
    }

    /** Every stored event with its chain metadata; an event that cannot be read is reported, not thrown. */
    public List<Chained> readChained(String personId) {
        List<Chained> chained = new ArrayList<>();
        var stream = eventStore.readEvents(personId, 0);
        while (stream.hasNext()) {
            DomainEventMessage<?> message = stream.next();
            try {
                chained.add(new Chained(message.getSequenceNumber(), toRecorded(message),
                        (String) message.getMetaData().get(PersonJourney.PREVIOUS_HASH),
                        (String) message.getMetaData().get(PersonJourney.HASH), null));
            } catch (RuntimeException e) {
                chained.add(new Chained(message.getSequenceNumber(), null, null, null, e));
            }
        }
        return chained;
    }

    private static RecordedEvent toRecorded(DomainEventMessage<?> message) {
        return new RecordedEvent(
                message.getAggregateIdentifier(),
                message.getSequenceNumber(),
                null,
                Instant.parse((String) message.getMetaData().get(PersonJourney.RECORDED_AT)),
                (String) message.getMetaData().get(PersonJourney.RECORDED_BY),
                (PersonEvent) message.getPayload());
    }
}
