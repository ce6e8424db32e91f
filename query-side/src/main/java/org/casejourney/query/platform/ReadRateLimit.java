package org.casejourney.query.platform;

import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.casejourney.security.CallerRateLimit;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;

import java.io.IOException;
import java.util.OptionalLong;

/**
 * A token bucket per principal on the query API, as the command side's WriteRateLimit does for writes, so one
 * analyst's script cannot starve the others of the read model: over its rate a caller gets 429 with Retry-After.
 */
@Component
class ReadRateLimit extends OncePerRequestFilter {

    private final CallerRateLimit limit;
    private final ObjectMapper mapper;

    ReadRateLimit(QuerySideProperties properties, ObjectMapper mapper) {
        var settings = properties.api().rateLimit();
        this.limit = new CallerRateLimit(settings.requests(), settings.period(), settings.burst());
        this.mapper = mapper;
    }

    @Override
    protected boolean shouldNotFilter(HttpServletRequest request) {
        return limit.off() || !request.getRequestURI().startsWith("/api/");
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        OptionalLong retryAfter = limit.take(request);
        if (retryAfter.isEmpty()) {
            chain.doFilter(request, response);
            return;
        }
        response.setHeader(HttpHeaders.RETRY_AFTER, Long.toString(retryAfter.getAsLong()));
        Problems.write(response, Problems.of(HttpStatus.TOO_MANY_REQUESTS, "rate-limited", "Too many requests",
                "This caller sent more than " + limit.requests() + " requests in " + limit.period().toMillis()
                        + " ms; retry the same request after " + retryAfter.getAsLong() + " s."), mapper);
    }
}
