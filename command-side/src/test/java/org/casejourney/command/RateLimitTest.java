package org.casejourney.command;

import org.junit.jupiter.api.Test;
import org.casejourney.infrastructure.TestInfrastructure;
import org.casejourney.infrastructure.TestTokens;
import org.casejourney.security.Role;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.context.TestPropertySource;

import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** One client over its write rate gets 429 with Retry-After; another client is not affected. */
@TestPropertySource(properties = {"casejourney.ingestion.rate-limit.requests=1", "casejourney.ingestion.rate-limit.period=PT1H",
        "casejourney.ingestion.rate-limit.burst=3"})
class RateLimitTest extends ApiTestSupport {

    private static final String OWN_DATABASE = TestInfrastructure.get().newDatabase("ratelimit");

    /** A store and topic of its own, so this second context's publisher never shares one with the others'. */
    @DynamicPropertySource
    static void ownStore(DynamicPropertyRegistry registry) {
        registry.add("spring.datasource.url", () -> OWN_DATABASE);
        registry.add("casejourney.topic.name", () -> "casejourney.events.ratelimit-" + java.util.UUID.randomUUID());
    }

    @Test
    void aClientOverItsRateIsToldToRetryLaterWhileOthersCarryOn() throws Exception {
        int limited = 0;
        HttpResponse<String> refused = null;
        for (int i = 0; i < 6; i++) {
            HttpResponse<String> response = postFrom("noisy-system", i);
            if (response.statusCode() == 429) {
                limited++;
                refused = response;
            }
        }

        assertThat(limited).isEqualTo(3);
        assertProblem(refused, 429, "/problems/rate-limited");
        assertThat(Long.parseLong(refused.headers().firstValue("Retry-After").orElseThrow())).isBetween(1L, 3601L);
        assertThat(postFrom("quiet-system", 99).statusCode()).isEqualTo(201);
    }

    private HttpResponse<String> postFrom(String system, int n) throws Exception {
        String person = person();
        String body = json.writeValueAsString(Map.of("type", "CaseClosed", "eventId", "rl-" + n + "-" + person,
                "occurredAt", Instant.now().minus(1, ChronoUnit.HOURS).toString(), "service", "housing", "outcome", "NEEDS_MET"));
        return http.send(request("/api/v1/persons/" + person + "/events")
                .header("Content-Type", "application/json").header("Authorization", "Bearer " + TestTokens.token(system, Role.RECORDER))
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
    }
}
