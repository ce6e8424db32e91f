package org.casejourney.query.projections;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.support.TransactionTemplate;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Consumer;

/**
 * The rebuild's worker threads, and the transaction in the rebuild's schema that each piece of their work runs in. Each
 * worker is a lane: a thread of its own that runs what is handed to it in the order it was handed, so the first pass can
 * hand a lane its next chunk before the last one is stored, and a lane's later chunk never overtakes an earlier one.
 */
final class RebuildWorkers {

    private final JdbcTemplate jdbc;
    private final TransactionTemplate transaction;
    private final List<ExecutorService> lanes;

    RebuildWorkers(JdbcTemplate jdbc, TransactionTemplate transaction, int workers) {
        this.jdbc = jdbc;
        this.transaction = transaction;
        List<ExecutorService> lanes = new ArrayList<>();
        for (int i = 1; i <= Math.max(1, workers); i++) {
            String name = "projection-rebuild-" + i;
            lanes.add(Executors.newSingleThreadExecutor(r -> new Thread(r, name)));
        }
        this.lanes = List.copyOf(lanes);
    }

    int count() {
        return lanes.size();
    }

    /** Runs the work for each item on the workers, each in its own transaction, and waits for all; the first failure fails the rebuild. */
    <T> void inParallel(List<T> items, Consumer<T> work) {
        if (items.size() == 1) {
            work.accept(items.get(0));
            return;
        }
        awaitAll(submit(items, work));
    }

    /** Starts the work for each item, item {@code i} on lane {@code i} modulo the lanes, behind what each lane was handed before. */
    <T> List<Future<?>> submit(List<T> items, Consumer<T> work) {
        List<Future<?>> started = new ArrayList<>();
        for (int i = 0; i < items.size(); i++) {
            T item = items.get(i);
            started.add(lanes.get(i % lanes.size()).submit(() -> work.accept(item)));
        }
        return started;
    }

    /** Starts the work on this lane, behind what the lane was handed before. */
    Future<?> submitTo(int lane, Runnable work) {
        return lanes.get(lane).submit(work);
    }

    /** Waits for all the work; the first failure cancels the rest and fails the rebuild. */
    void awaitAll(List<Future<?>> running) {
        try {
            for (Future<?> future : running) {
                future.get();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            running.forEach(f -> f.cancel(true));
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
        lanes.forEach(ExecutorService::shutdownNow);
    }
}
