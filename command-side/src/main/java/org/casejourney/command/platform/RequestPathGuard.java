package org.casejourney.command.platform;

import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.casejourney.platform.problems.ApiProblem;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;

import java.io.IOException;
import java.util.regex.Pattern;

/**
 * A person id reaches us as a path segment. The servlet container would quietly turn
 * {@code a/../b} into {@code b} and Spring would drop {@code ;params}, so a crafted path could
 * land an event on another person's stream: such paths are refused before routing.
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE)
class RequestPathGuard extends OncePerRequestFilter {

    private static final Pattern DOT_SEGMENT = Pattern.compile("(^|/)\\.{1,2}(/|$)");

    private final ObjectMapper mapper;

    RequestPathGuard(ObjectMapper mapper) {
        this.mapper = mapper;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        String raw = request.getRequestURI();
        if (raw.contains(";") || DOT_SEGMENT.matcher(raw).find()) {
            ApiProblem problem = new ApiProblem(HttpStatus.BAD_REQUEST, "invalid-path", "Invalid path",
                    "Paths may not contain ';' or '.'/'..' segments; a personId is 1-64 characters of A-Z a-z 0-9 . _ -");
            problem.writeTo(response, mapper);
            return;
        }
        chain.doFilter(request, response);
    }
}
