package org.casejourney.standalone.benchmark;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/** The query side's journey projection as its administrators see it: positions, lag, rebuilds. */
final class Projections {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final long POLL_MILLIS = 250;

    /**
     * @param applied records applied over all partitions; @param lag records waiting, null when Kafka did not say;
     * @param unfolded people whose journey and facts a catch-up has yet to write
     */
    record Listing(String state, long applied, Long lag, long unfolded, String lastRebuildStarted, JsonNode lastRebuild, String lastFailure) {
    }

    /** How fast the projection went through the topic: records applied between the first look and caught up. */
    record Replay(double perSecond, long records, long appliedAtFirstLook) {
    }

    record Rebuild(double perSecond, long records, String failure) {
    }

    private final URI queryUrl;
    private final String admin;
    private final HttpClient http = SingleEventLoad.client();

    Projections(URI queryUrl, String admin) {
        this.queryUrl = queryUrl;
        this.admin = admin;
    }

    Listing read() throws IOException, InterruptedException {
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(queryUrl + "/api/v1/projections"))
                .header("Authorization", admin).timeout(Duration.ofSeconds(10)).GET().build(), HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 200) {
            throw new IOException("GET /api/v1/projections answered " + response.statusCode() + ": " + response.body());
        }
        JsonNode journey = JSON.readTree(response.body()).path("projections").path(0);
        long applied = 0;
        for (JsonNode partition : journey.path("partitions")) {
            applied += Math.max(0, partition.path("position").asLong(-1) + 1);
        }
        JsonNode lag = journey.path("lag").path("records");
        JsonNode failure = journey.path("lastRebuildFailure");
        return new Listing(journey.path("state").asText(), applied, lag.isNumber() ? lag.asLong() : null, journey.path("unfolded").asLong(0),
                journey.path("lastRebuild").path("startedAt").asText(null), journey.path("lastRebuild"),
                failure.isObject() ? failure.path("failedAt").asText() + " " + failure.path("error").asText() : null);
    }

    /** Polls until no record waits and nobody's fold does (the journeys and facts written too); null if not by the deadline. */
    Replay awaitCaughtUp(long deadline) throws IOException, InterruptedException {
        Listing first = read();
        long started = System.nanoTime();
        while (System.nanoTime() < deadline) {
            Listing now = read();
            if (now.lag() != null && now.lag() == 0 && now.unfolded() == 0) {
                double seconds = (System.nanoTime() - started) / 1e9;
                long records = now.applied() - first.applied();
                return new Replay(records > 0 ? records / seconds : Double.NaN, now.applied(), first.applied());
            }
            Thread.sleep(POLL_MILLIS);
        }
        return null;
    }

    /** Starts a rebuild and waits for it to finish; its rate is the one the query side records for it. */
    Rebuild rebuild(long deadline) throws IOException, InterruptedException {
        Listing before = read();
        HttpResponse<String> started = http.send(HttpRequest.newBuilder(URI.create(queryUrl + "/api/v1/projections/journey/rebuild"))
                .header("Authorization", admin).timeout(Duration.ofSeconds(30)).POST(HttpRequest.BodyPublishers.noBody()).build(),
                HttpResponse.BodyHandlers.ofString());
        if (started.statusCode() != 202) {
            return new Rebuild(Double.NaN, 0, "POST rebuild answered " + started.statusCode() + ": " + started.body());
        }
        while (System.nanoTime() < deadline) {
            Thread.sleep(POLL_MILLIS);
            Listing now = read();
            if (now.lastFailure() != null && !now.lastFailure().equals(before.lastFailure())) {
                return new Rebuild(Double.NaN, 0, now.lastFailure());
            }
            if ("LIVE".equals(now.state()) && now.lastRebuildStarted() != null && !now.lastRebuildStarted().equals(before.lastRebuildStarted())) {
                return new Rebuild(now.lastRebuild().path("eventsPerSecond").asDouble(), now.lastRebuild().path("records").asLong(), null);
            }
        }
        return new Rebuild(Double.NaN, 0, "not finished by the phase's time limit");
    }
}
