package org.casejourney.faults;

import com.fasterxml.jackson.databind.JsonNode;
import org.casejourney.events.EventJson;
import org.casejourney.infrastructure.TestTokens;
import org.casejourney.security.Role;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;

/** A plain HTTP/1.1 client to localhost, as a front-line system would use one. */
public final class Http {

    /** One answer, with how long it took from sending to the last byte. */
    public record Response(int status, String body, long nanos) {
        public JsonNode json() {
            try {
                return EventJson.mapper().readTree(body);
            } catch (IOException e) {
                throw new UncheckedIOException("not JSON (" + status + "): " + body, e);
            }
        }

        public double millis() {
            return nanos / 1e6;
        }
    }

    private final HttpClient client = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(2))
            .build();

    /** Writes as a front-line system; reads as the suite's operator, who may read everything and states why. */
    private static final String WRITER = "Bearer " + TestTokens.SIGNER.sign("fault-injection-writer", Role.RECORDER, Duration.ofHours(12));
    private static final String READER = "Bearer " + TestTokens.SIGNER.sign("fault-injection-reconciler",
            List.of(Role.ANALYST, Role.AUDITOR, Role.ADMIN), Duration.ofHours(12));

    public Response get(URI uri, Duration timeout) throws IOException, InterruptedException {
        return send(HttpRequest.newBuilder(localOnly(uri)).timeout(timeout).header("Authorization", READER)
                .header("X-Purpose", "fault-injection reconciliation").GET().build());
    }

    /** Posts as the operator (projection rebuilds and replays are the administrator's). */
    public Response postAsOperator(URI uri, String json, Duration timeout) throws IOException, InterruptedException {
        return send(HttpRequest.newBuilder(localOnly(uri)).timeout(timeout).header("Authorization", READER)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json)).build());
    }

    public Response post(URI uri, String json, Duration timeout) throws IOException, InterruptedException {
        return send(HttpRequest.newBuilder(localOnly(uri)).timeout(timeout)
                .header("Content-Type", "application/json")
                .header("X-Source-System", "fault-injection")
                .header("Authorization", WRITER)
                .POST(HttpRequest.BodyPublishers.ofString(json)).build());
    }

    private Response send(HttpRequest request) throws IOException, InterruptedException {
        long start = System.nanoTime();
        HttpResponse<String> response = client.send(request, HttpResponse.BodyHandlers.ofString());
        return new Response(response.statusCode(), response.body(), System.nanoTime() - start);
    }

    /** This suite injects faults; it must never reach anything but this machine. */
    private static URI localOnly(URI uri) {
        if (!"localhost".equals(uri.getHost()) && !"127.0.0.1".equals(uri.getHost())) {
            throw new IllegalArgumentException("only localhost targets: " + uri);
        }
        return uri;
    }
}
