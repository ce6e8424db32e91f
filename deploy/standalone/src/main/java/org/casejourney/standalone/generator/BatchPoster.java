package org.casejourney.standalone.generator;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.casejourney.events.EventJson;
import org.casejourney.events.PersonEvent;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;

/** Posts events to the command side's batch endpoint, a few batches at a time, and counts what each item got. */
public final class BatchPoster {

    public static final int MAX_BATCH = 1000;
    private static final int ATTEMPTS = 3;
    private static final int PROBLEMS_KEPT = 5;

    /** One item of a batch: the event and whose stream it goes on. */
    public record Item(String personId, PersonEvent event) {
    }

    /** Batches, with whether some person's events had to be split over more than one (which forbids posting them concurrently). */
    public record Packing(List<List<Item>> batches, boolean splitsPeople) {

        public long events() {
            return batches.stream().mapToLong(List::size).sum();
        }
    }

    /** What the items got: 201 accepted, 200 already stored, anything else rejected; unsent ones missed the time limit. */
    public record Outcome(long accepted, long duplicates, long rejected, long unsent, List<String> problems) {

        public long answered() {
            return accepted + duplicates + rejected;
        }
    }

    private final URI batchUrl;
    private final int concurrency;
    private final HttpClient http;
    private final ObjectMapper mapper = EventJson.mapper();
    private final AtomicLong accepted = new AtomicLong();
    private final AtomicLong duplicates = new AtomicLong();
    private final AtomicLong rejected = new AtomicLong();
    private final AtomicLong unsent = new AtomicLong();
    private final List<String> problems = Collections.synchronizedList(new ArrayList<>());

    private final String authorization;

    /** @param authorization the Authorization header value of a recorder's token */
    public BatchPoster(URI commandUrl, int concurrency, String authorization) {
        this.authorization = authorization;
        this.batchUrl = URI.create(commandUrl + "/api/v1/events/batch");
        this.concurrency = concurrency;
        this.http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(5)).build();
    }

    /** Keeps each person's events in one batch where they fit, so batches may go concurrently without reordering a stream. */
    public static Packing pack(List<JourneyGenerator.Person> people, int batchSize) {
        List<List<Item>> batches = new ArrayList<>();
        List<Item> current = new ArrayList<>();
        boolean split = false;
        for (JourneyGenerator.Person person : people) {
            if (!current.isEmpty() && current.size() + person.events().size() > batchSize) {
                batches.add(current);
                current = new ArrayList<>();
            }
            for (PersonEvent event : person.events()) {
                if (current.size() == batchSize) {
                    batches.add(current);
                    current = new ArrayList<>();
                    split = true;
                }
                current.add(new Item(person.personId(), event));
            }
        }
        if (!current.isEmpty()) {
            batches.add(current);
        }
        return new Packing(batches, split);
    }

    /** Posts every batch; concurrently unless the packing split a person. */
    public Outcome post(Packing packing) {
        return post(packing, Duration.ofDays(1));
    }

    /** Posts batches until all are sent or {@code timeLimit} has passed; batches not begun by then are left unsent. */
    public Outcome post(Packing packing, Duration timeLimit) {
        long deadline = System.nanoTime() + timeLimit.toNanos();
        int threads = packing.splitsPeople() ? 1 : concurrency;
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            List<Future<?>> sent = new ArrayList<>();
            for (List<Item> batch : packing.batches()) {
                sent.add(pool.submit(() -> {
                    if (System.nanoTime() > deadline) {
                        unsent.addAndGet(batch.size());
                    } else {
                        post(batch);
                    }
                }));
            }
            for (Future<?> future : sent) {
                future.get();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while posting", e);
        } catch (ExecutionException e) {
            throw new IllegalStateException("posting failed: " + e.getCause(), e.getCause());
        } finally {
            pool.shutdownNow();
        }
        return outcome();
    }

    /** What every item posted so far got. */
    public Outcome outcome() {
        return new Outcome(accepted.get(), duplicates.get(), rejected.get(), unsent.get(), List.copyOf(problems));
    }

    /** Posts one batch on the caller's thread (retrying as {@link #post(Packing)} does) and counts what its items got. */
    public void post(List<Item> batch) {
        byte[] body = body(batch);
        HttpRequest request = HttpRequest.newBuilder(batchUrl)
                .timeout(Duration.ofSeconds(120))
                .header("Content-Type", "application/json")
                .header("Authorization", authorization)
                .POST(HttpRequest.BodyPublishers.ofByteArray(body))
                .build();
        String failure = null;
        // Every item is idempotent, so a batch that timed out or met a 5xx is simply sent again.
        for (int attempt = 1; attempt <= ATTEMPTS; attempt++) {
            try {
                HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
                if (response.statusCode() == 200) {
                    count(batch, mapper.readTree(response.body()));
                    return;
                }
                failure = "HTTP " + response.statusCode() + ": " + abbreviate(response.body());
                if (response.statusCode() < 500) {
                    break;
                }
            } catch (IOException e) {
                failure = e.toString();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while posting", e);
            }
            if (attempt < ATTEMPTS) {
                sleep(attempt * 1000L);
            }
        }
        rejected.addAndGet(batch.size());
        problem("a batch of " + batch.size() + " failed: " + failure);
    }

    byte[] body(List<Item> batch) {
        ObjectNode root = mapper.createObjectNode();
        ArrayNode events = root.putArray("events");
        for (Item item : batch) {
            ObjectNode node = events.addObject();
            node.put("personId", item.personId());
            node.setAll((ObjectNode) mapper.valueToTree(item.event()));
        }
        try {
            return mapper.writeValueAsBytes(root);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private void count(List<Item> batch, JsonNode response) {
        JsonNode results = response.path("results");
        for (int i = 0; i < batch.size(); i++) {
            int status = results.path(i).path("status").asInt(0);
            if (status == 201) {
                accepted.incrementAndGet();
            } else if (status == 200) {
                duplicates.incrementAndGet();
            } else {
                rejected.incrementAndGet();
                Item item = batch.get(i);
                problem(item.personId() + " " + item.event().eventId() + ": " + status + " " + abbreviate(results.path(i).path("problem").toString()));
            }
        }
    }

    private void problem(String text) {
        synchronized (problems) {
            if (problems.size() < PROBLEMS_KEPT) {
                problems.add(text);
            }
        }
    }

    private static String abbreviate(String text) {
        return text.length() <= 300 ? text : text.substring(0, 300) + "...";
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
