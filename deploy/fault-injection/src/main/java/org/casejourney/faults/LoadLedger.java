package org.casejourney.faults;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * What a load sent and was acknowledged, person by person: the next event each person is at,
 * every acknowledgement, the outcome counts, the samples and anything that should never happen.
 */
final class LoadLedger {

    private final EventPlan plan;
    private final boolean recordAcks;
    private final Map<String, Load.Ack> acks = new ConcurrentHashMap<>();
    private final Set<String> sent = ConcurrentHashMap.newKeySet();
    private final AtomicLong ackCount = new AtomicLong();
    private final AtomicLong sentCount = new AtomicLong();
    private final Map<String, AtomicLong> outcomes = new ConcurrentHashMap<>();
    private final SampleQueue samples = new SampleQueue();
    private final List<String> anomalies = Collections.synchronizedList(new ArrayList<>());
    private final AtomicLong maxLatencyNanos = new AtomicLong();
    private final int[] next;
    private final boolean[] stuck;
    private long startNanos;

    /** @param recordAcks keep every acknowledgement for reconciliation (off for long soaks) */
    LoadLedger(EventPlan plan, boolean recordAcks) {
        this.plan = plan;
        this.recordAcks = recordAcks;
        this.next = new int[plan.people().size()];
        this.stuck = new boolean[plan.people().size()];
    }

    void start(long startNanos) {
        this.startNanos = startNanos;
    }

    /** The index of person i's next event to send. */
    int next(int i) {
        return next[i];
    }

    /** Whether person i still has events to send: not all acknowledged, and none refused for good. */
    boolean open(int i) {
        return !stuck[i] && next[i] < plan.people().get(i).events();
    }

    void acknowledged(int i, int k, long sequence) {
        String personId = plan.people().get(i).id();
        if (k != next[i]) {
            anomaly("acknowledgement out of order for " + personId + ": event " + k + ", expected " + next[i]);
            return;
        }
        next[i] = k + 1;
        ackCount.incrementAndGet();
        if (recordAcks) {
            Load.Ack previous = acks.putIfAbsent(plan.eventId(personId, k), new Load.Ack(personId, sequence));
            if (previous != null && previous.sequence() != sequence) {
                anomaly(plan.eventId(personId, k) + " acknowledged at sequence " + previous.sequence() + " and " + sequence);
            }
        }
    }

    /** 429, 503 and other 5xx are retried (the person stays at this event); anything else will never succeed. */
    void refusedOrRetry(int i, int k, int status, String outcome, String body) {
        if (status == 429 || status > 500) {
            return;
        }
        anomaly(outcome + " for " + plan.eventId(plan.people().get(i).id(), k) + ": " + abbreviate(body));
        if (status != 500) {
            stuck[i] = true;
        }
    }

    void markSent(String eventId) {
        if (recordAcks) {
            if (sent.add(eventId)) {
                sentCount.incrementAndGet();
            }
        }
    }

    void sample(long begin, long latency, String outcome, int events) {
        count(outcome);
        maxLatencyNanos.accumulateAndGet(latency, Math::max);
        samples.add(new Load.Sample(begin + latency - startNanos, latency, outcome, events));
    }

    void count(String outcome) {
        outcomes.computeIfAbsent(outcome, o -> new AtomicLong()).incrementAndGet();
    }

    void anomaly(String what) {
        if (anomalies.size() < 200) {
            anomalies.add(what);
        }
    }

    static String abbreviate(String s) {
        return s == null ? "" : s.length() > 300 ? s.substring(0, 300) + "..." : s;
    }

    Map<String, Load.Ack> acks() {
        return acks;
    }

    Set<String> sent() {
        return sent;
    }

    long sentCount() {
        return sentCount.get();
    }

    long ackCount() {
        return ackCount.get();
    }

    Map<String, Long> outcomes() {
        Map<String, Long> copy = new TreeMap<>();
        outcomes.forEach((k, v) -> copy.put(k, v.get()));
        return copy;
    }

    long outcomesStartingWith(String outcomePrefix) {
        return outcomes.entrySet().stream().filter(e -> e.getKey().startsWith(outcomePrefix)).mapToLong(e -> e.getValue().get()).sum();
    }

    List<String> anomalies() {
        return List.copyOf(anomalies);
    }

    SampleQueue samples() {
        return samples;
    }

    Duration maxLatency() {
        return Duration.ofNanos(maxLatencyNanos.get());
    }
}
