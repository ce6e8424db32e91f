package org.casejourney.command.person;

import java.time.Instant;

/** What the person's stream decided about one submitted event. */
public sealed interface Decision {

    /** On the stream at {@code sequence}; {@code alreadyRecorded} when the submission was a retry. */
    record Recorded(long sequence, Instant recordedAt, boolean alreadyRecorded) implements Decision {
    }

    /** The event id is already on the stream with different content. */
    record Conflict(String eventId) implements Decision {
    }

    /** The event contradicts the stream (for example it corrects an event the stream lacks). */
    record Refused(String field, String message) implements Decision {
    }
}
