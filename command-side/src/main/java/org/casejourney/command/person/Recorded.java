package org.casejourney.command.person;

import java.time.Instant;

/** Where an event stands on its person's stream; {@code alreadyRecorded} when the command was a retry. */
public record Recorded(long sequence, Instant recordedAt, boolean alreadyRecorded) {
}
