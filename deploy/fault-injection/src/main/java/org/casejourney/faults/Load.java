package org.casejourney.faults;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.casejourney.events.EventJson;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
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

    private final Http http;
    private final EventPlan plan;
    private final Settings settings;
    private final IntFunction<URI> target;
    private final boolean recordAcks;
    private final Map<String, Ack> acks = new ConcurrentHashMap<>();
    private final Set<String> sent = ConcurrentHashMap.newKeySet();
    private final AtomicLong ackCount = new AtomicLong();
    private final AtomicLong sentCount = new AtomicLong();
    private final Map<String, AtomicLong> outcomes = new ConcurrentHashMap<>();
    private final Queue samples = new Queue();
    private final List<String> anomalies = Collections.synchronizedList(new ArrayList<>());
    private final int[] next;
    private final boolean[] stuck;
    private final AtomicBoolean stop = new AtomicBoolean();
    private final AtomicLong pace = new AtomicLong();
    private final AtomicLong maxLatencyNanos = new AtomicLong();
    private final List<Thread> threads = new ArrayList<>();
    private long startNanos;
    private long endNanos;

    /**
     * @param target the command side to use for a worker's request, by worker index
     * @param recordAcks keep every acknowledgement for reconciliation (off for long soaks)
     */
    public Load(Http http, EventPlan plan, Settings settings, IntFunction<URI> target, boolean recordAcks) {
        this.http = http;
        this.plan = plan;
        this.settings = settings;
        this.target = target;
        this.recordAcks = recordAcks;
        this.next = new int[plan.people().size()];
        this.stuck = new boolean[plan.people().size()];
    }

    public Load start() {
        startNanos = System.nanoTime();
        pace.set(startNanos);
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
        return ackCount.get() == plan.totalEvents();
    }

    private void work(int worker) {
        List<Integer> mine = new ArrayList<>();
        for (int i = worker; i < plan.people().size(); i += settings.workers()) {
            mine.add(i);
        }
        int round = 0;
        long backoff = 0;
        while (!stop.get()) {
            List<Integer> open = mine.stream().filter(i -> !stuck[i] && next[i] < plan.people().get(i).events()).toList();
            if (open.isEmpty()) {
                return;
            }
            round++;
            boolean failed;
            if (settings.singleEvery() > 0 && round % settings.singleEvery() == 0) {
                failed = false;
                // one event each for the next batchSize people, so a round one by one is as long as a batch round
                int offset = (round * 7) % open.size();
                for (int j = 0; j < Math.min(open.size(), settings.batchSize()); j++) {
                    int i = open.get((offset + j) % open.size());
                    if (stop.get()) {
                        return;
                    }
                    failed |= !postSingle(worker, i);
                    if (failed) {
                        break;
                    }
                }
            } else {
                failed = !postBatch(worker, open, round);
            }
            if (failed) {
                backoff = backoff == 0 ? 100 : Math.min(2000, backoff * 2);
                sleep(backoff);
            } else {
                backoff = 0;
            }
        }
    }

    /** One event of person i; true when acknowledged. */
    private boolean postSingle(int worker, int i) {
        String personId = plan.people().get(i).id();
        int k = next[i];
        ObjectNode event = plan.event(personId, k);
        paceFor(1);
        markSent(event.path("eventId").asText());
        long begin = System.nanoTime();
        try {
            Http.Response response = http.post(target.apply(worker).resolve("/api/v1/persons/" + personId + "/events"),
                    EventJson.write(event), settings.requestTimeout());
            String outcome = "single " + response.status() + problemType(response.body());
            sample(begin, response.nanos(), outcome, 1);
            if (response.status() == 200 || response.status() == 201) {
                acknowledged(i, k, response.json().path("sequence").asLong(-1));
                return true;
            }
            refusedOrRetry(i, k, response.status(), outcome, response.body());
            return false;
        } catch (IOException e) {
            sample(begin, System.nanoTime() - begin, "single " + ioOutcome(e), 1);
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            stop();
            return false;
        }
    }

    /** Up to batchSize events: each open person's next few, in order; true when the request answered 200. */
    private boolean postBatch(int worker, List<Integer> open, int round) {
        List<int[]> items = new ArrayList<>();
        ObjectNode body = EventJson.mapper().createObjectNode();
        ArrayNode events = body.putArray("events");
        int offset = (round * 7) % open.size();
        for (int j = 0; j < open.size() && items.size() < settings.batchSize(); j++) {
            int i = open.get((offset + j) % open.size());
            String personId = plan.people().get(i).id();
            for (int k = next[i]; k < plan.people().get(i).events() && k < next[i] + settings.perPersonPerBatch()
                    && items.size() < settings.batchSize(); k++) {
                ObjectNode item = events.addObject();
                item.put("personId", personId);
                item.setAll(plan.event(personId, k));
                items.add(new int[]{i, k});
                markSent(item.path("eventId").asText());
            }
        }
        paceFor(items.size());
        long begin = System.nanoTime();
        try {
            Http.Response response = http.post(target.apply(worker).resolve("/api/v1/events/batch"),
                    EventJson.mapper().writeValueAsString(body), settings.requestTimeout());
            sample(begin, response.nanos(), "batch " + response.status() + problemType(response.body()), items.size());
            if (response.status() != 200) {
                if (response.status() < 500 && response.status() != 429) {
                    anomaly("batch answered " + response.status() + ": " + abbreviate(response.body()));
                    stop();
                }
                return false;
            }
            JsonNode results = response.json().path("results");
            boolean allAcked = true;
            Set<Integer> behind = new java.util.HashSet<>();
            for (int n = 0; n < items.size(); n++) {
                JsonNode result = results.path(n);
                int i = items.get(n)[0];
                int k = items.get(n)[1];
                int status = result.path("status").asInt();
                count("item " + status + problemType(result.path("problem")));
                if (status == 200 || status == 201) {
                    if (behind.contains(i)) {
                        anomaly("acknowledged " + plan.eventId(plan.people().get(i).id(), k) + " after an earlier event of the same person in the batch was not");
                        continue;
                    }
                    acknowledged(i, k, result.path("sequence").asLong(-1));
                } else {
                    allAcked = false;
                    behind.add(i);
                    refusedOrRetry(i, k, status, "item " + status, result.toString());
                }
            }
            return allAcked;
        } catch (IOException e) {
            sample(begin, System.nanoTime() - begin, "batch " + ioOutcome(e), items.size());
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            stop();
            return false;
        }
    }

    private void acknowledged(int i, int k, long sequence) {
        String personId = plan.people().get(i).id();
        if (k != next[i]) {
            anomaly("acknowledgement out of order for " + personId + ": event " + k + ", expected " + next[i]);
            return;
        }
        next[i] = k + 1;
        ackCount.incrementAndGet();
        if (recordAcks) {
            Ack previous = acks.putIfAbsent(plan.eventId(personId, k), new Ack(personId, sequence));
            if (previous != null && previous.sequence() != sequence) {
                anomaly(plan.eventId(personId, k) + " acknowledged at sequence " + previous.sequence() + " and " + sequence);
            }
        }
    }

    /** 429, 503 and other 5xx are retried (the person stays at this event); anything else will never succeed. */
    private void refusedOrRetry(int i, int k, int status, String outcome, String body) {
        if (status == 429 || status > 500) {
            return;
        }
        anomaly(outcome + " for " + plan.eventId(plan.people().get(i).id(), k) + ": " + abbreviate(body));
        if (status != 500) {
            stuck[i] = true;
        }
    }

    private void markSent(String eventId) {
        if (recordAcks) {
            if (sent.add(eventId)) {
                sentCount.incrementAndGet();
            }
        }
    }

    private void paceFor(int events) {
        if (settings.eventsPerSecond() <= 0) {
            return;
        }
        long slot = pace.getAndAdd((long) (events * 1e9 / settings.eventsPerSecond()));
        long wait = slot - System.nanoTime();
        if (wait > 0) {
            sleep(Math.min(wait / 1_000_000, 5_000));
        } else if (wait < -1_000_000_000L) {
            pace.compareAndSet(slot + (long) (events * 1e9 / settings.eventsPerSecond()), System.nanoTime());
        }
    }

    private void sample(long begin, long latency, String outcome, int events) {
        count(outcome);
        maxLatencyNanos.accumulateAndGet(latency, Math::max);
        samples.add(new Sample(begin + latency - startNanos, latency, outcome, events));
    }

    private void count(String outcome) {
        outcomes.computeIfAbsent(outcome, o -> new AtomicLong()).incrementAndGet();
    }

    private void anomaly(String what) {
        if (anomalies.size() < 200) {
            anomalies.add(what);
        }
    }

    private static String problemType(String body) {
        if (body == null || !body.contains("/problems/")) {
            return "";
        }
        int at = body.indexOf("/problems/");
        int end = at + 10;
        while (end < body.length() && (Character.isLetterOrDigit(body.charAt(end)) || body.charAt(end) == '-')) {
            end++;
        }
        return " " + body.substring(at + 10, end);
    }

    private static String problemType(JsonNode problem) {
        String type = problem.path("type").asText("");
        return type.isEmpty() ? "" : " " + type.substring(type.lastIndexOf('/') + 1);
    }

    private static String ioOutcome(IOException e) {
        if (e instanceof HttpTimeoutException) {
            return "timeout";
        }
        return e.getClass().getSimpleName();
    }

    private static String abbreviate(String s) {
        return s == null ? "" : s.length() > 300 ? s.substring(0, 300) + "..." : s;
    }

    private static void sleep(long millis) {
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
        return acks;
    }

    public Set<String> sent() {
        return sent;
    }

    public long sentCount() {
        return sentCount.get();
    }

    public long ackCount() {
        return ackCount.get();
    }

    /** Requests and batch items by outcome, e.g. "batch 200", "item 201", "single 503 store-unavailable", "batch ConnectException". */
    public Map<String, Long> outcomes() {
        Map<String, Long> copy = new TreeMap<>();
        outcomes.forEach((k, v) -> copy.put(k, v.get()));
        return copy;
    }

    public long outcomesStartingWith(String outcomePrefix) {
        return outcomes.entrySet().stream().filter(e -> e.getKey().startsWith(outcomePrefix)).mapToLong(e -> e.getValue().get()).sum();
    }

    public List<String> anomalies() {
        return List.copyOf(anomalies);
    }

    public Queue samples() {
        return samples;
    }

    public Duration maxLatency() {
        return Duration.ofNanos(maxLatencyNanos.get());
    }

    /** Nanoseconds since the load started, on the clock of {@link Sample#endedAtNanos()}. */
    public long clock() {
        return System.nanoTime() - startNanos;
    }

    /** The samples that ended between two readings of {@link #clock()}. */
    public List<Sample> samplesBetween(long from, long to) {
        return samples.snapshot().stream().filter(s -> s.endedAtNanos() >= from && s.endedAtNanos() <= to).toList();
    }

    public Duration elapsed() {
        return Duration.ofNanos((endNanos > 0 ? endNanos : System.nanoTime()) - startNanos);
    }

    /** Samples, drained by whoever reports on them (the soak, per minute); bounded so an unread queue cannot grow forever. */
    public static final class Queue {
        private final ConcurrentLinkedQueue<Sample> queue = new ConcurrentLinkedQueue<>();
        private final AtomicLong size = new AtomicLong();

        void add(Sample sample) {
            if (size.incrementAndGet() <= 2_000_000) {
                queue.add(sample);
            } else {
                size.decrementAndGet();
            }
        }

        public List<Sample> drain() {
            List<Sample> out = new ArrayList<>();
            Sample s;
            while ((s = queue.poll()) != null) {
                size.decrementAndGet();
                out.add(s);
            }
            return out;
        }

        public List<Sample> snapshot() {
            return List.copyOf(queue);
        }
    }
}
