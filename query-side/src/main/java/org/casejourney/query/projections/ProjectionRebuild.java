package org.casejourney.query.projections;

import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.common.TopicPartition;
import org.casejourney.query.platform.QuerySideProperties;
import org.flywaydb.core.Flyway;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.kafka.core.ConsumerFactory;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Properties;
import java.util.TreeMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Pattern;

/**
 * Rebuilds the projection from offset 0 of the events topic into a fresh schema while the live one
 * keeps serving, then switches the two in one transaction (ADR 010).
 *
 * <ol>
 *   <li>The same Flyway migrations create the tables in {@code <schema>_rebuild_<n>}.</li>
 *   <li>A consumer of its own (assigned, no group) reads every partition from the beginning; the
 *       projection stores each chunk of records in the new schema without folding, then folds each
 *       person once. This repeats until the new schema is within a few records of the live one.</li>
 *   <li>Under the projection lock held exclusively (live batches take it shared), the rebuild applies
 *       the records up to the live positions as the live consumer would, renames the live schema to
 *       {@code <schema>_old_<n>} and the new one to the live name, lets the {@link SchemaSwitchHook}s
 *       re-bind the views, and commits. The live consumer carries on from its position in the new schema.</li>
 *   <li>The old schema is dropped.</li>
 * </ol>
 */
@Component
class ProjectionRebuild implements DisposableBean {

    private static final Logger log = LoggerFactory.getLogger(ProjectionRebuild.class);
    private static final Pattern SCHEMA_NAME = Pattern.compile("[a-z_][a-z0-9_]{0,40}");
    /** Held for a whole rebuild on a connection of its own, so two instances never rebuild at once. */
    private static final long RUNNING_KEY = ProjectionLock.KEY + 1;

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
    private final JdbcTemplate jdbc;
    private final TransactionTemplate transaction;
    private final ConsumerFactory<String, String> consumers;
    private final ObjectProvider<SchemaSwitchHook> hooks;
    private final Clock clock;
    private final String liveSchema;
    private final String[] locations;
    private final int chunkRecords;
    private final int foldPeople;
    private final long switchLagRecords;
    private final int workers;
    private final ExecutorService executor = Executors.newSingleThreadExecutor(r -> new Thread(r, "projection-rebuild"));
    private final ExecutorService workerPool;

    private volatile Run running;
    private volatile Failure lastFailure;

    ProjectionRebuild(ProjectionLifecycle projection, DataSource dataSource, JdbcTemplate jdbc, PlatformTransactionManager transactions,
                      ConsumerFactory<String, String> consumers, ObjectProvider<SchemaSwitchHook> hooks, Clock clock,
                      QuerySideProperties properties,
                      @Value("${spring.flyway.locations:classpath:db/migration}") String[] locations) {
        String liveSchema = properties.projections().schema();
        QuerySideProperties.Rebuild rebuild = properties.projections().rebuild();
        int chunkRecords = rebuild.chunkRecords();
        int foldPeople = rebuild.foldPeople();
        long switchLagRecords = rebuild.switchLagRecords();
        int workers = rebuild.workers();
        if (!SCHEMA_NAME.matcher(liveSchema).matches()) {
            throw new IllegalArgumentException("casejourney.projections.schema must match " + SCHEMA_NAME + ": " + liveSchema);
        }
        this.projection = projection;
        this.dataSource = dataSource;
        this.jdbc = jdbc;
        this.transaction = new TransactionTemplate(transactions);
        this.consumers = consumers;
        this.hooks = hooks;
        this.clock = clock;
        this.liveSchema = liveSchema;
        this.locations = locations;
        this.chunkRecords = chunkRecords;
        this.foldPeople = foldPeople;
        this.switchLagRecords = switchLagRecords;
        this.workers = Math.max(1, workers);
        AtomicLong threads = new AtomicLong();
        this.workerPool = Executors.newFixedThreadPool(this.workers, r -> new Thread(r, "projection-rebuild-" + threads.incrementAndGet()));
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
            if (!tryLock(guard)) {
                guard.close();
                throw new RebuildConflict("Another instance is rebuilding the " + projection.name() + " projection.");
            }
        } catch (SQLException e) {
            closeQuietly(guard);
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
                dropQuietly(run.schema);
            } finally {
                running = null;
                closeQuietly(held); // releases the session's advisory lock before the pool takes the connection back
            }
        });
        return run;
    }

    private void rebuild(Run run) {
        log.info("Rebuilding the {} projection into {}", projection.name(), run.schema);
        dropLeftovers();
        Flyway.configure().dataSource(dataSource).schemas(run.schema).locations(locations)
                // repeatable scripts re-bind objects outside the schema (the analysts' views): they run at the switch instead
                .repeatableSqlMigrationPrefix("R-skipped-in-a-rebuild-")
                // the grants (db/roles) are the owner's to make; the app already owns what it creates here
                .skipDefaultCallbacks(true)
                .load().migrate();
        List<String> deferred = dropSecondaryIndexes(run.schema);
        ProjectionLifecycle.Rebuilding target = projection.rebuilding();
        String old = liveSchema + "_old_" + run.startedAt.toEpochMilli();
        Properties bulk = new Properties();
        bulk.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, String.valueOf(chunkRecords));
        bulk.put(ConsumerConfig.MAX_PARTITION_FETCH_BYTES_CONFIG, String.valueOf(16 * 1024 * 1024));
        bulk.put(ConsumerConfig.FETCH_MAX_BYTES_CONFIG, String.valueOf(64 * 1024 * 1024));
        bulk.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        try (Consumer<String, String> consumer = consumers.createConsumer(null, "projection-rebuild", null, bulk)) {
            List<TopicPartition> partitions = consumer.partitionsFor(projection.topic()).stream()
                    .map(p -> new TopicPartition(p.topic(), p.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<Integer, Long> targets = new TreeMap<>();
            consumer.endOffsets(partitions).forEach((tp, end) -> targets.put(tp.partition(), end));
            run.targetOffsets = Collections.unmodifiableMap(targets);
            long started = System.nanoTime();

            do {
                run.phase = Phase.COPYING;
                List<ConsumerRecord<String, String>> chunk = poll(consumer);
                boolean more;
                do {
                    long t0 = System.nanoTime();
                    List<Future<?>> storing = submit(byWorker(chunk), records -> inSchema(run.schema, () -> target.store(records)));
                    List<ConsumerRecord<String, String>> next = List.of();
                    try {
                        more = chunk.size() >= chunkRecords || behind(consumer, partitions, livePositions()) > switchLagRecords;
                        if (more) {
                            next = poll(consumer); // the next chunk is read while the workers store this one
                        }
                    } finally {
                        awaitAll(storing);
                    }
                    if (!chunk.isEmpty()) {
                        run.recordsApplied.addAndGet(chunk.size());
                        log.debug("Stored {} records in {} ms", chunk.size(), (System.nanoTime() - t0) / 1_000_000);
                    }
                    chunk = next;
                } while (more);
                run.phase = Phase.FOLDING;
                long t0 = System.nanoTime();
                int unfolded = target.unfolded();
                inParallel(Collections.nCopies(workers, foldPeople), people -> {
                    while (target.unfolded() > 0) {
                        inSchema(run.schema, () -> target.refold(people));
                    }
                });
                log.debug("Folded {} people in {} ms", unfolded, (System.nanoTime() - t0) / 1_000_000);
            } while (behind(consumer, partitions, livePositions()) > switchLagRecords);

            run.phase = Phase.INDEXING;
            long t0 = System.nanoTime();
            inSchema(run.schema, target::finish);
            // one index at a time per worker; each builds from a sorted scan, far cheaper than row-by-row upkeep
            inParallel(deferred, definition -> inSchema(run.schema, () -> jdbc.execute(definition)));
            log.debug("Finished and indexed in {} ms", (System.nanoTime() - t0) / 1_000_000);

            run.phase = Phase.SWITCHING;
            transaction.executeWithoutResult(status -> {
                ProjectionLock.exclusive(jdbc);
                Map<Integer, Long> live = livePositions();
                jdbc.execute("set local search_path to " + run.schema);
                catchUp(consumer, partitions, live, target, run);
                jdbc.execute("alter schema " + liveSchema + " rename to " + old);
                jdbc.execute("alter schema " + run.schema + " rename to " + liveSchema);
                jdbc.execute("set local search_path to " + liveSchema);
                hooks.orderedStream().forEach(hook -> hook.switched(jdbc));
                Instant finished = clock.instant();
                double seconds = Math.max(1e-3, (System.nanoTime() - started) / 1e9);
                jdbc.update("insert into projection_rebuild (schema_name, started_at, finished_at, records, events_per_second) values (?, ?, ?, ?, ?)",
                        run.schema, Timestamp.from(run.startedAt), Timestamp.from(finished), run.recordsApplied.get(),
                        run.recordsApplied.get() / seconds);
                log.info("Switched the rebuilt {} projection in: {} records in {} s ({} records/s); {} is now {}",
                        projection.name(), run.recordsApplied.get(), String.format("%.1f", seconds),
                        Math.round(run.recordsApplied.get() / seconds), run.schema, liveSchema);
            });
        }
        lastFailure = null;
        dropOld(old);
    }

    /** A chunk's records split by partition among the workers, so each person's records stay with one worker, in order. */
    private List<List<ConsumerRecord<String, String>>> byWorker(List<ConsumerRecord<String, String>> chunk) {
        List<List<ConsumerRecord<String, String>>> parts = new ArrayList<>();
        for (int i = 0; i < workers; i++) {
            parts.add(new ArrayList<>());
        }
        chunk.forEach(record -> parts.get(record.partition() % workers).add(record));
        parts.removeIf(List::isEmpty);
        return parts;
    }

    /** Runs the work for each item on the workers, each in its own transaction, and waits for all; the first failure fails the rebuild. */
    private <T> void inParallel(List<T> items, java.util.function.Consumer<T> work) {
        if (items.size() == 1) {
            work.accept(items.get(0));
            return;
        }
        awaitAll(submit(items, work));
    }

    /** Starts the work for each item on the workers, for {@link #awaitAll}. */
    private <T> List<Future<?>> submit(List<T> items, java.util.function.Consumer<T> work) {
        return items.stream().<Future<?>>map(item -> workerPool.submit(() -> work.accept(item))).toList();
    }

    /** Waits for all the work; the first failure cancels the rest and fails the rebuild. */
    private void awaitAll(List<Future<?>> running) {
        try {
            for (Future<?> future : running) {
                future.get();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("rebuild interrupted", e);
        } catch (ExecutionException e) {
            running.forEach(f -> f.cancel(true));
            throw new IllegalStateException("a rebuild worker failed", e.getCause());
        }
    }

    /**
     * Polls until a chunk is full or the consumer has read all the log holds right now: near the end,
     * waiting to fill a chunk would pace the rebuild by the rate new records arrive.
     */
    private List<ConsumerRecord<String, String>> poll(Consumer<String, String> consumer) {
        List<ConsumerRecord<String, String>> chunk = new ArrayList<>(chunkRecords);
        ConsumerRecords<String, String> polled;
        do {
            polled = consumer.poll(Duration.ofMillis(chunk.isEmpty() ? 500 : 100));
            polled.forEach(chunk::add);
        } while (!polled.isEmpty() && chunk.size() < chunkRecords && !atLogEnd(consumer));
        return chunk;
    }

    /** Whether every assigned partition's position is at its end as the last fetch saw it. */
    private static boolean atLogEnd(Consumer<String, String> consumer) {
        for (TopicPartition tp : consumer.assignment()) {
            OptionalLong lag = consumer.currentLag(tp);
            if (lag.isEmpty() || lag.getAsLong() > 0) {
                return false;
            }
        }
        return true;
    }

    /** Under the exclusive lock: applies the records up to the live positions, and none beyond. */
    private void catchUp(Consumer<String, String> consumer, List<TopicPartition> partitions, Map<Integer, Long> live,
                         ProjectionLifecycle.Rebuilding target, Run run) {
        while (behind(consumer, partitions, live) > 0) {
            List<ConsumerRecord<String, String>> records = new ArrayList<>();
            for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(100))) {
                if (record.offset() <= live.getOrDefault(record.partition(), -1L)) {
                    records.add(record);
                }
            }
            if (!records.isEmpty()) {
                target.apply(records);
                run.recordsApplied.addAndGet(records.size());
            }
        }
    }

    /** Records the live projection has applied and the rebuild has not yet read. */
    private static long behind(Consumer<String, String> consumer, List<TopicPartition> partitions, Map<Integer, Long> live) {
        long behind = 0;
        for (TopicPartition tp : partitions) {
            behind += Math.max(0, live.getOrDefault(tp.partition(), -1L) + 1 - consumer.position(tp));
        }
        return behind;
    }

    private Map<Integer, Long> livePositions() {
        Map<Integer, Long> live = new TreeMap<>();
        projection.positions().forEach((partition, position) -> live.put(partition, position.lastOffset()));
        return live;
    }

    private void inSchema(String schema, Runnable work) {
        transaction.executeWithoutResult(status -> {
            jdbc.execute("set local search_path to " + schema);
            // a crash loses at most the rebuild schema, which the next rebuild drops anyway: no need to wait for each flush
            jdbc.execute("set local synchronous_commit to off");
            work.run();
        });
    }

    /**
     * Drops the new schema's indexes that back no constraint and returns their definitions, so the
     * passes maintain only the keys they look rows up by and each index is built once at the end.
     */
    private List<String> dropSecondaryIndexes(String schema) {
        List<Map<String, Object>> indexes = jdbc.queryForList("""
                select c.relname as name, pg_get_indexdef(c.oid) as definition
                from pg_index x
                join pg_class c on c.oid = x.indexrelid
                join pg_namespace n on n.oid = c.relnamespace
                where n.nspname = ? and not exists (select 1 from pg_constraint k where k.conindid = x.indexrelid)
                order by c.relname""", schema);
        List<String> definitions = new ArrayList<>();
        for (Map<String, Object> index : indexes) {
            jdbc.execute("drop index " + schema + ".\"" + index.get("name") + "\"");
            definitions.add((String) index.get("definition"));
        }
        return definitions;
    }

    /** Schemas a crashed rebuild left behind; only one rebuild runs at a time, so none is in use. */
    private void dropLeftovers() {
        jdbc.queryForList("select nspname from pg_namespace where nspname like ? or nspname like ?", String.class,
                        liveSchema.replace("_", "\\_") + "\\_rebuild\\_%", liveSchema.replace("_", "\\_") + "\\_old\\_%")
                .forEach(this::dropQuietly);
    }

    /** Drops the replaced schema, unless something outside it still reads it (a view no hook re-bound). */
    private void dropOld(String old) {
        List<String> dependents = jdbc.queryForList("""
                select distinct dn.nspname || '.' || dc.relname
                from pg_depend d
                join pg_rewrite r on r.oid = d.objid
                join pg_class dc on dc.oid = r.ev_class
                join pg_namespace dn on dn.oid = dc.relnamespace
                join pg_class sc on sc.oid = d.refobjid
                join pg_namespace sn on sn.oid = sc.relnamespace
                where d.classid = 'pg_rewrite'::regclass and sn.nspname = ? and dn.nspname <> ?""", String.class, old, old);
        if (!dependents.isEmpty()) {
            log.warn("Keeping the replaced schema {}: {} still read it; re-create them over {} and drop it by hand", old, dependents, liveSchema);
            return;
        }
        dropQuietly(old);
    }

    private void dropQuietly(String schema) {
        try {
            jdbc.execute("drop schema if exists " + schema + " cascade");
            log.info("Dropped schema {}", schema);
        } catch (RuntimeException e) {
            log.warn("Could not drop schema {}", schema, e);
        }
    }

    private static boolean tryLock(Connection connection) throws SQLException {
        try (PreparedStatement lock = connection.prepareStatement("select pg_try_advisory_lock(?)")) {
            lock.setLong(1, RUNNING_KEY);
            try (ResultSet rs = lock.executeQuery()) {
                return rs.next() && rs.getBoolean(1);
            }
        }
    }

    private static void closeQuietly(Connection connection) {
        if (connection == null) {
            return;
        }
        try (PreparedStatement unlock = connection.prepareStatement("select pg_advisory_unlock_all()")) {
            unlock.execute();
        } catch (SQLException ignored) {
            // the pool discards a broken connection, and with it the session's locks
        }
        try {
            connection.close();
        } catch (SQLException ignored) {
            // nothing left to release
        }
    }

    @Override
    public void destroy() throws InterruptedException {
        executor.shutdownNow();
        workerPool.shutdownNow();
        executor.awaitTermination(10, TimeUnit.SECONDS);
    }
}
