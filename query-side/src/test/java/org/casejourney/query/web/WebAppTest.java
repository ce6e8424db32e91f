package org.casejourney.query.web;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.casejourney.infrastructure.TestInfrastructure;
import org.casejourney.query.RealInfrastructure;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The web application's page, assets and configuration over HTTP: open without a token (they hold no data),
 * under a content security policy that lets the page talk only to this app, the command side and the
 * identity provider; the data behind them still needs a token.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class WebAppTest {

    private static final TestInfrastructure INFRASTRUCTURE = TestInfrastructure.get();
    private static final String DATABASE = INFRASTRUCTURE.newDatabase("query_web");
    private static final ObjectMapper JSON = new ObjectMapper();

    private final HttpClient http = HttpClient.newHttpClient();

    @LocalServerPort
    int port;

    @DynamicPropertySource
    static void infrastructure(DynamicPropertyRegistry registry) {
        RealInfrastructure.register(registry, DATABASE, "casejourney.events.web");
        registry.add("casejourney.consumer.group-id", () -> "casejourney-web-test");
        registry.add("casejourney.web.oidc-issuer", () -> "https://login.example.org/realms/council");
        registry.add("casejourney.web.client-id", () -> "casejourney-web-test");
        registry.add("casejourney.web.scopes", () -> "openid casejourney");
        registry.add("casejourney.web.command-side-url", () -> "https://events.example.org:8443/");
    }

    private HttpResponse<String> get(String path) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + path)).build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void theRootSendsTheBrowserToTheApp() throws Exception {
        HttpResponse<String> response = get("/");
        assertThat(response.statusCode()).isEqualTo(302);
        assertThat(response.headers().firstValue("Location")).hasValue("/app/");
    }

    @Test
    void thePageLoadsWithoutATokenUnderAStrictContentSecurityPolicy() throws Exception {
        HttpResponse<String> page = get("/app/");
        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.headers().firstValue("Content-Type")).hasValueSatisfying(type -> assertThat(type).startsWith("text/html"));
        assertThat(page.body()).contains("<script type=\"module\" src=\"/app/js/main.js\"></script>").doesNotContain("<script>");
        String policy = page.headers().firstValue("Content-Security-Policy").orElseThrow();
        assertThat(policy).contains("default-src 'none'", "script-src 'self'", "style-src 'self'", "frame-ancestors 'none'")
                .contains("connect-src 'self' https://events.example.org:8443 https://login.example.org")
                .doesNotContain("unsafe-inline").doesNotContain("unsafe-eval");

        HttpResponse<String> script = get("/app/js/main.js");
        assertThat(script.statusCode()).isEqualTo(200);
        assertThat(script.headers().firstValue("Content-Type")).hasValueSatisfying(type -> assertThat(type).contains("javascript"));
        assertThat(script.headers().firstValue("Content-Security-Policy")).isPresent();
    }

    @Test
    void theConfigurationTellsThePageWhereToSignInAndNothingSecret() throws Exception {
        HttpResponse<String> response = get("/app/config.json");
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("Cache-Control")).hasValueSatisfying(value -> assertThat(value).contains("no-store"));
        JsonNode config = JSON.readTree(response.body());
        assertThat(config.path("oidc").path("issuer").asText()).isEqualTo("https://login.example.org/realms/council");
        assertThat(config.path("oidc").path("clientId").asText()).isEqualTo("casejourney-web-test");
        assertThat(config.path("oidc").path("scopes")).extracting(JsonNode::asText).containsExactly("openid", "casejourney");
        assertThat(config.path("commandSideUrl").asText()).isEqualTo("https://events.example.org:8443/");
        assertThat(config.path("rolesClaim").asText()).isEqualTo("casejourney_roles");
        assertThat(config.path("localSignIn").asBoolean()).isFalse();
        assertThat(response.body()).doesNotContainIgnoringCase("secret").doesNotContainIgnoringCase("password");
    }

    @Test
    void aMissingAssetIsNotFoundAndTheDataStillNeedsAToken() throws Exception {
        assertThat(get("/app/js/no-such-view.js").statusCode()).isEqualTo(404);
        assertThat(get("/api/v1/failure-demand").statusCode()).isEqualTo(401);
        assertThat(get("/apps/").statusCode()).as("only the app's own paths are open").isEqualTo(401);
    }
}
