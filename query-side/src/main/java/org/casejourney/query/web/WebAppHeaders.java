package org.casejourney.query.web;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.casejourney.query.platform.QuerySideProperties;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;

import java.io.IOException;
import java.net.URI;
import java.util.LinkedHashSet;
import java.util.Set;

/**
 * The web application's content security policy: its own scripts and styles only (nothing inline,
 * nothing from another site), and connections only to this app, the command side (the auditor's view)
 * and the identity provider (discovery and the token exchange).
 */
@Component
class WebAppHeaders extends OncePerRequestFilter {

    private final String policy;

    WebAppHeaders(QuerySideProperties properties) {
        Set<String> connect = new LinkedHashSet<>();
        connect.add("'self'");
        origin(properties.web().commandSideUrl()).ifPresent(connect::add);
        origin(properties.web().oidcIssuer()).ifPresent(connect::add);
        this.policy = "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; font-src 'self'; "
                + "connect-src " + String.join(" ", connect) + "; form-action 'self'; frame-ancestors 'none'; base-uri 'none'";
    }

    static java.util.Optional<String> origin(String url) {
        if (url == null || url.isBlank()) {
            return java.util.Optional.empty();
        }
        URI uri = URI.create(url.trim());
        if (uri.getScheme() == null || uri.getHost() == null) {
            throw new IllegalArgumentException("not an absolute URL: " + url);
        }
        return java.util.Optional.of(uri.getScheme() + "://" + uri.getHost() + (uri.getPort() == -1 ? "" : ":" + uri.getPort()));
    }

    @Override
    protected boolean shouldNotFilter(HttpServletRequest request) {
        String path = request.getRequestURI();
        return !(path.equals("/app") || path.startsWith("/app/"));
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        response.setHeader("Content-Security-Policy", policy);
        chain.doFilter(request, response);
    }
}
