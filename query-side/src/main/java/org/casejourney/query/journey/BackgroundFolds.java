package org.casejourney.query.journey;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import java.util.function.IntSupplier;
import java.util.function.Supplier;

/**
 * The fold a catch-up deferred (ADR 014), done on two threads of their own while the live consumer goes on: a chunk of
 * people per transaction, each under the read side of a fair lock whose write side every batch of the live schema
 * takes ({@link #exclusively}). A batch never runs beside a chunk (both would write the same person's rows and keep
 * their events), and it waits for the chunks in flight only, not for the whole fold: before, the first batch after a
 * catch-up folded everyone first, so a record posted meanwhile waited for all of it (docs/performance.md). While the
 * consumer is far behind again the folds stop after their chunk ({@link #hold}): people touched again would be
 * folded twice.
 */
final class BackgroundFolds implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(BackgroundFolds.class);
    static final int THREADS = 2;

    private final ReentrantReadWriteLock lock = new ReentrantReadWriteLock(true);
    private final ExecutorService folders = Executors.newFixedThreadPool(THREADS, task -> {
        Thread thread = new Thread(task, "journey-deferred-fold");
        thread.setDaemon(true);
        return thread;
    });
    private final IntSupplier chunk;
    private final AtomicInteger running = new AtomicInteger();
    private final AtomicInteger foldedThisRun = new AtomicInteger();
    private volatile boolean mayHaveUnfolded = true; // a catch-up that stopped half-way may have left some
    private volatile boolean held;
    private volatile boolean closed;
    private volatile long startedNanos;

    /** @param chunk folds the next chunk of unfolded people in a transaction of its own; how many (0: none left) */
    BackgroundFolds(IntSupplier chunk) {
        this.chunk = chunk;
    }

    /** Runs a batch of the live schema with no chunk beside it: those in flight finish first, no new one starts meanwhile. */
    <T> T exclusively(Supplier<T> batch) {
        lock.writeLock().lock();
        try {
            return batch.get();
        } finally {
            lock.writeLock().unlock();
        }
    }

    /** A batch deferred its people's fold. */
    void noteDeferred() {
        mayHaveUnfolded = true;
    }

    /** Far behind again: the folds stop after the chunks in flight, until {@link #start}. */
    void hold() {
        held = true;
    }

    /** Starts folding everyone left unfolded on the two threads, unless they are at it; returns at once. */
    void start() {
        held = false;
        if (closed || !mayHaveUnfolded || !running.compareAndSet(0, THREADS)) {
            return;
        }
        mayHaveUnfolded = false;
        foldedThisRun.set(0);
        startedNanos = System.nanoTime();
        for (int i = 0; i < THREADS; i++) {
            folders.execute(this::foldUntilDoneOrHeld);
        }
    }

    /** Folds everyone left unfolded on the caller's thread, returning when none is; how many people. */
    int foldAll() {
        held = false;
        int total = 0;
        for (int folded = oneChunk(); folded > 0; folded = oneChunk()) {
            total += folded;
        }
        return total;
    }

    /** Whether folders started by {@link #start} are still at work. */
    boolean running() {
        return running.get() > 0;
    }

    private int oneChunk() {
        lock.readLock().lock();
        try {
            return chunk.getAsInt();
        } finally {
            lock.readLock().unlock();
        }
    }

    private void foldUntilDoneOrHeld() {
        int folded = 0;
        try {
            boolean done = false;
            while (!done && !held && !closed) {
                int people = oneChunk();
                folded += people;
                done = people == 0;
            }
            if (!done) {
                mayHaveUnfolded = true;
            }
        } catch (RuntimeException e) {
            mayHaveUnfolded = true; // the next batch or idle event tries again
            log.warn("Could not fold the people a catch-up left unfolded; trying again later", e);
        } finally {
            int total = foldedThisRun.addAndGet(folded);
            if (running.decrementAndGet() == 0 && total > 0) {
                log.info("Folded {} people whose fold a catch-up deferred in {} ms", total, (System.nanoTime() - startedNanos) / 1_000_000);
            }
        }
    }

    /** Stops the folds after the chunks in flight and waits for them, so the database does not go from under them. */
    @Override
    public void close() {
        closed = true;
        folders.shutdown();
        try {
            if (!folders.awaitTermination(60, TimeUnit.SECONDS)) {
                log.warn("A deferred fold's chunk was still running at shutdown; it rolls back and is folded at the next start");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
