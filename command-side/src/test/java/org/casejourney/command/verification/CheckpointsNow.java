package org.casejourney.command.verification;

import org.casejourney.events.checkpoints.Checkpoint;
import org.springframework.context.ApplicationContext;

import java.util.Optional;

/** A checkpoint taken when a test in another package asks, not at the interval (ChainCheckpoints is package-private). */
public final class CheckpointsNow {

    private final ChainCheckpoints checkpoints;

    public CheckpointsNow(ApplicationContext context) {
        this.checkpoints = context.getBean(ChainCheckpoints.class);
    }

    public Optional<Checkpoint> take() {
        return checkpoints.take();
    }
}
