package org.casejourney.query.accesslog;

import com.fasterxml.jackson.databind.JsonNode;
import org.casejourney.events.EventJson;
import org.casejourney.infrastructure.TestInfrastructure;
import org.casejourney.infrastructure.TestTokens;
import org.casejourney.query.RealInfrastructure;
import org.casejourney.query.TestPseudonyms;
import org.casejourney.security.Role;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** Auditors read the query side's access log over HTTP, stating why; every read of it is logged first. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class AccessLogApiTest {

    private static final String DATABASE = TestInfrastructure.get().newDatabase("query_access_log");

    private final HttpClient http = HttpClient.newHttpClient();

    @LocalServerPort
    int port;
    @Autowired
    JdbcTemplate jdbc;

    @DynamicPropertySource
    static void infrastructure(DynamicPropertyRegistry registry) {
        RealInfrastructure.register(registry, DATABASE, "casejourney.events.access-log");
        registry.add("casejourney.consumer.group-id", () -> "casejourney-access-log-test");
    }

    @Test
    void anAuditorSeesWhoReadAPersonsJourneyAndTheirOwnReadOfTheLogNewestFirst() throws Exception {
        String pseudonym = TestPseudonyms.of("audited-person");
        assertThat(get("/api/v1/journeys/" + pseudonym, Role.ANALYST, "checking a complaint").statusCode()).isEqualTo(404);
        assertThat(get("/api/v1/journeys/" + pseudonym, Role.ANALYST, null).statusCode()).isEqualTo(404);

        HttpResponse<String> response = get("/api/v1/access-log?pseudonym=" + pseudonym, Role.AUDITOR, "complaint 2026-17");

        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        JsonNode page = EventJson.mapper().readTree(response.body());
        assertThat(page.path("pseudonym").asText()).isEqualTo(pseudonym);
        List<String> seen = new ArrayList<>();
        page.path("entries").forEach(e -> seen.add(e.path("principal").asText() + " | " + e.path("endpoint").asText() + " | "
                + e.path("purpose").asText(null)));
        assertThat(seen).containsExactly(
                "test-auditor | GET /api/v1/access-log?pseudonym=" + pseudonym + " | complaint 2026-17",
                "test-analyst | GET /api/v1/journeys/" + pseudonym + " | null",
                "test-analyst | GET /api/v1/journeys/" + pseudonym + " | checking a complaint");
        JsonNode newest = page.path("entries").get(0);
        assertThat(newest.path("pseudonym").asText()).isEqualTo(pseudonym);
        assertThat(newest.path("client").asText()).isNotBlank();
        assertThat(newest.path("accessedAt").asText()).isNotBlank();
    }

    @Test
    void withoutAPseudonymTheLogListsEveryonesEntriesUpToTheLimit() throws Exception {
        get("/api/v1/journeys/" + TestPseudonyms.of("someone-1"), Role.ANALYST, null);
        get("/api/v1/journeys/" + TestPseudonyms.of("someone-2"), Role.ANALYST, null);

        JsonNode page = EventJson.mapper().readTree(get("/api/v1/access-log?limit=2", Role.AUDITOR, "monthly review").body());

        assertThat(page.path("entries")).hasSize(2);
        assertThat(page.path("entries").get(0).path("endpoint").asText()).isEqualTo("GET /api/v1/access-log?limit=2");
        assertThat(page.path("entries").get(0).hasNonNull("pseudonym")).isFalse();
        assertThat(page.path("entries").get(1).path("pseudonym").asText()).isEqualTo(TestPseudonyms.of("someone-2"));
    }

    @Test
    void anAuditorWithoutAPurposeOrWithABadOneIsRefusedAndNothingIsLogged() throws Exception {
        long before = jdbc.queryForObject("select count(*) from audit.access_log", Long.class);

        HttpResponse<String> none = get("/api/v1/access-log", Role.AUDITOR, null);
        HttpResponse<String> blank = get("/api/v1/access-log", Role.AUDITOR, " ");
        HttpResponse<String> tooLong = get("/api/v1/access-log", Role.AUDITOR, "x".repeat(501));
        HttpResponse<String> notAPseudonym = get("/api/v1/access-log?pseudonym=audited-person", Role.AUDITOR, "review");
        HttpResponse<String> badLimit = get("/api/v1/access-log?limit=0", Role.AUDITOR, "review");

        assertProblem(none, "/problems/purpose-required");
        assertThat(EventJson.mapper().readTree(none.body()).path("detail").asText()).contains("X-Purpose");
        assertProblem(blank, "/problems/invalid-purpose");
        assertProblem(tooLong, "/problems/invalid-purpose");
        assertProblem(notAPseudonym, "/problems/invalid-query");
        assertProblem(badLimit, "/problems/invalid-query");
        assertThat(jdbc.queryForObject("select count(*) from audit.access_log", Long.class)).isEqualTo(before);
    }

    @Test
    void theLogSurvivesARebuildBecauseItLivesOutsideTheProjectionSchema() {
        assertThat(jdbc.queryForObject("select current_schema()", String.class)).isEqualTo("journey");
        assertThat(jdbc.queryForList("select table_schema from information_schema.tables where table_name = 'access_log'", String.class))
                .containsExactly("audit");
    }

    private static void assertProblem(HttpResponse<String> response, String type) throws Exception {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(400);
        assertThat(response.headers().firstValue("Content-Type")).hasValue("application/problem+json");
        assertThat(EventJson.mapper().readTree(response.body()).path("type").asText()).isEqualTo(type);
    }

    private HttpResponse<String> get(String path, Role role, String purpose) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://localhost:" + port + path))
                .header("Authorization", TestTokens.bearer(role)).GET();
        if (purpose != null) {
            request.header("X-Purpose", purpose);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }
}
