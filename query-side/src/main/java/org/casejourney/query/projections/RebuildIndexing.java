package org.casejourney.query.projections;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.JdbcTemplate;

import java.util.List;

/** The indexing phase: what the folds leave to the end, then the indexes the preparing phase put off, built once each. */
final class RebuildIndexing {

    // the rebuild's one log category, as operations.md lists its lines
    private static final Logger log = LoggerFactory.getLogger(ProjectionRebuild.class);

    private final RebuildWorkers workers;
    private final JdbcTemplate jdbc;

    RebuildIndexing(RebuildWorkers workers, JdbcTemplate jdbc) {
        this.workers = workers;
        this.jdbc = jdbc;
    }

    void index(ProjectionLifecycle.Rebuilding target, List<String> deferred, ProjectionRebuild.Run run) {
        long t0 = System.nanoTime();
        workers.inSchema(run.schema, target::finish);
        // one index at a time per worker; each builds from a sorted scan, far cheaper than row-by-row upkeep
        workers.inParallel(deferred, definition -> workers.inSchema(run.schema, () -> jdbc.execute(definition)));
        log.debug("Finished and indexed in {} ms", (System.nanoTime() - t0) / 1_000_000);
    }
}
