package org.casejourney.query.platform;

import com.fasterxml.jackson.databind.JsonNode;
import org.casejourney.events.EventJson;
import org.casejourney.infrastructure.TestInfrastructure;
import org.casejourney.infrastructure.TestTokens;
import org.casejourney.query.RealInfrastructure;
import org.casejourney.security.Role;
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

/** Issue 11: the query API's rate limit is per principal, answered 429 with Retry-After, through the real app. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class ReadRateLimitTest {

    private static final String DATABASE = TestInfrastructure.get().newDatabase("query_read_rate_limit");

    private final HttpClient http = HttpClient.newHttpClient();

    @LocalServerPort
    int port;

    @DynamicPropertySource
    static void infrastructure(DynamicPropertyRegistry registry) {
        RealInfrastructure.register(registry, DATABASE, "casejourney.read-rate-limit-test");
        registry.add("casejourney.consumer.group-id", () -> "casejourney-read-rate-limit-test");
        registry.add("casejourney.api.rate-limit.requests", () -> "3");
        registry.add("casejourney.api.rate-limit.period", () -> "PT1H");
        registry.add("casejourney.api.rate-limit.burst", () -> "3");
    }

    @Test
    void aPrincipalOverItsRateGets429WithRetryAfterAndOthersAreUnaffected() throws Exception {
        String busy = "Bearer " + TestTokens.token("analyst-busy", Role.ANALYST);
        for (int i = 0; i < 3; i++) {
            assertThat(get(busy).statusCode()).isEqualTo(200);
        }
        HttpResponse<String> refused = get(busy);
        assertThat(refused.statusCode()).as(refused.body()).isEqualTo(429);
        assertThat(refused.headers().firstValue("Content-Type")).hasValue("application/problem+json");
        assertThat(Long.parseLong(refused.headers().firstValue("Retry-After").orElseThrow())).isPositive();
        JsonNode problem = EventJson.mapper().readTree(refused.body());
        assertThat(problem.path("type").asText()).isEqualTo("/problems/rate-limited");
        assertThat(problem.path("detail").asText()).contains("retry the same request after");

        assertThat(get("Bearer " + TestTokens.token("analyst-calm", Role.ANALYST)).statusCode()).isEqualTo(200);
    }

    private HttpResponse<String> get(String authorization) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/api/v1/projections"))
                .header("Authorization", authorization).GET().build(), HttpResponse.BodyHandlers.ofString());
    }
}
