package org.casejourney.command.person;

import org.axonframework.modelling.command.TargetAggregateIdentifier;
import org.casejourney.events.PersonEvent;

import java.time.Instant;

/**
 * Record one event on a person's stream.
 *
 * @param contentHash canonical hash of the event as sent, to tell a retry from a conflicting reuse of its id
 */
public record RecordEvent(
        @TargetAggregateIdentifier String personId,
        PersonEvent event,
        String contentHash,
        String recordedBy,
        Instant recordedAt) {
}
