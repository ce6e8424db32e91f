package org.casejourney.standalone.benchmark;

import org.casejourney.standalone.launcher.LocalKeys;

import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/** Reads how many events the query side's journey view has seen for a person. */
final class JourneyView {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final URI queryUrl;
    private final HttpClient http = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5))
            .build();

    private final LocalKeys.Access access;

    JourneyView(URI queryUrl, LocalKeys.Access access) {
        this.queryUrl = queryUrl;
        this.access = access;
    }

    /** The journey's {@code eventsRecorded}, or -1 while the person is not projected yet. */
    long eventsRecorded(String personId) throws IOException, InterruptedException {
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(queryUrl + "/api/v1/journeys/" + access.pseudonyms().of(personId)))
                .header("Authorization", access.analyst()).timeout(Duration.ofSeconds(10)).GET().build(), HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() == 404) {
            return -1;
        }
        if (response.statusCode() != 200) {
            throw new IOException("GET journey of " + personId + " answered " + response.statusCode() + ": " + response.body());
        }
        return JSON.readTree(response.body()).path("eventsRecorded").asLong(-1);
    }

    /**
     * Polls until the journey shows at least {@code expected} events.
     *
     * @return the nanoTime at which it was first seen, or -1 if not by the deadline
     */
    long awaitEvents(String personId, long expected, long deadlineNanos, long pollMillis) throws IOException, InterruptedException {
        while (System.nanoTime() < deadlineNanos) {
            if (eventsRecorded(personId) >= expected) {
                return System.nanoTime();
            }
            Thread.sleep(pollMillis);
        }
        return -1;
    }
}
