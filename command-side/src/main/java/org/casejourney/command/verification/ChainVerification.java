package org.casejourney.command.verification;

import org.casejourney.command.person.PersonStream;
import org.casejourney.command.person.StreamHash;
import org.springframework.stereotype.Component;

import java.util.List;

/** Recomputes a person's hash chain from the stored events and reports the first break. */
@Component
class ChainVerification {

    /** {@code intact}, or {@code broken} at {@code firstBrokenSequence} for {@code reason}. */
    record Result(String personId, String status, long events, Long firstBrokenSequence, String reason, String headHash) {
    }

    private final PersonStream stream;

    ChainVerification(PersonStream stream) {
        this.stream = stream;
    }

    Result verify(String personId) {
        List<PersonStream.Chained> stored = stream.readChained(personId);
        String previous = StreamHash.GENESIS;
        long expected = 0;
        for (PersonStream.Chained event : stored) {
            String problem = check(event, expected, previous);
            if (problem != null) {
                return new Result(personId, "broken", stored.size(), Math.min(expected, event.sequence()), problem, null);
            }
            previous = event.hash();
            expected++;
        }
        return new Result(personId, "intact", stored.size(), null, null, stored.isEmpty() ? null : previous);
    }

    private static String check(PersonStream.Chained event, long expectedSequence, String expectedPrevious) {
        if (event.sequence() != expectedSequence) {
            return "event " + expectedSequence + " is missing from the stream";
        }
        if (event.unreadable() != null) {
            return "the stored event cannot be read: " + event.unreadable().getClass().getSimpleName();
        }
        if (event.hash() == null || event.previousHash() == null) {
            return "the stored event carries no chain hash";
        }
        if (!event.previousHash().equals(expectedPrevious)) {
            return "its previousHash does not match the hash of the event before it";
        }
        if (!StreamHash.of(expectedPrevious, event.event()).equals(event.hash())) {
            return "its content no longer matches its hash";
        }
        return null;
    }
}
