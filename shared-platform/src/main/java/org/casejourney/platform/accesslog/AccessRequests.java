package org.casejourney.platform.accesslog;

import jakarta.servlet.http.HttpServletRequest;
import org.casejourney.platform.problems.ApiProblem;
import org.casejourney.security.Callers;
import org.casejourney.security.Role;
import org.springframework.http.HttpStatus;

/**
 * What both apps' access logs take from a request that reads a person's data: the stated purpose
 * ({@code X-Purpose}, required of auditors, 1-500 characters from anyone who sends it) and the endpoint read.
 */
public final class AccessRequests {

    public static final String PURPOSE_HEADER = "X-Purpose";
    public static final int PURPOSE_MAX = 500;

    private AccessRequests() {
    }

    /** The request's stated purpose, or null when none is sent by a caller who need not state one. */
    public static String purpose(HttpServletRequest request) {
        String purpose = request.getHeader(PURPOSE_HEADER);
        if (purpose == null && Callers.has(Role.AUDITOR)) {
            throw new ApiProblem(HttpStatus.BAD_REQUEST, "purpose-required", "Purpose required",
                    "Auditors state why they read a person's data: send the " + PURPOSE_HEADER
                            + " header (for example 'complaint 2026-17'); it is kept in the access log.");
        }
        if (purpose != null && (purpose.isBlank() || purpose.length() > PURPOSE_MAX)) {
            throw new ApiProblem(HttpStatus.BAD_REQUEST, "invalid-purpose", "Invalid purpose",
                    PURPOSE_HEADER + " states why the data is read, in 1-" + PURPOSE_MAX + " characters.");
        }
        return purpose;
    }

    /** The method, path and query read, as the log records them. */
    public static String endpoint(HttpServletRequest request) {
        return request.getMethod() + " " + request.getRequestURI()
                + (request.getQueryString() == null ? "" : "?" + request.getQueryString());
    }
}
