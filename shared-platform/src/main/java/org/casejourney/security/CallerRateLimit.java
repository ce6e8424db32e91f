package org.casejourney.security;

import io.github.bucket4j.Bandwidth;
import io.github.bucket4j.Bucket;
import io.github.bucket4j.ConsumptionProbe;
import jakarta.servlet.http.HttpServletRequest;

import java.time.Duration;
import java.util.Map;
import java.util.OptionalLong;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A token bucket per caller (the authenticated principal, else the client address), so one runaway
 * client cannot starve the others. Both apps' rate-limit filters decide with it and answer 429
 * with Retry-After in their own words. Kept in memory, per instance.
 */
public final class CallerRateLimit {

    /** More distinct callers than this at once means someone is inventing names: start afresh. */
    private static final int MAX_CALLERS = 10_000;

    private final int requests;
    private final Duration period;
    private final int burst;
    private final Map<String, Bucket> buckets = new ConcurrentHashMap<>();

    /** {@code requests} per {@code period}, bursts up to {@code burst} (at least {@code requests}); 0 requests turns it off. */
    public CallerRateLimit(int requests, Duration period, int burst) {
        this.requests = requests;
        this.period = period;
        this.burst = Math.max(burst, requests);
    }

    public boolean off() {
        return requests <= 0;
    }

    public int requests() {
        return requests;
    }

    public Duration period() {
        return period;
    }

    /** Empty when the request may go on; else the seconds the caller should wait before retrying. */
    public OptionalLong take(HttpServletRequest request) {
        if (buckets.size() > MAX_CALLERS) {
            buckets.clear();
        }
        ConsumptionProbe probe = buckets.computeIfAbsent(caller(request), k -> newBucket()).tryConsumeAndReturnRemaining(1);
        if (probe.isConsumed()) {
            return OptionalLong.empty();
        }
        return OptionalLong.of(Math.max(1, Duration.ofNanos(probe.getNanosToWaitForRefill()).toSeconds() + 1));
    }

    private Bucket newBucket() {
        return Bucket.builder().addLimit(Bandwidth.builder().capacity(burst).refillGreedy(requests, period).build()).build();
    }

    /** The authenticated principal (the filters run after authentication), else the address. */
    private static String caller(HttpServletRequest request) {
        String principal = Callers.principal();
        return !Callers.ANONYMOUS.equals(principal) ? "principal:" + principal : "address:" + request.getRemoteAddr();
    }
}
