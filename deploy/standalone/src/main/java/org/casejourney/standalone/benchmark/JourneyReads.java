package org.casejourney.standalone.benchmark;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.casejourney.standalone.generator.BatchPoster;
import org.casejourney.standalone.launcher.LocalKeys;

import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads of one long journey: a person with many contacts, read as analysts read it (the query side's
 * journey view) and as auditors replay it (the command side's stream, every page), one request at a time.
 */
final class JourneyReads {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int PAGE = 1000;

    record Result(Latencies view, Latencies replay, long errors, String problem) {
    }

    private JourneyReads() {
    }

    /** Posts the person's {@code events} contacts in order and waits until the journey view counts them all. */
    static boolean load(URI commandUrl, String authorization, JourneyView view, String personId, int events, long deadline)
            throws IOException, InterruptedException {
        Instant base = Instant.now().minus(2, ChronoUnit.DAYS);
        BatchPoster poster = new BatchPoster(commandUrl, 1, authorization);
        List<BatchPoster.Item> batch = new ArrayList<>();
        for (int i = 0; i < events; i++) {
            batch.add(new BatchPoster.Item(personId, Contacts.contact(personId + "-c" + i, base.plusSeconds(60L * i))));
            if (batch.size() == BatchPoster.MAX_BATCH || i == events - 1) {
                poster.post(batch);
                batch = new ArrayList<>();
            }
        }
        return poster.outcome().rejected() == 0 && view.awaitEvents(personId, events, deadline, 100) > 0;
    }

    static Result measure(URI commandUrl, URI queryUrl, LocalKeys.Access access, String personId, int requests, long deadline)
            throws InterruptedException {
        LoadClient http = new LoadClient(1);
        Latencies view = new Latencies();
        Latencies replay = new Latencies();
        long errors = 0;
        String problem = null;
        URI journey = URI.create(queryUrl + "/api/v1/journeys/" + access.pseudonyms().of(personId));
        for (int i = 0; i < requests && System.nanoTime() < deadline; i++) {
            try {
                long started = System.nanoTime();
                get(http, journey, "Authorization", access.analyst());
                view.addNanos(System.nanoTime() - started);
            } catch (IOException e) {
                errors++;
                problem = e.getMessage();
            }
        }
        for (int i = 0; i < requests && System.nanoTime() < deadline; i++) {
            try {
                long started = System.nanoTime();
                replay(http, commandUrl, access.auditor(), personId);
                replay.addNanos(System.nanoTime() - started);
            } catch (IOException e) {
                errors++;
                problem = e.getMessage();
            }
        }
        try {
            http.close();
        } catch (IOException e) {
            // closing the benchmark's own connections: nothing measured depends on it
        }
        return new Result(view, replay, errors, problem);
    }

    /** Every page of the auditors' replay, as an auditor reading the whole stream would fetch it. */
    private static void replay(LoadClient http, URI commandUrl, String auditor, String personId) throws IOException, InterruptedException {
        long from = 0;
        for (int page = 0; page < 1000; page++) {
            URI uri = URI.create(commandUrl + "/api/v1/persons/" + personId + "/events?limit=" + PAGE + "&fromSequence=" + from);
            JsonNode body = JSON.readTree(get(http, uri, "Authorization", auditor, "X-Purpose", "benchmark"));
            if (!body.has("nextFromSequence")) {
                return;
            }
            from = body.path("nextFromSequence").asLong();
        }
    }

    /** The body of a 200 answer (read whole, as a client would, but not decoded); any other status is an error. */
    private static byte[] get(LoadClient http, URI uri, String... headers) throws IOException {
        LoadClient.Fetched response = http.get(uri, headers);
        if (response.status() != 200) {
            String body = new String(response.body(), StandardCharsets.UTF_8);
            throw new IOException("GET " + uri.getPath() + " answered " + response.status() + ": "
                    + (body.length() > 200 ? body.substring(0, 200) : body));
        }
        return response.body();
    }
}
