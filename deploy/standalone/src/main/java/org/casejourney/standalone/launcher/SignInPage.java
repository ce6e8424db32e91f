package org.casejourney.standalone.launcher;

import com.sun.net.httpserver.HttpExchange;
import org.casejourney.security.Role;

import java.io.IOException;
import java.util.List;
import java.util.Map;

/** The local identity provider's one page: the roles to sign in as, or why a sign-in was refused. */
final class SignInPage {

    private SignInPage() {
    }

    /** The buttons, one per role, in a form carrying the request's parameters back to /authorize. */
    static String choices(Map<String, String> request, List<Role> roles) {
        StringBuilder hidden = new StringBuilder();
        for (String name : List.of("client_id", "redirect_uri", "response_type", "code_challenge", "code_challenge_method", "state", "nonce", "scope")) {
            if (request.get(name) != null) {
                hidden.append("<input type=\"hidden\" name=\"").append(name).append("\" value=\"").append(html(request.get(name))).append("\">");
            }
        }
        StringBuilder buttons = new StringBuilder();
        for (Role role : roles) {
            buttons.append("<button type=\"submit\" name=\"role\" value=\"").append(role.claimValue()).append("\">Sign in as ")
                    .append(role.claimValue()).append("</button> ");
        }
        return "<h1>Sign in to casejourney</h1><p>This is the standalone system's own sign-in, for this machine only: "
                + "choose the role to use. A deployment signs people in through its own identity provider instead.</p>"
                + "<form method=\"post\" action=\"/authorize\">" + hidden + buttons + "</form>";
    }

    /** The page around {@code body}: no script, framing refused, its form may post only here and to the app. */
    static void send(HttpExchange exchange, int status, String body, String appOrigin) throws IOException {
        exchange.getResponseHeaders().set("Content-Security-Policy",
                "default-src 'none'; style-src 'unsafe-inline'; form-action 'self' " + appOrigin + "; frame-ancestors 'none'; base-uri 'none'");
        exchange.getResponseHeaders().set("X-Frame-Options", "DENY");
        exchange.getResponseHeaders().set("Cache-Control", "no-store");
        LocalIdentityProvider.send(exchange, status, "text/html; charset=utf-8", "<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\">"
                + "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\"><title>Sign in: casejourney</title>"
                + "<style>body{font-family:system-ui,sans-serif;max-width:40rem;margin:3rem auto;padding:0 1rem;color:#0b0c0c}"
                + "button{font:inherit;padding:.6rem 1rem;margin:.25rem;background:#00703c;color:#fff;border:0;border-radius:3px;cursor:pointer}"
                + "button:focus{outline:3px solid #fd0;outline-offset:2px}</style></head><body><main>" + body + "</main></body></html>");
    }

    /** Text as HTML: markup characters escaped, for attribute values too. */
    static String html(String text) {
        return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;").replace("'", "&#39;");
    }
}
