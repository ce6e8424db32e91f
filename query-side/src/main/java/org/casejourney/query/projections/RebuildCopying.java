package org.casejourney.query.projections;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.List;
import java.util.concurrent.Future;

/** The copying phase: chunks of records stored in the rebuild's schema without folding, the workers storing one chunk while the next is read. */
final class RebuildCopying {

    // the rebuild's one log category, as operations.md lists its lines
    private static final Logger log = LoggerFactory.getLogger(ProjectionRebuild.class);

    private final RebuildWorkers workers;
    private final int chunkRecords;
    private final long switchLagRecords;

    RebuildCopying(RebuildWorkers workers, int chunkRecords, long switchLagRecords) {
        this.workers = workers;
        this.chunkRecords = chunkRecords;
        this.switchLagRecords = switchLagRecords;
    }

    /** Stores chunks until one comes back short and the rebuild is within the switch lag of the live positions. */
    void copy(RebuildSource source, ProjectionLifecycle.Rebuilding target, ProjectionRebuild.Run run) {
        List<ConsumerRecord<String, String>> chunk = source.poll();
        boolean more;
        do {
            long t0 = System.nanoTime();
            List<Future<?>> storing = workers.submit(workers.byWorker(chunk),
                    records -> workers.inSchema(run.schema, () -> target.store(records)));
            List<ConsumerRecord<String, String>> next = List.of();
            try {
                more = chunk.size() >= chunkRecords || source.behind(source.livePositions()) > switchLagRecords;
                if (more) {
                    next = source.poll(); // the next chunk is read while the workers store this one
                }
            } finally {
                workers.awaitAll(storing);
            }
            if (!chunk.isEmpty()) {
                run.recordsApplied.addAndGet(chunk.size());
                log.debug("Stored {} records in {} ms", chunk.size(), (System.nanoTime() - t0) / 1_000_000);
            }
            chunk = next;
        } while (more);
    }
}
