package org.casejourney.query.projections;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.Collections;

/** The folding phase: every person stored since their last fold folded once, a batch of people per transaction on each worker. */
final class RebuildFolding {

    // the rebuild's one log category, as operations.md lists its lines
    private static final Logger log = LoggerFactory.getLogger(ProjectionRebuild.class);

    private final RebuildWorkers workers;
    private final int foldPeople;

    RebuildFolding(RebuildWorkers workers, int foldPeople) {
        this.workers = workers;
        this.foldPeople = foldPeople;
    }

    void fold(ProjectionLifecycle.Rebuilding target, ProjectionRebuild.Run run) {
        long t0 = System.nanoTime();
        int unfolded = target.unfolded();
        workers.inParallel(Collections.nCopies(workers.count(), foldPeople), people -> {
            while (target.unfolded() > 0) {
                workers.inSchema(run.schema, () -> target.refold(people));
            }
        });
        log.debug("Folded {} people in {} ms", unfolded, (System.nanoTime() - t0) / 1_000_000);
    }
}
