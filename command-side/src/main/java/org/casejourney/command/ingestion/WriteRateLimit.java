package org.casejourney.command.ingestion;

import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.casejourney.command.platform.ApiProblem;
import org.casejourney.command.platform.CaseJourneyProperties;
import org.casejourney.security.CallerRateLimit;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;

import java.io.IOException;
import java.util.OptionalLong;

/**
 * A token bucket per client on writes, so one runaway sender cannot starve the others: over its
 * rate a client gets 429 with Retry-After, and may retry the same request unchanged.
 */
@Component
class WriteRateLimit extends OncePerRequestFilter {

    private final CallerRateLimit limit;
    private final ObjectMapper mapper;

    WriteRateLimit(CaseJourneyProperties properties, ObjectMapper mapper) {
        var settings = properties.ingestion().rateLimit();
        this.limit = new CallerRateLimit(settings.requests(), settings.period(), settings.burst());
        this.mapper = mapper;
    }

    @Override
    protected boolean shouldNotFilter(HttpServletRequest request) {
        return limit.off() || !"POST".equals(request.getMethod()) || !(request.getRequestURI().startsWith("/api/") || request.getRequestURI().startsWith("/fhir/"));
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
                "This client sent more than " + limit.requests() + " writes in " + limit.period().toMillis()
                        + " ms; retry the same request after " + retryAfter.getAsLong() + " s.");
        response.setStatus(problem.status().value());
        response.setHeader(HttpHeaders.RETRY_AFTER, Long.toString(retryAfter.getAsLong()));
        response.setContentType(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
        mapper.writeValue(response.getOutputStream(), problem.toProblemDetail());
    }
}
