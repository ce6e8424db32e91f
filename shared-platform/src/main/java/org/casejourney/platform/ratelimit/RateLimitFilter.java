package org.casejourney.platform.ratelimit;

import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.casejourney.platform.problems.ApiProblem;
import org.casejourney.security.CallerRateLimit;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.web.filter.OncePerRequestFilter;

import java.io.IOException;
import java.time.Duration;
import java.util.OptionalLong;

/**
 * A token bucket per caller ({@link CallerRateLimit}) on the requests an app chooses, so one runaway
 * client cannot starve the others: over its rate a caller gets 429 {@code rate-limited} with
 * Retry-After, and may retry the same request unchanged. Each app says which requests count.
 */
public abstract class RateLimitFilter extends OncePerRequestFilter {

    private final CallerRateLimit limit;
    private final String counted;
    private final ObjectMapper mapper;

    /** @param counted what is counted, in the plural, as the problem's detail names it ("writes", "requests") */
    protected RateLimitFilter(int requests, Duration period, int burst, String counted, ObjectMapper mapper) {
        this.limit = new CallerRateLimit(requests, period, burst);
        this.counted = counted;
        this.mapper = mapper;
    }

    /** Whether this request takes a token (the limit being on). */
    protected abstract boolean counts(HttpServletRequest request);

    @Override
    protected final boolean shouldNotFilter(HttpServletRequest request) {
        return limit.off() || !counts(request);
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        OptionalLong retryAfter = limit.take(request);
        if (retryAfter.isEmpty()) {
            chain.doFilter(request, response);
            return;
        }
        ApiProblem problem = new ApiProblem(HttpStatus.TOO_MANY_REQUESTS, "rate-limited", "Too many requests",
                "This caller sent more than " + limit.requests() + " " + counted + " in " + limit.period().toMillis()
                        + " ms; retry the same request after " + retryAfter.getAsLong() + " s.");
        response.setHeader(HttpHeaders.RETRY_AFTER, Long.toString(retryAfter.getAsLong()));
        problem.writeTo(response, mapper);
    }
}
