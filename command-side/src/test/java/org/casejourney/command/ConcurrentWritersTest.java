package org.casejourney.command;

import com.fasterxml.jackson.databind.JsonNode;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

import java.net.http.HttpResponse;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Many writers at once, as busy front-line systems and migrations write: overlapping people in any
 * order, retries racing their originals. Every write succeeds exactly once, each person's stream
 * stays gap-free and its chain intact, and nobody is told the store is unreachable.
 */
class ConcurrentWritersTest extends ApiTestSupport {

    private static final int CLIENTS = 8;

    private final Instant t0 = Instant.now().minus(20, ChronoUnit.DAYS).truncatedTo(ChronoUnit.SECONDS);

    @Autowired
    MeterRegistry meters;

    @Test
    void eightClientsPostingBatchesOverTheSameNewPeopleInAnyOrderAllSucceed() throws Exception {
        List<String> people = new ArrayList<>();
        for (int p = 0; p < 60; p++) {
            people.add(person());
        }
        int rounds = 4;
        List<Callable<List<Integer>>> clients = new ArrayList<>();
        for (int c = 0; c < CLIENTS; c++) {
            int client = c;
            clients.add(() -> {
                List<Integer> statuses = new ArrayList<>();
                Random random = new Random(client);
                for (int round = 0; round < rounds; round++) {
                    List<String> order = new ArrayList<>(people);
                    Collections.shuffle(order, random);
                    List<Map<String, Object>> items = new ArrayList<>();
                    for (String p : order) {
                        // clients 0 and 1 send the very same batch, as a retry racing its original does
                        int sender = client <= 1 ? 0 : client;
                        items.add(withPerson(p, contact("w" + sender + "-" + round + "-" + p, t0.plusSeconds(round))));
                    }
                    HttpResponse<String> response = post("/api/v1/events/batch", Map.of("events", items));
                    assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
                    json.readTree(response.body()).get("results").forEach(r -> statuses.add(r.get("status").asInt()));
                }
                return statuses;
            });
        }

        List<Integer> statuses = runAll(clients);

        assertThat(statuses).hasSize(CLIENTS * rounds * people.size()).allMatch(s -> s == 201 || s == 200);
        // the racing pair stored each of its events once, whichever came first; everyone else stored theirs
        assertThat(statuses.stream().filter(s -> s == 201)).hasSize((CLIENTS - 1) * rounds * people.size());
        for (String p : people) {
            assertStreamWhole(p, (CLIENTS - 1) * rounds);
        }
    }

    @Test
    void concurrentSinglePostsAreWrittenTogetherAndEachIsAnsweredAsIfAlone() throws Exception {
        List<String> people = List.of(person(), person(), person(), person(), person());
        int threads = 32;
        int postsEach = 15;
        DistributionSummary groups = meters.get("casejourney.ingest.group.size").summary();
        double requestsBefore = groups.totalAmount();
        List<Callable<List<Integer>>> clients = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            int thread = t;
            clients.add(() -> {
                List<Integer> statuses = new ArrayList<>();
                for (int i = 0; i < postsEach; i++) {
                    String p = people.get((thread + i) % people.size());
                    Map<String, Object> event = contact("s" + thread + "-" + i + "-" + p, t0.plusSeconds(i));
                    HttpResponse<String> first = post("/api/v1/persons/" + p + "/events", event);
                    statuses.add(first.statusCode());
                    if (i % 5 == 0) {
                        // a retry: answered from the record, with the original's sequence
                        HttpResponse<String> retry = post("/api/v1/persons/" + p + "/events", event);
                        assertThat(retry.statusCode()).as(retry.body()).isEqualTo(200);
                        assertThat(json.readTree(retry.body()).get("sequence").asLong())
                                .isEqualTo(json.readTree(first.body()).get("sequence").asLong());
                    }
                }
                return statuses;
            });
        }

        List<Integer> statuses = runAll(clients);

        assertThat(statuses).hasSize(threads * postsEach).containsOnly(201);
        for (String p : people) {
            assertStreamWhole(p, threads * postsEach / people.size());
        }
        int retries = threads * ((postsEach + 4) / 5);
        assertThat(groups.totalAmount() - requestsBefore).isEqualTo(threads * postsEach + retries);
        assertThat(groups.max()).as("largest group of requests written in one transaction").isGreaterThan(1);
    }

    @Test
    void aBatchWithoutRacesIsWrittenAtOnceNotPersonByPerson() throws Exception {
        double before = fallbacks();
        List<Map<String, Object>> items = new ArrayList<>();
        List<String> people = new ArrayList<>();
        for (int p = 0; p < 50; p++) {
            String person = person();
            people.add(person);
            items.add(withPerson(person, contact("a1-" + person, t0)));
            items.add(withPerson(person, contact("a2-" + person, t0.plusSeconds(60))));
        }
        // one person refused an item: still no fallback, the refusal is the aggregate's decision
        items.add(withPerson(people.get(0), Map.of("type", "ReferralResolved", "eventId", "a3-" + people.get(0),
                "occurredAt", t0.toString(), "service", "housing", "referralId", "never-made", "outcome", "ACCEPTED")));

        HttpResponse<String> response = post("/api/v1/events/batch", Map.of("events", items));

        JsonNode body = json.readTree(response.body());
        assertThat(body.get("accepted").asInt()).as(response.body()).isEqualTo(100);
        assertThat(body.get("rejected").asInt()).isEqualTo(1);
        assertThat(fallbacks()).as("writes that fell back to a savepoint per person").isEqualTo(before);
        for (String p : people) {
            assertStreamWhole(p, 2);
        }
    }

    private double fallbacks() {
        return meters.find("casejourney.ingest.fallbacks").counters().stream().mapToDouble(c -> c.count()).sum();
    }

    /** The person's stream holds exactly {@code events} events at sequences 0..events-1, and its chain is intact. */
    private void assertStreamWhole(String person, int events) throws Exception {
        List<Long> sequences = jdbc.queryForList("select sequence_number from domain_event_entry where aggregate_identifier = ? "
                + "order by sequence_number", Long.class, person);
        assertThat(sequences).as(person).hasSize(events);
        for (int s = 0; s < events; s++) {
            assertThat(sequences.get(s)).isEqualTo(s);
        }
        JsonNode verified = json.readTree(get("/api/v1/persons/" + person + "/verify").body());
        assertThat(verified.get("status").asText()).as(verified.toString()).isEqualTo("intact");
        assertThat(verified.get("events").asLong()).isEqualTo(events);
    }

    private static List<Integer> runAll(List<Callable<List<Integer>>> clients) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(clients.size());
        try {
            List<Integer> all = new ArrayList<>();
            for (Future<List<Integer>> result : pool.invokeAll(clients)) {
                all.addAll(result.get());
            }
            return all;
        } finally {
            pool.shutdownNow();
        }
    }
}
