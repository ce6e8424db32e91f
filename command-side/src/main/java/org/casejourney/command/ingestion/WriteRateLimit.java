package org.casejourney.command.ingestion;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.bucket4j.Bandwidth;
import io.github.bucket4j.Bucket;
import io.github.bucket4j.ConsumptionProbe;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.casejourney.command.platform.ApiProblem;
import org.casejourney.command.platform.Caller;
import org.casejourney.security.Callers;
import org.casejourney.command.platform.CaseJourneyProperties;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;

import java.io.IOException;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A token bucket per client on writes, so one runaway sender cannot starve the others: over its
 * rate a client gets 429 with Retry-After, and may retry the same request unchanged.
 */
@Component
class WriteRateLimit extends OncePerRequestFilter {

    /** More distinct clients than this at once means someone is inventing names: start afresh. */
    private static final int MAX_CLIENTS = 10_000;

    private final int requests;
    private final Duration period;
    private final int burst;
    private final ObjectMapper mapper;
    private final Map<String, Bucket> buckets = new ConcurrentHashMap<>();

    WriteRateLimit(CaseJourneyProperties properties, ObjectMapper mapper) {
        this.requests = properties.ingestion().rateLimit().requests();
        this.period = properties.ingestion().rateLimit().period();
        this.burst = Math.max(properties.ingestion().rateLimit().burst(), requests);
        this.mapper = mapper;
    }

    @Override
    protected boolean shouldNotFilter(HttpServletRequest request) {
        return requests <= 0 || !"POST".equals(request.getMethod()) || !request.getRequestURI().startsWith("/api/");
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
        ApiProblem problem = new ApiProblem(HttpStatus.TOO_MANY_REQUESTS, "rate-limited", "Too many requests",
                "This client sent more than " + requests + " writes in " + period.toMillis() + " ms; retry the same request after " + retryAfter + " s.");
        response.setStatus(problem.status().value());
        response.setHeader(HttpHeaders.RETRY_AFTER, Long.toString(retryAfter));
        response.setContentType(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
        mapper.writeValue(response.getOutputStream(), problem.toProblemDetail());
    }

    private Bucket newBucket() {
        return Bucket.builder()
                .addLimit(Bandwidth.builder().capacity(burst).refillGreedy(requests, period).build())
                .build();
    }

    /** The authenticated principal (this filter runs after authentication), else the address. */
    private static String client(HttpServletRequest request) {
        String principal = Caller.principal();
        return !Callers.ANONYMOUS.equals(principal) ? "principal:" + principal : "address:" + request.getRemoteAddr();
    }
}
