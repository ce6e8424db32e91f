package org.casejourney.query.projections;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayDeque;
import java.util.ArrayList;
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

    /**
     * Stores chunks until one comes back short and the rebuild is within the switch lag of the live positions. Each lane
     * stores the records of its own partitions ({@code partition % lanes}), so each person's records stay with one lane,
     * in order; a lane is handed a part as soon as it has gathered its share of a chunk, and may have two parts waiting or
     * being stored while the next records are read. No lane waits for another: when a chunk was split between them and
     * both were awaited before the next, a chunk that held mostly one partition's records kept one lane busy while the
     * other waited (docs/performance.md).
     */
    void copy(RebuildSource source, ProjectionLifecycle.Rebuilding target, ProjectionRebuild.Run run) {
        int lanes = workers.count();
        int share = Math.max(1, chunkRecords / lanes);
        List<List<ConsumerRecord<String, String>>> gathering = new ArrayList<>();
        List<ArrayDeque<Stored>> queued = new ArrayList<>();
        for (int i = 0; i < lanes; i++) {
            gathering.add(new ArrayList<>(share));
            queued.add(new ArrayDeque<>());
        }
        try {
            boolean more;
            do {
                List<ConsumerRecord<String, String>> chunk = source.poll();
                more = chunk.size() >= chunkRecords || source.behind(source.livePositions()) > switchLagRecords;
                chunk.forEach(record -> gathering.get(record.partition() % lanes).add(record));
                for (int lane = 0; lane < lanes; lane++) {
                    List<ConsumerRecord<String, String>> part = gathering.get(lane);
                    if (part.size() >= share || (!more && !part.isEmpty())) {
                        if (queued.get(lane).size() >= 2) {
                            finish(queued.get(lane).poll(), run);
                        }
                        queued.get(lane).add(new Stored(part.size(), System.nanoTime(),
                                workers.submitTo(lane, () -> workers.inSchema(run.schema, () -> target.store(part)))));
                        gathering.set(lane, new ArrayList<>(share));
                    }
                }
            } while (more);
            for (ArrayDeque<Stored> lane : queued) {
                while (!lane.isEmpty()) {
                    finish(lane.poll(), run);
                }
            }
        } catch (RuntimeException | Error e) {
            queued.forEach(lane -> lane.forEach(stored -> stored.running.cancel(true)));
            throw e;
        }
    }

    private void finish(Stored part, ProjectionRebuild.Run run) {
        workers.awaitAll(List.of(part.running));
        run.recordsApplied.addAndGet(part.records);
        log.debug("Stored {} records in {} ms", part.records, (System.nanoTime() - part.started) / 1_000_000);
    }

    /** A part handed to a lane: its size, when, and the lane's work on it. */
    private record Stored(int records, long started, Future<?> running) {
    }
}
