package org.casejourney.faults;

import com.fasterxml.jackson.databind.JsonNode;
import org.casejourney.infrastructure.supervisor.Supervisor;

import java.io.IOException;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/** The query side's projection lifecycle endpoints, when the running build has them. */
public final class Projections {

    private final Http http;
    private final URI queryUrl;

    public Projections(Http http, URI queryUrl) {
        this.http = http;
        this.queryUrl = queryUrl;
    }

    /**
     * Starts a rebuild of the journey projection and waits for it to finish.
     *
     * @return the finished rebuild's listing entry, or empty when this build has no rebuild endpoint
     */
    public Optional<JsonNode> rebuild(Duration timeout) throws IOException, InterruptedException {
        Instant requested = Instant.now();
        Http.Response start = http.postAsOperator(queryUrl.resolve("/api/v1/projections/journey/rebuild"), "", Duration.ofSeconds(30));
        if (start.status() == 404 || start.status() == 405) {
            return Optional.empty();
        }
        if (start.status() != 202) {
            throw new IllegalStateException("rebuild answered " + start.status() + ": " + start.body());
        }
        long deadline = System.nanoTime() + timeout.toNanos();
        JsonNode journey = null;
        while (System.nanoTime() < deadline) {
            Http.Response listing = http.get(queryUrl.resolve("/api/v1/projections"), Duration.ofSeconds(30));
            if (listing.status() == 200) {
                for (JsonNode p : listing.json().path("projections")) {
                    if ("journey".equals(p.path("name").asText())) {
                        journey = p;
                    }
                }
                if (journey != null && "LIVE".equals(journey.path("state").asText())) {
                    JsonNode failure = journey.path("lastRebuildFailure");
                    if (failure.hasNonNull("failedAt") && Instant.parse(failure.path("failedAt").asText()).isAfter(requested)) {
                        throw new IllegalStateException("rebuild failed: " + failure);
                    }
                    JsonNode last = journey.path("lastRebuild");
                    if (last.hasNonNull("finishedAt") && !Instant.parse(last.path("startedAt").asText()).isBefore(requested.minusSeconds(1))) {
                        return Optional.of(journey);
                    }
                }
            }
            Supervisor.sleep(500);
        }
        throw new IllegalStateException("rebuild not finished within " + timeout.toSeconds() + " s; last listing " + journey);
    }
}
