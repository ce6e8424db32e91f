package org.casejourney.query.web;

import org.casejourney.query.platform.QuerySideProperties;
import org.casejourney.security.SecurityProperties;
import org.springframework.http.CacheControl;
import org.springframework.http.ResponseEntity;
import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.ResponseBody;

import java.net.URI;
import java.util.Arrays;
import java.util.List;

/**
 * Serves the web application (docs/web.md): its page and what it needs to know to sign in. The page
 * itself holds no data; every figure it shows comes from the API with the signed-in person's token.
 */
@Controller
class WebAppController {

    /** What the page reads before it signs anyone in; nothing secret (the client is public, PKCE protects the code). */
    record WebConfig(Oidc oidc, boolean localSignIn, String commandSideUrl, String rolesClaim, int minCohortSize) {
        record Oidc(String issuer, String clientId, List<String> scopes) {
        }
    }

    private final WebConfig config;

    WebAppController(QuerySideProperties properties, SecurityProperties security) {
        QuerySideProperties.Web web = properties.web();
        this.config = new WebConfig(
                web.oidcIssuer().isBlank() ? null
                        : new WebConfig.Oidc(web.oidcIssuer(), web.clientId(), Arrays.stream(web.scopes().trim().split("\\s+")).toList()),
                web.localSignIn(), web.commandSideUrl().isBlank() ? null : web.commandSideUrl(), security.rolesClaim(),
                properties.analytics().minCohortSize());
    }

    @GetMapping({"/", "/app"})
    ResponseEntity<Void> toTheApp() {
        return ResponseEntity.status(302).location(URI.create("/app/")).build();
    }

    @GetMapping("/app/")
    String page() {
        return "forward:/app/index.html";
    }

    @GetMapping("/app/config.json")
    @ResponseBody
    ResponseEntity<WebConfig> config() {
        return ResponseEntity.ok().cacheControl(CacheControl.noStore()).body(config);
    }
}
