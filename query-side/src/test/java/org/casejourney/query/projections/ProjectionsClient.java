package org.casejourney.query.projections;

import com.fasterxml.jackson.databind.JsonNode;
import org.casejourney.events.EventJson;
import org.casejourney.infrastructure.TestTokens;
import org.casejourney.security.Role;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.function.Predicate;

import static org.assertj.core.api.Assertions.assertThat;

/** The query side's API over HTTP, as an operator (admin and analyst) calls it, with waits on the projections listing. */
final class ProjectionsClient {

    private final HttpClient http = HttpClient.newHttpClient();
    private final int port;
    private final Duration patience;

    ProjectionsClient(int port, Duration patience) {
        this.port = port;
        this.patience = patience;
    }

    HttpResponse<String> get(String path) throws Exception {
        return http.send(request(path).GET().build(), HttpResponse.BodyHandlers.ofString());
    }

    HttpResponse<String> post(String path) throws Exception {
        return http.send(request(path).POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
    }

    /** The answer's JSON, after asserting it is a 200. */
    JsonNode getJson(String path) throws Exception {
        HttpResponse<String> response = get(path);
        assertThat(response.statusCode()).as(path + " answered " + response.body()).isEqualTo(200);
        return EventJson.mapper().readTree(response.body());
    }

    /** Asks again until a 200 answer satisfies {@code done}, and returns it; fails after the patience. */
    JsonNode awaitJson(String path, Predicate<JsonNode> done) throws Exception {
        long deadline = System.nanoTime() + patience.toNanos();
        HttpResponse<String> last = null;
        while (System.nanoTime() < deadline) {
            last = get(path);
            if (last.statusCode() == 200) {
                JsonNode json = EventJson.mapper().readTree(last.body());
                if (done.test(json)) {
                    return json;
                }
            }
            Thread.sleep(100);
        }
        throw new AssertionError("gave up waiting on " + path + "; last answer " + (last == null ? null : last.statusCode() + " " + last.body()));
    }

    /** Waits until the listing shows no record of the topic left to apply and nobody's fold left to write. */
    void awaitCaughtUp() throws Exception {
        awaitJson("/api/v1/projections", listing -> {
            JsonNode journey = listing.path("projections").get(0);
            return journey.path("state").asText().equals("LIVE") && journey.path("lag").path("records").asLong(-1) == 0
                    && journey.path("unfolded").asLong(-1) == 0;
        });
    }

    private HttpRequest.Builder request(String path) {
        return HttpRequest.newBuilder(URI.create("http://localhost:" + port + path))
                .header("Authorization", "Bearer " + TestTokens.token("test-operator", Role.ADMIN, Role.ANALYST));
    }
}
