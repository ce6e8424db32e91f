package org.casejourney.query.projections;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.support.TransactionTemplate;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

/** The rebuild's worker threads, and the transaction in the rebuild's schema that each piece of their work runs in. */
final class RebuildWorkers {

    private final JdbcTemplate jdbc;
    private final TransactionTemplate transaction;
    private final int workers;
    private final ExecutorService pool;

    RebuildWorkers(JdbcTemplate jdbc, TransactionTemplate transaction, int workers) {
        this.jdbc = jdbc;
        this.transaction = transaction;
        this.workers = Math.max(1, workers);
        AtomicLong threads = new AtomicLong();
        this.pool = Executors.newFixedThreadPool(this.workers, r -> new Thread(r, "projection-rebuild-" + threads.incrementAndGet()));
    }

    int count() {
        return workers;
    }

    /** A chunk's records split by partition among the workers, so each person's records stay with one worker, in order. */
    List<List<ConsumerRecord<String, String>>> byWorker(List<ConsumerRecord<String, String>> chunk) {
        List<List<ConsumerRecord<String, String>>> parts = new ArrayList<>();
        for (int i = 0; i < workers; i++) {
            parts.add(new ArrayList<>());
        }
        chunk.forEach(record -> parts.get(record.partition() % workers).add(record));
        parts.removeIf(List::isEmpty);
        return parts;
    }

    /** Runs the work for each item on the workers, each in its own transaction, and waits for all; the first failure fails the rebuild. */
    <T> void inParallel(List<T> items, Consumer<T> work) {
        if (items.size() == 1) {
            work.accept(items.get(0));
            return;
        }
        awaitAll(submit(items, work));
    }

    /** Starts the work for each item on the workers, for {@link #awaitAll}. */
    <T> List<Future<?>> submit(List<T> items, Consumer<T> work) {
        return items.stream().<Future<?>>map(item -> pool.submit(() -> work.accept(item))).toList();
    }

    /** Waits for all the work; the first failure cancels the rest and fails the rebuild. */
    void awaitAll(List<Future<?>> running) {
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

    /** Runs the work in a transaction of its own whose search path is the rebuild's schema. */
    void inSchema(String schema, Runnable work) {
        transaction.executeWithoutResult(status -> {
            jdbc.execute("set local search_path to " + schema);
            // a crash loses at most the rebuild schema, which the next rebuild drops anyway: no need to wait for each flush
            jdbc.execute("set local synchronous_commit to off");
            work.run();
        });
    }

    void shutdownNow() {
        pool.shutdownNow();
    }
}
