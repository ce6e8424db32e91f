package org.casejourney.query.journey;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * A catch-up far behind the topic's end in two stages: the consumer's thread polls and reads (parses, pseudonymises,
 * writes each payload) the next records while one writer thread applies the poll before them in its transaction, so
 * the database's COPY and the Java work overlap instead of taking turns. One poll is applied at a time, in the
 * order polled, and up to {@link #DEPTH} wait to be: with one, each stage waited for the other a fifth of the time,
 * as their times varied from poll to poll (docs/performance.md). The consumer's thread waits for every handed-over
 * poll before anything it does itself (a batch near the topic's end, the deferred fold, a rebalance).
 *
 * <p>A poll the writer could not apply rolled back with its positions, but the consumer has read past it. The polls
 * queued behind it are not applied (their positions would pass over its records), and the consumer must be sent
 * back to the stored positions before it applies anything more, or the rolled-back records would be skipped:
 * {@link #failed} says so until {@link #rewound} is called, and the next poll goes on the consumer's own thread,
 * where a failure reaches the container's error handler and its back-off.
 */
final class CatchUpPipeline implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(CatchUpPipeline.class);

    private final ExecutorService writer = Executors.newSingleThreadExecutor(task -> {
        Thread thread = new Thread(task, "journey-catch-up-writer");
        thread.setDaemon(true);
        return thread;
    });
    /** Polls handed over and not yet applied, at most. */
    static final int DEPTH = 2;

    private final Deque<Future<?>> inFlight = new ArrayDeque<>();
    /** Set on the writer's thread when a poll failed, so the polls queued behind it are not applied; cleared by {@link #rewound}. */
    private volatile boolean broken;
    private boolean mustRewind;
    private boolean nextOnConsumerThread;

    /** A poll queued behind one that failed: left to be read again after the rewind. */
    private static final class Skipped extends RuntimeException {
        Skipped() {
            super("not applied: a poll before it failed", null, false, false);
        }
    }

    /** Whether the next poll may go to the writer (not right after a failure, until one succeeds on the consumer's thread). */
    boolean mayHandOver() {
        return !nextOnConsumerThread;
    }

    /** A poll the consumer's thread applied itself succeeded: the writer may take the next ones again. */
    void succeededHere() {
        nextOnConsumerThread = false;
    }

    /** Waits for every poll handed over; false when one failed (now or before) and the consumer is not yet rewound. */
    boolean drain() {
        while (!inFlight.isEmpty()) {
            awaitOldest();
        }
        return !mustRewind;
    }

    private void awaitOldest() {
        Future<?> oldest = inFlight.poll();
        try {
            oldest.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while the catch-up's writer applied a poll", e);
        } catch (ExecutionException e) {
            if (!(e.getCause() instanceof Skipped)) {
                log.warn("The catch-up's writer could not apply a poll; it rolled back with its positions, and the consumer "
                        + "reads again from the stored positions", e.getCause());
            }
            mustRewind = true;
            nextOnConsumerThread = true;
        }
    }

    /** Whether the consumer must be sent back to the stored positions before anything else. */
    boolean failed() {
        return mustRewind;
    }

    /** The consumer was sent back to the stored positions (nothing is in flight: {@link #drain} came first). */
    void rewound() {
        mustRewind = false;
        broken = false;
    }

    /**
     * Hands the poll to the writer, once fewer than {@link #DEPTH} wait to be applied; false (nothing handed over) when
     * one of them failed, and the caller then drains the rest.
     */
    boolean handOver(Runnable apply) {
        while (!mustRewind && inFlight.size() >= DEPTH) {
            awaitOldest();
        }
        if (mustRewind) {
            return false;
        }
        inFlight.add(writer.submit(() -> {
            if (broken) {
                throw new Skipped();
            }
            try {
                apply.run();
            } catch (RuntimeException | Error e) {
                broken = true;
                throw e;
            }
        }));
        return true;
    }

    /** Lets the polls handed over finish (a stopping container leaves at most these to apply). */
    @Override
    public void close() {
        writer.shutdown();
        try {
            if (!writer.awaitTermination(30, TimeUnit.SECONDS)) {
                log.warn("The catch-up's writer did not finish its poll within 30 s; it rolls back and is read again on the next start");
            }
            for (Future<?> handedOver : inFlight) {
                handedOver.get(0, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException | TimeoutException e) {
            log.warn("The catch-up's last poll was not applied; it is read again on the next start", e);
        }
    }
}
