package org.casejourney.command.verification;

import org.casejourney.events.checkpoints.Checkpoint;
import org.springframework.context.ApplicationContext;

import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;

/** A checkpoint taken when a test in another package asks, not at the interval (ChainCheckpoints is package-private). */
public final class CheckpointsNow {

    private final ChainCheckpoints checkpoints;
    private final StreamHeads heads;

    public CheckpointsNow(ApplicationContext context) {
        this.checkpoints = context.getBean(ChainCheckpoints.class);
        this.heads = context.getBean(StreamHeads.class);
    }

    /** Each stream's head by pseudonym, as a reading after that global index finds them, or every stream's when empty. */
    public Map<String, Checkpoint.Head> heads(OptionalLong after) {
        return heads.read(after, Long.MAX_VALUE).heads();
    }

    /** As {@link #heads(OptionalLong)}, reading every head when that is cheaper for this many streams. */
    public Map<String, Checkpoint.Head> heads(OptionalLong after, long streams) {
        return heads.read(after, streams).heads();
    }

    public Optional<Checkpoint> take() {
        return checkpoints.take();
    }
}
