package org.casejourney.standalone.benchmark;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.core.JsonToken;
import org.casejourney.standalone.generator.BatchPoster;
import org.casejourney.standalone.launcher.LocalKeys;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads of one long journey: a person with many contacts, read as analysts read it (the query side's
 * journey view) and as auditors replay it (the command side's stream, every page), one request at a time.
 */
final class JourneyReads {

    /** Leaves the stream open when a parser closes: the client reads what is left of the body itself. */
    private static final JsonFactory PAGES = JsonFactory.builder().disable(StreamReadFeature.AUTO_CLOSE_SOURCE).build();
    private static final int PAGE = 1000;
    /**
     * One analyst's (or auditor's) reads a second at most: the latency of a read is measured, not how many one client can
     * force through, and the query side's per-principal limit (200 a second) is never reached.
     */
    static final int READS_PER_SECOND = 100;

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

    /**
     * Reads the journey view {@code requests} times, then replays the stream as many times, one request at a time and at
     * most {@link #READS_PER_SECOND} a second; before that, reads of both kinds for {@code warmUp}, not counted, so the
     * apps' read paths are compiled when measured (as the single-event phases warm up their write path).
     */
    static Result measure(URI commandUrl, URI queryUrl, LocalKeys.Access access, String personId, int requests, Duration warmUp,
                          long deadline) throws InterruptedException {
        LoadClient http = new LoadClient(1);
        URI journey = URI.create(queryUrl + "/api/v1/journeys/" + access.pseudonyms().of(personId));
        Reader view = () -> get(http, journey, "Authorization", access.analyst());
        Reader replay = () -> replay(http, commandUrl, access.auditor(), personId);
        Tally warming = new Tally();
        long warmUntil = Math.min(deadline, System.nanoTime() + warmUp.toNanos());
        while (System.nanoTime() < warmUntil) {
            warming.time(view);
            warming.time(replay);
        }
        Tally views = new Tally();
        for (int i = 0; i < requests && System.nanoTime() < deadline; i++) {
            views.time(view);
        }
        Tally replays = new Tally();
        for (int i = 0; i < requests && System.nanoTime() < deadline; i++) {
            replays.time(replay);
        }
        try {
            http.close();
        } catch (IOException e) {
            // closing the benchmark's own connections: nothing measured depends on it
        }
        String problem = replays.problem != null ? replays.problem : views.problem;
        return new Result(views.latencies, replays.latencies, views.errors + replays.errors, problem);
    }

    /** One read: a request (or the pages of one replay) and its answer read whole. */
    private interface Reader {
        void read() throws IOException;
    }

    /** Latencies and errors of one kind of read, paced to at most {@link #READS_PER_SECOND}. */
    private static final class Tally {
        private final Latencies latencies = new Latencies();
        private long errors;
        private String problem;

        void time(Reader reader) throws InterruptedException {
            long started = System.nanoTime();
            try {
                reader.read();
                latencies.addNanos(System.nanoTime() - started);
            } catch (IOException e) {
                errors++;
                problem = e.getMessage();
            }
            long spacing = 1_000_000_000L / READS_PER_SECOND - (System.nanoTime() - started);
            if (spacing > 0) {
                Thread.sleep(spacing / 1_000_000, (int) (spacing % 1_000_000));
            }
        }
    }

    /** Every page of the auditors' replay, as an auditor reading the whole stream would fetch it. */
    private static void replay(LoadClient http, URI commandUrl, String auditor, String personId) throws IOException {
        long from = 0;
        for (int page = 0; page < 1000; page++) {
            URI uri = URI.create(commandUrl + "/api/v1/persons/" + personId + "/events?limit=" + PAGE + "&fromSequence=" + from);
            Long next = http.get(uri, (status, body) -> {
                ok(uri, status, body);
                return nextFromSequence(body);
            }, "Authorization", auditor, "X-Purpose", "benchmark");
            if (next == null) {
                return;
            }
            from = next;
        }
    }

    /** The body of a 200 answer, read whole as it arrives (as a client would) but not kept; its length in bytes. */
    private static long get(LoadClient http, URI uri, String... headers) throws IOException {
        long length = http.get(uri, (status, body) -> {
            ok(uri, status, body);
            return LoadClient.drain(body);
        }, headers);
        if (length == 0) {
            throw new IOException("GET " + uri.getPath() + " answered 200 with an empty body");
        }
        return length;
    }

    /** Any status but 200 is an error, with the start of its body. */
    private static void ok(URI uri, int status, InputStream body) throws IOException {
        if (status != 200) {
            String text = new String(body.readNBytes(200), StandardCharsets.UTF_8);
            throw new IOException("GET " + uri.getPath() + " answered " + status + ": " + text);
        }
    }

    /** A replay page's top-level {@code nextFromSequence}, read from the stream (every other value skipped); null when absent. */
    static Long nextFromSequence(InputStream page) throws IOException {
        try (JsonParser parser = PAGES.createParser(page)) {
            if (parser.nextToken() != JsonToken.START_OBJECT) {
                throw new IOException("a replay page is not a JSON object");
            }
            Long next = null;
            while (parser.nextToken() == JsonToken.FIELD_NAME) {
                String field = parser.currentName();
                JsonToken value = parser.nextToken();
                if ("nextFromSequence".equals(field) && value == JsonToken.VALUE_NUMBER_INT) {
                    next = parser.getLongValue();
                } else {
                    parser.skipChildren();
                }
            }
            return next;
        }
    }
}
