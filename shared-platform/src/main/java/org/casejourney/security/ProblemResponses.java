package org.casejourney.security;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.oauth2.core.OAuth2AuthenticationException;
import org.springframework.security.oauth2.server.resource.web.BearerTokenAuthenticationEntryPoint;
import org.springframework.security.oauth2.server.resource.web.access.BearerTokenAccessDeniedHandler;
import org.springframework.security.web.AuthenticationEntryPoint;
import org.springframework.security.web.access.AccessDeniedHandler;
import org.springframework.http.ProblemDetail;
import org.springframework.security.web.firewall.RequestRejectedException;
import org.springframework.security.web.firewall.RequestRejectedHandler;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.stream.Collectors;

/**
 * 401, 403 and requests the firewall rejects (400) as RFC 9457 problems, with the {@code WWW-Authenticate} header RFC 6750 asks for,
 * telling a client developer what to send instead. Nothing of the token is echoed back.
 */
final class ProblemResponses implements AuthenticationEntryPoint, AccessDeniedHandler, RequestRejectedHandler {

    private final BearerTokenAuthenticationEntryPoint bearer = new BearerTokenAuthenticationEntryPoint();
    private final BearerTokenAccessDeniedHandler denied = new BearerTokenAccessDeniedHandler();

    @Override
    public void commence(HttpServletRequest request, HttpServletResponse response, AuthenticationException exception) throws IOException {
        bearer.commence(request, response, exception);
        String detail;
        if (exception instanceof OAuth2AuthenticationException oauth) {
            String description = oauth.getError().getDescription();
            detail = "The bearer token was refused: " + (description == null ? oauth.getError().getErrorCode() : RejectedRequests.printable(description))
                    + ". Send a current token from the configured issuer (docs/security.md).";
        } else {
            detail = "This endpoint needs a bearer token: send 'Authorization: Bearer <JWT>' with a token from the configured "
                    + "issuer (the standalone launcher prints one per role; see docs/security.md).";
        }
        write(response, 401, "unauthenticated", "Not authenticated", detail);
    }

    @Override
    public void handle(HttpServletRequest request, HttpServletResponse response, AccessDeniedException exception) throws IOException {
        denied.handle(request, response, exception);
        Authentication caller = SecurityContextHolder.getContext().getAuthentication();
        String roles = caller == null ? "" : caller.getAuthorities().stream().map(GrantedAuthority::getAuthority)
                .filter(a -> a.startsWith("ROLE_")).map(a -> a.substring(5).toLowerCase()).sorted()
                .collect(Collectors.joining(", "));
        write(response, 403, "forbidden", "Not allowed",
                "The token's roles [" + roles + "] do not allow " + request.getMethod() + " on this endpoint; "
                        + "docs/security.md lists the role each endpoint needs.");
    }

    /** The firewall refused the request line (encoded slash, backslash or percent, control characters, ...) or a header. */
    @Override
    public void handle(HttpServletRequest request, HttpServletResponse response, RequestRejectedException exception) throws IOException {
        ProblemDetail problem = RejectedRequests.problem(exception);
        write(response, 400, problem.getType().getPath().substring("/problems/".length()), problem.getTitle(), problem.getDetail());
    }

    private static void write(HttpServletResponse response, int status, String type, String title, String detail) throws IOException {
        response.setStatus(status);
        response.setContentType("application/problem+json");
        response.setCharacterEncoding(StandardCharsets.UTF_8.name());
        response.getWriter().write("{\"type\":\"/problems/" + type + "\",\"title\":\"" + title + "\",\"status\":" + status
                + ",\"detail\":\"" + escape(detail) + "\"}");
    }

    private static String escape(String s) {
        StringBuilder out = new StringBuilder(s.length() + 16);
        for (char c : s.toCharArray()) {
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '<' -> out.append("\\u003c");
                case '>' -> out.append("\\u003e");
                default -> out.append(c < 0x20 ? String.format("\\u%04x", (int) c) : String.valueOf(c));
            }
        }
        return out.toString();
    }
}
