package org.casejourney.faults;

import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.IntFunction;

/**
 * A client that behaves like a front-line system: it posts each person's events in order, one
 * request in flight per person (each worker owns its people), retries a timeout, a refused
 * connection, a 429 or a 5xx with the same eventIds until acknowledged (backing off), and records
 * every acknowledgement.
 */
public final class Load {

    /**
     * @param workers concurrent requests
     * @param batchSize events per batch request
     * @param perPersonPerBatch consecutive events of one person in one batch
     * @param singleEvery every n-th round of a worker goes through the single-event endpoint, one
     *                    event for each of up to batchSize people (0: never; 1: always)
     * @param eventsPerSecond pacing across all workers (0: as fast as the service answers)
     * @param requestTimeout the client gives up waiting after this and retries
     */
    public record Settings(int workers, int batchSize, int perPersonPerBatch, int singleEvery, double eventsPerSecond,
                           Duration requestTimeout) {
    }

    /** What the service acknowledged for one event. */
    public record Ack(String personId, long sequence) {
    }

    /** One request: when it ended (ns since the load started), how long it took, what it answered. */
    public record Sample(long endedAtNanos, long latencyNanos, String outcome, int events) {
    }

    private final EventPlan plan;
    private final Settings settings;
    private final LoadLedger ledger;
    private final LoadRequests requests;
    private final AtomicBoolean stop = new AtomicBoolean();
    private final List<Thread> threads = new ArrayList<>();
    private long startNanos;
    private long endNanos;

    /**
     * @param target the command side to use for a worker's request, by worker index
     * @param recordAcks keep every acknowledgement for reconciliation (off for long soaks)
     */
    public Load(Http http, EventPlan plan, Settings settings, IntFunction<URI> target, boolean recordAcks) {
        this.plan = plan;
        this.settings = settings;
        this.ledger = new LoadLedger(plan, recordAcks);
        this.requests = new LoadRequests(http, plan, settings, target, ledger, this::stop);
    }

    public Load start() {
        startNanos = System.nanoTime();
        ledger.start(startNanos);
        requests.start(startNanos);
        for (int w = 0; w < settings.workers(); w++) {
            int worker = w;
            Thread thread = new Thread(() -> work(worker), "load-" + plan.clientTag() + "-" + w);
            thread.setDaemon(true);
            threads.add(thread);
            thread.start();
        }
        return this;
    }

    /** Waits until every event is acknowledged, the timeout passes, or {@link #stop()}; true when all were acknowledged. */
    public boolean await(Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        for (Thread thread : threads) {
            long left = deadline - System.nanoTime();
            try {
                if (left <= 0 || !joined(thread, left)) {
                    stop();
                    joined(thread, Duration.ofSeconds(60).toNanos());
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                stop();
            }
        }
        endNanos = System.nanoTime();
        return isComplete();
    }

    private static boolean joined(Thread thread, long nanos) throws InterruptedException {
        thread.join(Math.max(1, nanos / 1_000_000));
        return !thread.isAlive();
    }

    public void stop() {
        stop.set(true);
    }

    public boolean isComplete() {
        return ledger.ackCount() == plan.totalEvents();
    }

    private void work(int worker) {
        List<Integer> mine = new ArrayList<>();
        for (int i = worker; i < plan.people().size(); i += settings.workers()) {
            mine.add(i);
        }
        int round = 0;
        long backoff = 0;
        while (!stop.get()) {
            List<Integer> open = mine.stream().filter(ledger::open).toList();
            if (open.isEmpty()) {
                return;
            }
            round++;
            boolean failed = settings.singleEvery() > 0 && round % settings.singleEvery() == 0
                    ? !postSingles(worker, open, round)
                    : !requests.postBatch(worker, open, round);
            if (failed) {
                backoff = backoff == 0 ? 100 : Math.min(2000, backoff * 2);
                sleep(backoff);
            } else {
                backoff = 0;
            }
        }
    }

    /** One event each for the next batchSize people, so a round one by one is as long as a batch round; true when all were acknowledged. */
    private boolean postSingles(int worker, List<Integer> open, int round) {
        int offset = (round * 7) % open.size();
        for (int j = 0; j < Math.min(open.size(), settings.batchSize()); j++) {
            int i = open.get((offset + j) % open.size());
            if (stop.get()) {
                return true;
            }
            if (!requests.postSingle(worker, i)) {
                return false;
            }
        }
        return true;
    }

    static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    public EventPlan plan() {
        return plan;
    }

    public Map<String, Ack> acks() {
        return ledger.acks();
    }

    public Set<String> sent() {
        return ledger.sent();
    }

    public long sentCount() {
        return ledger.sentCount();
    }

    public long ackCount() {
        return ledger.ackCount();
    }

    /** Requests and batch items by outcome, e.g. "batch 200", "item 201", "single 503 store-unavailable", "batch ConnectException". */
    public Map<String, Long> outcomes() {
        return ledger.outcomes();
    }

    public long outcomesStartingWith(String outcomePrefix) {
        return ledger.outcomesStartingWith(outcomePrefix);
    }

    public List<String> anomalies() {
        return ledger.anomalies();
    }

    public SampleQueue samples() {
        return ledger.samples();
    }

    public Duration maxLatency() {
        return ledger.maxLatency();
    }

    /** Nanoseconds since the load started, on the clock of {@link Sample#endedAtNanos()}. */
    public long clock() {
        return System.nanoTime() - startNanos;
    }

    /** The samples that ended between two readings of {@link #clock()}. */
    public List<Sample> samplesBetween(long from, long to) {
        return ledger.samples().snapshot().stream().filter(s -> s.endedAtNanos() >= from && s.endedAtNanos() <= to).toList();
    }

    public Duration elapsed() {
        return Duration.ofNanos((endNanos > 0 ? endNanos : System.nanoTime()) - startNanos);
    }
}
