package org.casejourney.query.projections;

import com.fasterxml.jackson.databind.JsonNode;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.casejourney.events.EventJson;
import org.casejourney.events.RecordedEvent;
import org.casejourney.infrastructure.TestInfrastructure;
import org.casejourney.query.RealInfrastructure;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import java.lang.management.ManagementFactory;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The rebuild target, measured as an operator meets it: about 1,000,000 events on the topic,
 * the live projection caught up and serving, records arriving at a steady trickle, and a full rebuild
 * started over HTTP. Not run by default:
 * {@code mvn -pl query-side -am verify -Dtest=RebuildSpeedTest -Dcasejourney.speed=true -Dsurefire.failIfNoSpecifiedTests=false}.
 * Prints, per rebuild, the records, seconds and events/s the projection records, the time in each phase,
 * and the machine's load average; {@code -Drebuild.people} (default 133,000, about 7.5 events each),
 * {@code -Drebuild.runs} (default 3) and {@code -Drebuild.arriving} (records/s during the rebuilds,
 * default 100) change the setting. The correctness of a rebuild is {@link ProjectionsApiTest}'s business;
 * this checks only that each rebuild holds every event and person.
 */
@EnabledIfSystemProperty(named = "casejourney.speed", matches = "true")
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class RebuildSpeedTest {

    private static final Logger log = LoggerFactory.getLogger(RebuildSpeedTest.class);
    private static final TestInfrastructure INFRASTRUCTURE = TestInfrastructure.get();
    private static final String DATABASE = INFRASTRUCTURE.newDatabase("query_rebuild_speed");
    private static final String TOPIC = "casejourney.events.rebuild-speed";
    private static final int PEOPLE = Integer.getInteger("rebuild.people", 133_000);
    private static final int RUNS = Integer.getInteger("rebuild.runs", 3);
    private static final int ARRIVING_PER_SECOND = Integer.getInteger("rebuild.arriving", 100);
    private static final Duration PATIENCE = Duration.ofMinutes(30);

    private static KafkaProducer<String, String> producer;
    private ProjectionsClient api;

    @LocalServerPort
    int port;
    @Autowired
    JdbcTemplate jdbc;

    @BeforeEach
    void client() {
        api = new ProjectionsClient(port, PATIENCE);
    }

    @DynamicPropertySource
    static void infrastructure(DynamicPropertyRegistry registry) {
        RealInfrastructure.register(registry, DATABASE, TOPIC);
    }

    @BeforeAll
    static void producer() {
        producer = RealInfrastructure.bulkProducer();
    }

    @AfterAll
    static void closeProducer() {
        producer.close(Duration.ofSeconds(5));
    }

    @Test
    void aFullRebuildOfAMillionEventsWhileTheLiveProjectionServes() throws Exception {
        List<RecordedEvent> events = Journeys.generate("rs", PEOPLE, 42, Instant.parse("2025-06-01T00:00:00Z"));
        long t0 = System.nanoTime();
        publish(events);
        double publishSeconds = (System.nanoTime() - t0) / 1e9;
        api.awaitCaughtUp();
        double liveSeconds = (System.nanoTime() - t0) / 1e9;
        log.info("BENCHMARK live: {} events of {} people published in {} s and projected live in {} s ({} events/s)", events.size(),
                PEOPLE, format(publishSeconds), format(liveSeconds), Math.round(events.size() / liveSeconds));
        events = null; // the generated list is not needed again: let the rebuilds have the heap

        List<String> results = new ArrayList<>();
        AtomicInteger arrived = new AtomicInteger();
        for (int run = 1; run <= RUNS; run++) {
            String loadBefore = loadAverage();
            AtomicBoolean rebuilding = new AtomicBoolean(true);
            CompletableFuture<Void> arriving = CompletableFuture.runAsync(() -> trickle(rebuilding, arrived));
            HttpResponse<String> started = api.post("/api/v1/projections/journey/rebuild");
            assertThat(started.statusCode()).as(started.body()).isEqualTo(202);
            String startedAt = EventJson.mapper().readTree(started.body()).path("rebuild").path("startedAt").asText();
            Map<String, Long> phases = new LinkedHashMap<>();
            JsonNode done;
            try {
                done = api.awaitJson("/api/v1/projections", listing -> {
                    JsonNode journey = listing.path("projections").get(0);
                    if (same(journey.path("lastRebuildFailure").path("startedAt"), startedAt)) {
                        throw new AssertionError("the rebuild failed: " + journey.path("lastRebuildFailure"));
                    }
                    if (journey.path("state").asText().equals("REBUILDING")) {
                        phases.putIfAbsent(journey.path("rebuild").path("phase").asText(), System.nanoTime());
                    }
                    return same(journey.path("lastRebuild").path("startedAt"), startedAt);
                }).path("projections").get(0).path("lastRebuild");
            } finally {
                rebuilding.set(false);
                arriving.get();
            }
            phases.put("DONE", System.nanoTime());
            String line = String.format("run %d: %,d records in %.1f s, %,.0f events/s; phases (s, as the listing showed them): %s; "
                            + "load average before %s, after %s", run, done.path("records").asLong(),
                    seconds(done.path("startedAt").asText(), done.path("finishedAt").asText()), done.path("eventsPerSecond").asDouble(),
                    phaseSeconds(phases), loadBefore, loadAverage());
            log.info("BENCHMARK rebuild {}", line);
            results.add(line);

            api.awaitCaughtUp();
            int people = PEOPLE + arrived.get();
            assertThat(jdbc.queryForObject("select count(*) from journey", Long.class)).as("journeys after rebuild " + run)
                    .isEqualTo(people);
            assertThat(done.path("records").asLong()).isGreaterThanOrEqualTo(journeyEvents() - arrived.get());
        }
        results.forEach(line -> log.info("BENCHMARK summary {}", line));
    }

    /** One new person's first contact after another, at the configured rate, until the rebuild is done. */
    private void trickle(AtomicBoolean rebuilding, AtomicInteger arrived) {
        long pause = Math.max(1, 1000 / Math.max(1, ARRIVING_PER_SECOND));
        while (rebuilding.get() && ARRIVING_PER_SECOND > 0) {
            RecordedEvent first = Journeys.generate("arriving-" + arrived.getAndIncrement(), 1, arrived.get(),
                    Instant.parse("2026-06-01T00:00:00Z")).get(0);
            producer.send(new ProducerRecord<>(TOPIC, first.personId(), EventJson.write(first)));
            sleep(pause);
        }
        producer.flush();
    }

    private long journeyEvents() {
        Long count = jdbc.queryForObject("select count(*) from journey_event", Long.class);
        return count == null ? 0 : count;
    }

    /** Whether two instants name the same start: the stored one is rounded to microseconds. */
    private static boolean same(JsonNode stored, String started) {
        return stored.isTextual() && Math.abs(Duration.between(Instant.parse(stored.asText()), Instant.parse(started)).toNanos()) < 1_000;
    }

    private static String phaseSeconds(Map<String, Long> phases) {
        List<String> parts = new ArrayList<>();
        List<Map.Entry<String, Long>> entries = new ArrayList<>(phases.entrySet());
        for (int i = 0; i + 1 < entries.size(); i++) {
            parts.add(entries.get(i).getKey().toLowerCase() + " " + format((entries.get(i + 1).getValue() - entries.get(i).getValue()) / 1e9));
        }
        return String.join(", ", parts);
    }

    private static double seconds(String from, String to) {
        return Duration.between(Instant.parse(from), Instant.parse(to)).toMillis() / 1000.0;
    }

    private static String loadAverage() {
        try {
            return java.nio.file.Files.readString(java.nio.file.Path.of("/proc/loadavg")).trim().replaceAll("^(\\S+ \\S+ \\S+).*", "$1");
        } catch (java.io.IOException e) {
            return String.format("%.2f", ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
        }
    }

    private static String format(double seconds) {
        return String.format("%.1f", seconds);
    }

    private static void publish(List<RecordedEvent> events) {
        RealInfrastructure.publish(producer, events.stream()
                .map(event -> new ProducerRecord<>(TOPIC, event.personId(), EventJson.write(event))).toList());
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
