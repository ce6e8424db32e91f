package org.casejourney.command.person;

import org.axonframework.modelling.command.TargetAggregateIdentifier;
import org.casejourney.events.PersonEvent;

import java.time.Instant;
import java.util.List;

/**
 * Record events on one person's stream, in order. Each is decided on its own: a refused one
 * leaves the others to be recorded, as if each had been sent alone. The submissions may come from
 * several requests written together, so each names who recorded it.
 */
public record RecordEvents(
        @TargetAggregateIdentifier String personId,
        List<Submission> submissions,
        Instant recordedAt) {

    /**
     * @param contentHash canonical hash of the event as sent, to tell a retry from a conflicting reuse of its id
     * @param recordedBy  the principal whose request carried it
     */
    public record Submission(PersonEvent event, String contentHash, String recordedBy) {
    }
}
