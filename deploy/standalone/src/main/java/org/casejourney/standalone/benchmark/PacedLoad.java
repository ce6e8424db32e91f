package org.casejourney.standalone.benchmark;

import org.casejourney.standalone.generator.BatchPoster;

import java.net.URI;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A steady background load: every 100 ms a batch of a tenth of the rate's contacts, over a few hundred
 * people, posted by a small pool so one slow answer does not hold the next tick back. A tick that finds
 * every poster busy is skipped rather than queued, so a system that cannot keep up shows it in {@link #rate()}.
 */
final class PacedLoad implements AutoCloseable {

    private static final long TICK_MILLIS = 100;
    private static final int PEOPLE = 200;
    private static final int IN_FLIGHT = 4;

    private final BatchPoster poster;
    private final String prefix;
    private final int perTick;
    private final ScheduledExecutorService clock = Executors.newSingleThreadScheduledExecutor();
    private final ExecutorService posting = Executors.newFixedThreadPool(IN_FLIGHT);
    private final AtomicInteger next = new AtomicInteger();
    private final AtomicInteger inFlight = new AtomicInteger();
    private final AtomicInteger skipped = new AtomicInteger();
    private long started;
    private long stopped;

    PacedLoad(URI commandUrl, String authorization, String prefix, int eventsPerSecond) {
        this.poster = new BatchPoster(commandUrl, 1, authorization);
        this.prefix = prefix;
        this.perTick = Math.max(1, (int) (eventsPerSecond * TICK_MILLIS / 1000));
    }

    PacedLoad start() {
        started = System.nanoTime();
        clock.scheduleAtFixedRate(this::tick, 0, TICK_MILLIS, TimeUnit.MILLISECONDS);
        return this;
    }

    private void tick() {
        if (inFlight.incrementAndGet() > IN_FLIGHT) {
            inFlight.decrementAndGet();
            skipped.incrementAndGet();
            return;
        }
        posting.submit(() -> {
            try {
                poster.post(batch());
            } finally {
                inFlight.decrementAndGet();
            }
        });
    }

    private List<BatchPoster.Item> batch() {
        Instant at = Instant.now().minusSeconds(5).truncatedTo(ChronoUnit.MILLIS);
        List<BatchPoster.Item> items = new ArrayList<>(perTick);
        for (int i = 0; i < perTick; i++) {
            int k = next.getAndIncrement();
            String personId = prefix + "-" + (k % PEOPLE);
            items.add(new BatchPoster.Item(personId, Contacts.contact(personId + "-c" + (k / PEOPLE), at)));
        }
        return items;
    }

    /** Stops the clock and waits (at most 30 s) for the batches already under way. */
    @Override
    public void close() throws InterruptedException {
        clock.shutdownNow();
        posting.shutdown();
        posting.awaitTermination(30, TimeUnit.SECONDS);
        posting.shutdownNow();
        stopped = System.nanoTime();
    }

    /** Events acknowledged per second over the load's life; after {@link #close()}. */
    double rate() {
        BatchPoster.Outcome outcome = poster.outcome();
        return (outcome.accepted() + outcome.duplicates()) / ((stopped - started) / 1e9);
    }

    /** Ticks that found every poster busy. */
    int skipped() {
        return skipped.get();
    }

    BatchPoster.Outcome outcome() {
        return poster.outcome();
    }
}
