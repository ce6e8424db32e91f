package org.casejourney.query.platform;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.bucket4j.Bandwidth;
import io.github.bucket4j.Bucket;
import io.github.bucket4j.ConsumptionProbe;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.casejourney.security.Callers;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;

import java.io.IOException;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A token bucket per principal on the query API, as the command side's WriteRateLimit does for writes, so one
 * analyst's script cannot starve the others of the read model: over its rate a caller gets 429 with Retry-After.
 */
@Component
class ReadRateLimit extends OncePerRequestFilter {

    /** More distinct callers than this at once means someone is inventing names: start afresh. */
    private static final int MAX_CLIENTS = 10_000;

    private final QuerySideProperties.RateLimit limit;
    private final ObjectMapper mapper;
    private final Map<String, Bucket> buckets = new ConcurrentHashMap<>();

    ReadRateLimit(QuerySideProperties properties, ObjectMapper mapper) {
        this.limit = properties.api().rateLimit();
        this.mapper = mapper;
    }

    @Override
    protected boolean shouldNotFilter(HttpServletRequest request) {
        return limit.requests() <= 0 || !request.getRequestURI().startsWith("/api/");
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        if (buckets.size() > MAX_CLIENTS) {
            buckets.clear();
        }
        ConsumptionProbe probe = buckets.computeIfAbsent(client(request), k -> newBucket()).tryConsumeAndReturnRemaining(1);
        if (probe.isConsumed()) {
            chain.doFilter(request, response);
            return;
        }
        long retryAfter = Math.max(1, Duration.ofNanos(probe.getNanosToWaitForRefill()).toSeconds() + 1);
        response.setHeader(HttpHeaders.RETRY_AFTER, Long.toString(retryAfter));
        Problems.write(response, Problems.of(HttpStatus.TOO_MANY_REQUESTS, "rate-limited", "Too many requests",
                "This caller sent more than " + limit.requests() + " requests in " + limit.period().toMillis()
                        + " ms; retry the same request after " + retryAfter + " s."), mapper);
    }

    private Bucket newBucket() {
        return Bucket.builder()
                .addLimit(Bandwidth.builder().capacity(Math.max(limit.burst(), limit.requests()))
                        .refillGreedy(limit.requests(), limit.period()).build())
                .build();
    }

    /** The authenticated principal (this filter runs after authentication), else the address. */
    private static String client(HttpServletRequest request) {
        String principal = Callers.principal();
        return !Callers.ANONYMOUS.equals(principal) ? "principal:" + principal : "address:" + request.getRemoteAddr();
    }
}
