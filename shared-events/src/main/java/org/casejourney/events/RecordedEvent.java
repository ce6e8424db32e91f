package org.casejourney.events;

import java.time.Instant;

/**
 * An event as the service stored it: the sender's event plus what the service added. This is the
 * value of every record on the {@code casejourney.events} topic and each item of the auditors' replay.
 *
 * @param sequence       position on the person's stream, from 0
 * @param globalPosition position in the whole event store, when known (the topic always carries it)
 * @param recordedAt     when the service stored it (service clock); "as known at" queries use this
 * @param recordedBy     the principal that posted it
 */
public record RecordedEvent(
        String personId,
        long sequence,
        Long globalPosition,
        Instant recordedAt,
        String recordedBy,
        PersonEvent event) {
}
