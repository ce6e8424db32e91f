package org.casejourney.command.person;

import org.axonframework.modelling.command.TargetAggregateIdentifier;
import org.casejourney.events.PersonEvent;

import java.time.Instant;
import java.util.List;

/**
 * Record events on one person's stream, in order. Each is decided on its own: a refused one
 * leaves the others to be recorded, as if each had been sent alone.
 */
public record RecordEvents(
        @TargetAggregateIdentifier String personId,
        List<Submission> submissions,
        String recordedBy,
        Instant recordedAt) {

    /**
     * @param contentHash canonical hash of the event as sent, to tell a retry from a conflicting reuse of its id
     */
    public record Submission(PersonEvent event, String contentHash) {
    }
}
