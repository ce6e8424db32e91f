package org.casejourney.command.verification;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.OptionalLong;

/**
 * When each reading of the streams' heads that led to a kept checkpoint began, and the highest global index stored
 * then, so the next reading reads only the streams written since instead of every stream's head.
 * <p>
 * An event not seen by the last kept reading (at {@code t}) either committed after {@code t} or was in a transaction
 * still open then. Either way its global index was drawn after {@code t} minus the longest a transaction stays open,
 * the gap timeout after which the publisher too takes a missing index as never coming; the global index is a
 * sequence without a cache, so it grows with time across connections. A reading therefore starts after the highest
 * index seen by a reading that began at least the gap timeout before the last kept one, and reads every head when
 * there is none (after a start, or while readings fail).
 */
final class HeadReadings {

    private record Mark(Instant at, long highest) {
    }

    private final Duration longestTransaction;
    private final Deque<Mark> marks = new ArrayDeque<>();

    HeadReadings(Duration longestTransaction) {
        this.longestTransaction = longestTransaction;
    }

    /** The global index after which a reading must look; empty when it must read every stream's head. */
    synchronized OptionalLong readAfter() {
        if (marks.isEmpty()) {
            return OptionalLong.empty();
        }
        Instant before = marks.peekLast().at().minus(longestTransaction);
        Mark found = null;
        for (Mark mark : marks) {
            if (mark.at().isAfter(before)) {
                break;
            }
            found = mark;
        }
        if (found == null) {
            return OptionalLong.empty();
        }
        while (marks.peekFirst() != found) {
            marks.removeFirst(); // older than the one found: never needed again
        }
        return OptionalLong.of(found.highest());
    }

    /** A reading that began at {@code at}, when the highest global index stored was {@code highest}, led to a kept checkpoint (or found nothing new). */
    synchronized void kept(Instant at, long highest) {
        if (!marks.isEmpty() && at.isBefore(marks.peekLast().at())) {
            return; // a slower reading than one kept already: it adds nothing
        }
        marks.addLast(new Mark(at, highest));
    }
}
