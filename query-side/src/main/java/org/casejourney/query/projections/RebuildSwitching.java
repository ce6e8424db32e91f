package org.casejourney.query.projections;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.support.TransactionTemplate;

import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * The switching phase, in one transaction under the projection lock held exclusively (live batches take it
 * shared): the records up to the live positions applied as the live consumer would, the schemas swapped,
 * the {@link SchemaSwitchHook}s re-binding what reads them, and the rebuild recorded in projection_rebuild.
 */
final class RebuildSwitching {

    // the rebuild's one log category, as operations.md lists its lines
    private static final Logger log = LoggerFactory.getLogger(ProjectionRebuild.class);

    private final JdbcTemplate jdbc;
    private final TransactionTemplate transaction;
    private final RebuildCatalogue catalogue;
    private final ObjectProvider<SchemaSwitchHook> hooks;
    private final Clock clock;
    private final ProjectionLifecycle projection;
    private final String liveSchema;

    RebuildSwitching(JdbcTemplate jdbc, TransactionTemplate transaction, RebuildCatalogue catalogue, ObjectProvider<SchemaSwitchHook> hooks,
                     Clock clock, ProjectionLifecycle projection, String liveSchema) {
        this.jdbc = jdbc;
        this.transaction = transaction;
        this.catalogue = catalogue;
        this.hooks = hooks;
        this.clock = clock;
        this.projection = projection;
        this.liveSchema = liveSchema;
    }

    /** Switches the rebuilt schema in, the live one becoming {@code old}; {@code started} is the copy's start, for the rate. */
    void switchIn(RebuildSource source, ProjectionLifecycle.Rebuilding target, ProjectionRebuild.Run run, String old, long started) {
        transaction.executeWithoutResult(status -> {
            ProjectionLock.exclusive(jdbc);
            Map<Integer, Long> live = source.livePositions();
            jdbc.execute("set local search_path to " + run.schema);
            catchUp(source, live, target, run);
            catalogue.swap(run.schema, old);
            jdbc.execute("set local search_path to " + liveSchema);
            hooks.orderedStream().forEach(hook -> hook.switched(jdbc));
            record(run, started);
        });
    }

    /** Under the exclusive lock: applies the records up to the live positions, and none beyond. */
    private static void catchUp(RebuildSource source, Map<Integer, Long> live, ProjectionLifecycle.Rebuilding target, ProjectionRebuild.Run run) {
        while (source.behind(live) > 0) {
            List<ConsumerRecord<String, String>> records = source.pollUpTo(live);
            if (!records.isEmpty()) {
                target.apply(records);
                run.recordsApplied.addAndGet(records.size());
            }
        }
    }

    private void record(ProjectionRebuild.Run run, long started) {
        Instant finished = clock.instant();
        double seconds = Math.max(1e-3, (System.nanoTime() - started) / 1e9);
        jdbc.update("insert into projection_rebuild (schema_name, started_at, finished_at, records, events_per_second) values (?, ?, ?, ?, ?)",
                run.schema, Timestamp.from(run.startedAt), Timestamp.from(finished), run.recordsApplied.get(),
                run.recordsApplied.get() / seconds);
        log.info("Switched the rebuilt {} projection in: {} records in {} s ({} records/s); {} is now {}",
                projection.name(), run.recordsApplied.get(), String.format("%.1f", seconds),
                Math.round(run.recordsApplied.get() / seconds), run.schema, liveSchema);
    }
}
