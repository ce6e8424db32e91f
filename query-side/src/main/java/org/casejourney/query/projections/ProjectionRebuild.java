package org.casejourney.query.projections;

import org.casejourney.query.platform.QuerySideProperties;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.flyway.FlywayProperties;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.kafka.core.ConsumerFactory;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Pattern;

/**
 * Rebuilds the projection from offset 0 of the events topic into a fresh schema while the live one
 * keeps serving, then switches the two in one transaction (ADR 010). One phase a class:
 *
 * <ol>
 *   <li>{@link RebuildPreparing}: the same Flyway migrations create the tables in {@code <schema>_rebuild_<n>}.</li>
 *   <li>{@link RebuildCopying} and {@link RebuildFolding}: a consumer of its own ({@link RebuildSource}) reads every
 *       partition from the beginning; the projection stores each chunk of records in the new schema without folding,
 *       then folds each person once. This repeats until the new schema is within a few records of the live one.</li>
 *   <li>{@link RebuildIndexing}: what the folds leave to the end, and the deferred indexes.</li>
 *   <li>{@link RebuildSwitching}: under the projection lock held exclusively (live batches take it shared), the rebuild
 *       applies the records up to the live positions as the live consumer would, renames the live schema to
 *       {@code <schema>_old_<n>} and the new one to the live name, lets the {@link SchemaSwitchHook}s
 *       re-bind the views, and commits. The live consumer carries on from its position in the new schema.</li>
 *   <li>The old schema is dropped.</li>
 * </ol>
 */
@Component
class ProjectionRebuild implements DisposableBean {

    private static final Logger log = LoggerFactory.getLogger(ProjectionRebuild.class);
    private static final Pattern SCHEMA_NAME = Pattern.compile("[a-z_][a-z0-9_]{0,40}");

    enum Phase { PREPARING, COPYING, FOLDING, INDEXING, SWITCHING }

    /** One rebuild as the listing shows it while it runs. */
    static final class Run {
        final String schema;
        final Instant startedAt;
        final AtomicLong recordsApplied = new AtomicLong();
        volatile Phase phase = Phase.PREPARING;
        volatile Map<Integer, Long> targetOffsets = Map.of();

        Run(String schema, Instant startedAt) {
            this.schema = schema;
            this.startedAt = startedAt;
        }

        /** Share of the records on the topic when the rebuild started that it has applied, 0 to 100. */
        double percent() {
            long target = targetOffsets.values().stream().mapToLong(Long::longValue).sum();
            return target == 0 ? (phase == Phase.PREPARING ? 0 : 100) : Math.min(100.0, 100.0 * recordsApplied.get() / target);
        }
    }

    record Failure(Instant startedAt, Instant failedAt, String error) {
    }

    private final ProjectionLifecycle projection;
    private final DataSource dataSource;
    private final ConsumerFactory<String, String> consumers;
    private final Clock clock;
    private final String liveSchema;
    private final int chunkRecords;
    private final long switchLagRecords;
    private final RebuildCatalogue catalogue;
    private final RebuildWorkers workers;
    private final RebuildPreparing preparing;
    private final RebuildCopying copying;
    private final RebuildFolding folding;
    private final RebuildIndexing indexing;
    private final RebuildSwitching switching;
    private final ExecutorService executor = Executors.newSingleThreadExecutor(r -> new Thread(r, "projection-rebuild"));

    private volatile Run running;
    private volatile Failure lastFailure;

    ProjectionRebuild(ProjectionLifecycle projection, DataSource dataSource, JdbcTemplate jdbc, PlatformTransactionManager transactions,
                      ConsumerFactory<String, String> consumers, ObjectProvider<SchemaSwitchHook> hooks, Clock clock,
                      QuerySideProperties properties, FlywayProperties flyway) {
        String liveSchema = properties.projections().schema();
        QuerySideProperties.Rebuild rebuild = properties.projections().rebuild();
        if (!SCHEMA_NAME.matcher(liveSchema).matches()) {
            throw new IllegalArgumentException("casejourney.projections.schema must match " + SCHEMA_NAME + ": " + liveSchema);
        }
        TransactionTemplate transaction = new TransactionTemplate(transactions);
        this.projection = projection;
        this.dataSource = dataSource;
        this.consumers = consumers;
        this.clock = clock;
        this.liveSchema = liveSchema;
        this.chunkRecords = rebuild.chunkRecords();
        this.switchLagRecords = rebuild.switchLagRecords();
        this.catalogue = new RebuildCatalogue(jdbc, liveSchema);
        this.workers = new RebuildWorkers(jdbc, transaction, rebuild.workers());
        this.preparing = new RebuildPreparing(dataSource, flyway.getLocations().toArray(String[]::new), catalogue);
        this.copying = new RebuildCopying(workers, chunkRecords, switchLagRecords);
        this.folding = new RebuildFolding(workers, rebuild.foldPeople());
        this.indexing = new RebuildIndexing(workers, jdbc);
        this.switching = new RebuildSwitching(jdbc, transaction, catalogue, hooks, clock, projection, liveSchema);
    }

    Run running() {
        return running;
    }

    Failure lastFailure() {
        return lastFailure;
    }

    /** Starts a rebuild in the background, or refuses when one runs here or on another instance. */
    synchronized Run start() {
        if (running != null) {
            throw new RebuildConflict("The " + projection.name() + " projection is being rebuilt into " + running.schema + ".");
        }
        Connection guard = null;
        try {
            guard = dataSource.getConnection();
            if (!RebuildCatalogue.tryLock(guard)) {
                guard.close();
                throw new RebuildConflict("Another instance is rebuilding the " + projection.name() + " projection.");
            }
        } catch (SQLException e) {
            RebuildCatalogue.closeQuietly(guard);
            throw new IllegalStateException("could not take the rebuild lock", e);
        }
        Instant startedAt = clock.instant();
        Run run = new Run(liveSchema + "_rebuild_" + startedAt.toEpochMilli(), startedAt);
        running = run;
        Connection held = guard;
        executor.submit(() -> {
            try {
                rebuild(run);
            } catch (Throwable e) {
                log.error("Rebuild into {} failed; the live schema {} is untouched", run.schema, liveSchema, e);
                lastFailure = new Failure(run.startedAt, clock.instant(), String.valueOf(e));
                catalogue.dropQuietly(run.schema);
            } finally {
                running = null;
                RebuildCatalogue.closeQuietly(held); // releases the session's advisory lock before the pool takes the connection back
            }
        });
        return run;
    }

    private void rebuild(Run run) {
        log.info("Rebuilding the {} projection into {}", projection.name(), run.schema);
        List<String> deferred = preparing.prepare(run.schema);
        ProjectionLifecycle.Rebuilding target = projection.rebuilding();
        String old = liveSchema + "_old_" + run.startedAt.toEpochMilli();
        try (RebuildSource source = RebuildSource.open(consumers, projection, chunkRecords)) {
            run.targetOffsets = source.endOffsets();
            long started = System.nanoTime();
            long[] took = new long[Phase.values().length];
            do {
                timed(run, Phase.COPYING, took, () -> copying.copy(source, target, run));
                timed(run, Phase.FOLDING, took, () -> folding.fold(target, run));
            } while (source.behind(source.livePositions()) > switchLagRecords);
            timed(run, Phase.INDEXING, took, () -> indexing.index(target, deferred, run));
            timed(run, Phase.SWITCHING, took, () -> switching.switchIn(source, target, run, old, started));
            log.info("Rebuild into {} by phase: copying {} s, folding {} s, indexing {} s, switching {} s", run.schema,
                    seconds(took[Phase.COPYING.ordinal()]), seconds(took[Phase.FOLDING.ordinal()]),
                    seconds(took[Phase.INDEXING.ordinal()]), seconds(took[Phase.SWITCHING.ordinal()]));
        }
        lastFailure = null;
        catalogue.dropOld(old);
    }

    /** Runs one phase of the run, adding its time to what the phase took before (copying and folding may repeat). */
    private static void timed(Run run, Phase phase, long[] took, Runnable work) {
        run.phase = phase;
        long started = System.nanoTime();
        work.run();
        took[phase.ordinal()] += System.nanoTime() - started;
    }

    private static String seconds(long nanos) {
        return String.format("%.1f", nanos / 1e9);
    }

    @Override
    public void destroy() throws InterruptedException {
        executor.shutdownNow();
        workers.shutdownNow();
        executor.awaitTermination(10, TimeUnit.SECONDS);
    }
}
