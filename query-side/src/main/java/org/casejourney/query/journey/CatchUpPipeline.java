package org.casejourney.query.journey;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

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
 * order polled; the consumer's thread waits for it before handing over the next, and before anything it does
 * itself (a batch near the topic's end, the deferred fold, a rebalance).
 *
 * <p>A poll the writer could not apply rolled back with its positions, but the consumer has read past it. The
 * consumer must then be sent back to the stored positions before it applies anything more, or the rolled-back
 * records would be skipped: {@link #failed} says so until {@link #rewound} is called, and the next poll goes on
 * the consumer's own thread, where a failure reaches the container's error handler and its back-off.
 */
final class CatchUpPipeline implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(CatchUpPipeline.class);

    private final ExecutorService writer = Executors.newSingleThreadExecutor(task -> {
        Thread thread = new Thread(task, "journey-catch-up-writer");
        thread.setDaemon(true);
        return thread;
    });
    private Future<?> inFlight;
    private boolean mustRewind;
    private boolean nextOnConsumerThread;

    /** Whether the next poll may go to the writer (not right after a failure, until one succeeds on the consumer's thread). */
    boolean mayHandOver() {
        return !nextOnConsumerThread;
    }

    /** A poll the consumer's thread applied itself succeeded: the writer may take the next ones again. */
    void succeededHere() {
        nextOnConsumerThread = false;
    }

    /** Waits for the poll in flight; false when it failed (or an earlier one did) and the consumer is not yet rewound. */
    boolean drain() {
        Future<?> running = inFlight;
        inFlight = null;
        if (running != null) {
            try {
                running.get();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while the catch-up's writer applied a poll", e);
            } catch (ExecutionException e) {
                log.warn("The catch-up's writer could not apply a poll; it rolled back with its positions, and the consumer "
                        + "reads again from the stored positions", e.getCause());
                mustRewind = true;
                nextOnConsumerThread = true;
            }
        }
        return !mustRewind;
    }

    /** Whether the consumer must be sent back to the stored positions before anything else. */
    boolean failed() {
        return mustRewind;
    }

    /** The consumer was sent back to the stored positions. */
    void rewound() {
        mustRewind = false;
    }

    /** Hands the poll to the writer after the one before it is applied; false (nothing handed over) when that one failed. */
    boolean handOver(Runnable apply) {
        if (!drain()) {
            return false;
        }
        inFlight = writer.submit(apply);
        return true;
    }

    /** Lets the poll in flight finish (a stopping container leaves at most this one to apply). */
    @Override
    public void close() {
        writer.shutdown();
        try {
            if (!writer.awaitTermination(30, TimeUnit.SECONDS)) {
                log.warn("The catch-up's writer did not finish its poll within 30 s; it rolls back and is read again on the next start");
            }
            if (inFlight != null) {
                inFlight.get(0, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException | TimeoutException e) {
            log.warn("The catch-up's last poll was not applied; it is read again on the next start", e);
        }
    }
}
