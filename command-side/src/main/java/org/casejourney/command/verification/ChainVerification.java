package org.casejourney.command.verification;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.casejourney.command.person.PersonStream;
import org.casejourney.command.person.StreamHash;
import org.casejourney.events.Pseudonyms;
import org.casejourney.events.checkpoints.CheckpointLedger;
import org.springframework.stereotype.Component;

import java.time.Instant;
import java.util.List;

/**
 * Recomputes a person's hash chain from the stored events and reports the first break, then holds
 * the stream against the newest signed checkpoint that anchored it: a removed tail or a chain
 * recomputed after the checkpoint no longer contains the anchored head.
 */
@Component
class ChainVerification {

    /**
     * {@code intact}, or {@code broken} at {@code firstBrokenSequence} for {@code reason};
     * {@code anchor} is the checkpoint the stream was held against (null when none anchored it).
     */
    record Result(String personId, String status, long events, Long firstBrokenSequence, String reason, String headHash,
                  Anchor anchor) {
    }

    /** The checkpoint that anchored this stream's head at {@code sequence}; {@code checkpoints} says whether the checkpoints themselves verify. */
    record Anchor(long checkpoint, Instant takenAt, long sequence, String checkpoints) {
    }

    private final PersonStream stream;
    private final ChainCheckpoints checkpoints;
    private final Pseudonyms pseudonyms;
    private final Counter failures;

    ChainVerification(PersonStream stream, ChainCheckpoints checkpoints, Pseudonyms pseudonyms, MeterRegistry meters) {
        this.stream = stream;
        this.checkpoints = checkpoints;
        this.pseudonyms = pseudonyms;
        // registered now, at 0, so dashboards and alert rules have a series before the first break
        this.failures = Counter.builder("casejourney.chain.verification.failures")
                .description("Chain verifications that found a stream broken (or the signed checkpoints not verifying)")
                .register(meters);
    }

    Result verify(String personId) {
        Result result = verifyChain(personId);
        if ("broken".equals(result.status())) {
            failures.increment();
        }
        return result;
    }

    private Result verifyChain(String personId) {
        List<PersonStream.Chained> stored = stream.readChained(personId);
        String previous = StreamHash.GENESIS;
        long expected = 0;
        for (PersonStream.Chained event : stored) {
            String problem = check(event, expected, previous);
            if (problem != null) {
                return new Result(personId, "broken", stored.size(), Math.min(expected, event.sequence()), problem, null, null);
            }
            previous = event.hash();
            expected++;
        }
        Result chained = new Result(personId, "intact", stored.size(), null, null, stored.isEmpty() ? null : previous, null);
        return checkpoints.enabled() ? againstCheckpoint(chained, stored) : chained;
    }

    private Result againstCheckpoint(Result chained, List<PersonStream.Chained> stored) {
        CheckpointLedger.Verified ledger = checkpoints.ledger();
        if (!ledger.holds()) {
            return new Result(chained.personId(), "broken", chained.events(), null,
                    "the signed checkpoints do not verify, so the stream cannot be held against them: " + String.join("; ", ledger.problems()),
                    null, null);
        }
        CheckpointLedger.Anchor anchored = ledger.anchors().get(pseudonyms.of(chained.personId()));
        if (anchored == null) {
            return chained;
        }
        Anchor anchor = new Anchor(anchored.checkpoint(), anchored.takenAt(), anchored.sequence(), "valid");
        if (stored.size() <= anchored.sequence()) {
            return new Result(chained.personId(), "broken", stored.size(), (long) stored.size(),
                    "the stream ends before sequence " + anchored.sequence() + ", which checkpoint " + anchored.checkpoint()
                            + " anchored at " + anchored.takenAt() + ": events were removed", null, anchor);
        }
        if (!anchored.hash().equals(stored.get((int) anchored.sequence()).hash())) {
            return new Result(chained.personId(), "broken", stored.size(), anchored.sequence(),
                    "event " + anchored.sequence() + " no longer carries the hash checkpoint " + anchored.checkpoint()
                            + " anchored at " + anchored.takenAt() + ": the chain was rewritten", null, anchor);
        }
        return new Result(chained.personId(), chained.status(), chained.events(), null, null, chained.headHash(), anchor);
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
        // over the row as stored: an event read through an upcaster no longer has the form its hash was taken over
        if (!event.hashFollowing(expectedPrevious).equals(event.hash())) {
            return "its content no longer matches its hash";
        }
        return null;
    }
}
