package org.casejourney.security;

import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.security.web.firewall.RequestRejectedException;

import java.net.URI;

/**
 * What a client is told when Spring Security's firewall refuses its request: by the filter chain for the request line,
 * or later, when a header is first read (by Spring MVC, say), so each app's problem handling answers it the same way.
 */
public final class RejectedRequests {

    private RejectedRequests() {
    }

    public static ProblemDetail problem(RequestRejectedException exception) {
        String message = exception.getMessage() == null ? "" : exception.getMessage();
        ProblemDetail problem;
        if (message.contains("header")) {
            problem = ProblemDetail.forStatusAndDetail(HttpStatus.BAD_REQUEST, "A request header's name or value holds characters "
                    + "this service never accepts (control characters other than tab, or code points Unicode does not assign): "
                    + printable(message));
            problem.setType(URI.create("/problems/invalid-header"));
            problem.setTitle("Invalid header");
        } else {
            problem = ProblemDetail.forStatusAndDetail(HttpStatus.BAD_REQUEST, "The request path holds characters this service never "
                    + "accepts (encoded '/', '\\', '%', ';', control characters or '.'/'..' segments); a personId is 1-64 characters "
                    + "of A-Z a-z 0-9 . _ -");
            problem.setType(URI.create("/problems/invalid-path"));
            problem.setTitle("Invalid path");
        }
        return problem;
    }

    /** Only the printable ASCII part of a library's message, and not too much of it. */
    static String printable(String text) {
        String printable = text.replaceAll("[^\\x20-\\x7E]", "?");
        return printable.length() > 200 ? printable.substring(0, 200) + "..." : printable;
    }
}
