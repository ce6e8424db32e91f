package org.casejourney.query.projections;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.casejourney.events.ContactRecorded;
import org.casejourney.events.EventJson;
import org.casejourney.events.RecordedEvent;
import org.casejourney.infrastructure.TestInfrastructure;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.autoconfigure.actuate.observability.AutoConfigureObservability;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.kafka.config.KafkaListenerEndpointRegistry;
import org.springframework.kafka.listener.MessageListenerContainer;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.casejourney.query.RealInfrastructure;
import org.casejourney.query.TestPseudonyms;
import org.springframework.test.context.DynamicPropertySource;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CompletableFuture;

import static org.assertj.core.api.Assertions.assertThat;
import static org.casejourney.events.testing.TestEvents.contactRecorded;
import static org.casejourney.events.testing.TestEvents.eventCorrected;

/** The projection lifecycle on the real app, real PostgreSQL and real Kafka: listing, rebuild, parking and replay. */
// a budget of kept events well below the dataset's size: the rebuild folds some people from memory and reads the others back
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = "casejourney.projections.rebuild.cached-events=5000")
@AutoConfigureObservability
class ProjectionsApiTest {

    private static final Logger log = LoggerFactory.getLogger(ProjectionsApiTest.class);
    private static final TestInfrastructure INFRASTRUCTURE = TestInfrastructure.get();
    private static final String DATABASE = INFRASTRUCTURE.newDatabase("query_projections");
    private static final String TOPIC = "casejourney.events.lifecycle";
    /** People in the rebuild test's dataset: -Drebuild.people=20000 for a rate worth quoting; the default keeps the suite quick. */
    private static final int PEOPLE = Integer.getInteger("rebuild.people", 3_000);
    /** Enough for a live build of the dataset on a busy machine: 120,000 people make about a million records. */
    private static final Duration PATIENCE = Duration.ofSeconds(Math.max(120, PEOPLE / 100));
    /** Written by the write itself, so a rebuild cannot reproduce them; the rebuild's own record differs by design. */
    private static final List<String> WRITE_TIME_COLUMNS = List.of("updated_at", "parked_at");

    private static KafkaProducer<String, String> producer;
    private ProjectionsClient api;

    @LocalServerPort
    int port;
    @Autowired
    KafkaListenerEndpointRegistry listeners;
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
        producer = RealInfrastructure.producer(Map.of(ProducerConfig.LINGER_MS_CONFIG, 5));
    }

    @AfterAll
    static void closeProducer() {
        producer.close(Duration.ofSeconds(5));
    }

    @Test
    void aRebuildWhileRecordsKeepArrivingGivesExactlyTheRowsOfTheIncrementalBuild() throws Exception {
        List<RecordedEvent> events = Journeys.generate("lc", PEOPLE, 42,
                Instant.parse("2025-06-01T00:00:00Z"));
        List<Record> records = withRedeliveries(events, new Random(7));
        records.add(5, new Record("lc-garbage", "{\"not\": \"an event\"}")); // parked, and holds up lc-garbage's later records
        records.add(records.size() / 2, new Record("lc-garbage", EventJson.write(new RecordedEvent("lc-garbage", 0, null,
                Instant.parse("2025-07-01T00:00:05Z"), "anonymous", contact("lc-garbage-e0", "2025-07-01T00:00:00Z")))));
        records.addAll(10, unfoldable("lc-poison"));
        int split = records.size() * 3 / 4;
        publish(records.subList(0, split));
        api.awaitCaughtUp();

        HttpResponse<String> started = api.post("/api/v1/projections/journey/rebuild");
        CompletableFuture<Void> arriving = CompletableFuture.runAsync(() -> {
            List<Record> rest = records.subList(split, records.size());
            for (int i = 0; i < rest.size(); i += 500) {
                publish(rest.subList(i, Math.min(rest.size(), i + 500)));
                sleep(50);
            }
        });
        HttpResponse<String> again = api.post("/api/v1/projections/journey/rebuild");
        HttpResponse<String> replayMeanwhile = api.post("/api/v1/projections/journey/parked/replay");

        assertThat(started.statusCode()).as(started.body()).isEqualTo(202);
        assertThat(started.headers().firstValue("Location")).hasValue("/api/v1/projections");
        assertThat(again.statusCode()).isEqualTo(409);
        assertThat(EventJson.mapper().readTree(again.body()).path("type").asText()).isEqualTo("/problems/rebuild-running");
        assertThat(replayMeanwhile.statusCode()).isEqualTo(409);
        JsonNode rebuilding = EventJson.mapper().readTree(started.body());
        assertThat(rebuilding.path("state").asText()).isEqualTo("REBUILDING");
        assertThat(rebuilding.path("rebuild").path("schema").asText()).startsWith("journey_rebuild_");

        JsonNode live = api.awaitJson("/api/v1/projections", listing -> {
            JsonNode journey = listing.path("projections").get(0);
            assertThat(journey.path("lastRebuildFailure").path("startedAt").asText())
                    .as(journey.toString()).isNotEqualTo(rebuilding.path("rebuild").path("startedAt").asText());
            if (journey.path("state").asText().equals("REBUILDING")) {
                log.info("Rebuild progress: {}", journey.path("rebuild"));
            }
            return journey.path("state").asText().equals("LIVE") && !journey.path("lastRebuild").isNull();
        }).path("projections").get(0);
        arriving.get();
        JsonNode lastRebuild = live.path("lastRebuild");
        log.info("Rebuild of {} records took {} .. {}: {} events/s", lastRebuild.path("records"), lastRebuild.path("startedAt"),
                lastRebuild.path("finishedAt"), lastRebuild.path("eventsPerSecond"));
        assertThat(lastRebuild.path("records").asLong()).isGreaterThanOrEqualTo(split);
        assertThat(jdbc.queryForList("select nspname from pg_namespace where nspname like 'journey%' order by 1", String.class))
                .containsExactly("journey");
        api.awaitCaughtUp();
        Map<String, List<String>> rebuilt = tables();
        Map<String, JsonNode> rebuiltJourneys = journeys(events);

        // The reference: the same topic projected incrementally, batch by batch, from an emptied schema.
        MessageListenerContainer consumer = listeners.getListenerContainer("journey-projection");
        consumer.stop();
        jdbc.execute("truncate " + String.join(", ", rebuilt.keySet()) + " restart identity");
        consumer.start();
        api.awaitCaughtUp();
        Map<String, List<String>> incremental = tables();

        assertThat(rebuilt.keySet()).contains("journey_event", "journey", "consumer_position", "parked_record");
        assertThat(rebuilt.get("journey_event")).hasSizeGreaterThan(events.size() / 2);
        assertThat(rebuilt.get("parked_record")).hasSize(4);
        rebuilt.forEach((table, rows) -> assertThat(rows).as(table).containsExactlyElementsOf(incremental.get(table)));
        assertThat(journeys(events)).isEqualTo(rebuiltJourneys);
    }

    @Test
    void aRebuildThatFailsAtTheSwitchLeavesTheLiveSchemaServingAndSaysWhy() throws Exception {
        publish(List.of(record(stream("failing-a", 2).get(0)), record(stream("failing-a", 2).get(1))));
        api.awaitCaughtUp();
        JsonNode before = withoutClockFields(api.getJson("/api/v1/journeys/" + TestPseudonyms.of("failing-a")));
        FailingSwitch.fail = true;
        try {
            HttpResponse<String> started = api.post("/api/v1/projections/journey/rebuild");
            assertThat(started.statusCode()).isEqualTo(202);
            String startedAt = EventJson.mapper().readTree(started.body()).path("rebuild").path("startedAt").asText();

            JsonNode failed = api.awaitJson("/api/v1/projections", listing -> {
                JsonNode journey = listing.path("projections").get(0);
                return journey.path("state").asText().equals("LIVE")
                        && journey.path("lastRebuildFailure").path("startedAt").asText().equals(startedAt);
            }).path("projections").get(0);

            assertThat(failed.path("lastRebuildFailure").path("error").asText()).contains("the test refuses the switch");
        } finally {
            FailingSwitch.fail = false;
        }
        assertThat(jdbc.queryForList("select nspname from pg_namespace where nspname like 'journey%' order by 1", String.class))
                .containsExactly("journey");
        assertThat(withoutClockFields(api.getJson("/api/v1/journeys/" + TestPseudonyms.of("failing-a")))).isEqualTo(before);
        publish(List.of(record(stream("failing-b", 1).get(0))));
        api.awaitCaughtUp();
        assertThat(api.getJson("/api/v1/journeys/" + TestPseudonyms.of("failing-b")).path("eventsRecorded").asInt()).isEqualTo(1);
    }

    /** A hook that refuses the switch when asked, as a failing view re-creation would. */
    @TestConfiguration
    static class FailingSwitch {
        static volatile boolean fail;

        @Bean
        SchemaSwitchHook failingSwitch() {
            return jdbc -> {
                if (fail) {
                    throw new IllegalStateException("the test refuses the switch");
                }
            };
        }
    }

    @Test
    void aPoisonEventIsParkedHoldsUpOnlyItsPersonAndReplaysInOrderOnceItsCauseIsGone() throws Exception {
        List<RecordedEvent> poisoned = stream("parking-p", 4);
        List<RecordedEvent> bystander = stream("parking-b", 2);
        jdbc.execute("alter table journey_event add constraint refuse_parking_p_e1 check (event_id <> '"
                + TestPseudonyms.of("parking-p-e1") + "')");
        try {
            publish(List.of(record(poisoned.get(0)), record(poisoned.get(1)), record(bystander.get(0)), record(poisoned.get(2)),
                    record(poisoned.get(3)), record(bystander.get(1))));
            api.awaitCaughtUp();

            JsonNode parked = api.getJson("/api/v1/projections/journey/parked?page=0&size=1000");
            List<JsonNode> mine = new ArrayList<>();
            parked.path("records").forEach(r -> {
                if (r.path("key").asText().equals("parking-p")) {
                    mine.add(r);
                }
            });
            assertThat(mine).hasSize(3);
            assertThat(mine.get(0).path("reason").asText()).startsWith("the database refused the event");
            String first = TOPIC + "/" + mine.get(0).path("partition").asInt() + "/" + mine.get(0).path("offset").asLong();
            assertThat(mine.get(1).path("reason").asText()).isEqualTo("blocked behind parked record " + first);
            assertThat(mine.get(2).path("reason").asText()).isEqualTo("blocked behind parked record " + first);
            // a readable record is parked under its key, without free text, with its sender-chosen ids pseudonymised
            JsonNode payload = EventJson.mapper().readTree(mine.get(1).path("payload").asText());
            assertThat(payload.path("personId").asText()).isEqualTo("parking-p");
            assertThat(payload.path("event").path("eventId").asText()).isEqualTo(TestPseudonyms.of("parking-p-e2"));
            assertThat(mine.get(1).path("pseudonym").asText()).isEqualTo(TestPseudonyms.of("parking-p"));
            assertThat(api.getJson("/api/v1/journeys/" + TestPseudonyms.of("parking-p")).path("eventsRecorded").asInt()).isEqualTo(1);
            assertThat(api.getJson("/api/v1/journeys/" + TestPseudonyms.of("parking-b")).path("eventsRecorded").asInt()).isEqualTo(2);
            assertThat(api.getJson("/api/v1/projections").path("projections").get(0).path("parked").asLong()).isGreaterThanOrEqualTo(3);
        } finally {
            jdbc.execute("alter table journey_event drop constraint refuse_parking_p_e1");
        }

        HttpResponse<String> replay = api.post("/api/v1/projections/journey/parked/replay");

        assertThat(replay.statusCode()).as(replay.body()).isEqualTo(200);
        JsonNode counts = EventJson.mapper().readTree(replay.body());
        assertThat(counts.path("applied").asInt()).isEqualTo(3);
        assertThat(counts.path("taken").asInt()).isGreaterThanOrEqualTo(3);
        JsonNode journey = api.getJson("/api/v1/journeys/" + TestPseudonyms.of("parking-p"));
        assertThat(journey.path("eventsRecorded").asInt()).isEqualTo(4);
        List<Long> sequences = new ArrayList<>();
        journey.path("timeline").forEach(entry -> sequences.add(entry.path("sequence").asLong()));
        assertThat(sequences).containsExactly(0L, 1L, 2L, 3L);
        // parked with pseudonymised ids, replayed without pseudonymising them twice
        List<String> eventIds = new ArrayList<>();
        journey.path("timeline").forEach(entry -> eventIds.add(entry.path("eventId").asText()));
        assertThat(eventIds).containsExactly(TestPseudonyms.of("parking-p-e0"), TestPseudonyms.of("parking-p-e1"),
                TestPseudonyms.of("parking-p-e2"), TestPseudonyms.of("parking-p-e3"));
        assertThat(jdbc.queryForObject("select count(*) from parked_record where record_key = 'parking-p'", Long.class)).isZero();
    }

    @Test
    void theListingShowsStatePositionsLagParkedAndTheMetricsFollow() throws Exception {
        publish(List.of(record(stream("listing-a", 1).get(0))));
        api.awaitCaughtUp();

        JsonNode listing = api.getJson("/api/v1/projections");
        HttpResponse<String> unknown = api.post("/api/v1/projections/nothing/rebuild");
        String prometheus = api.get("/actuator/prometheus").body();

        JsonNode journey = listing.path("projections").get(0);
        assertThat(journey.path("name").asText()).isEqualTo("journey");
        assertThat(journey.path("topic").asText()).isEqualTo(TOPIC);
        assertThat(journey.path("state").asText()).isEqualTo("LIVE");
        assertThat(journey.path("rebuild").isNull()).isTrue();
        assertThat(journey.path("partitions")).hasSize(6);
        journey.path("partitions").forEach(p -> {
            assertThat(p.path("lag").asLong()).isZero();
            assertThat(p.path("endOffset").asLong()).isEqualTo(p.path("position").asLong() + 1);
        });
        assertThat(journey.path("lag").path("records").asLong()).isZero();
        assertThat(journey.path("lag").path("seconds").asDouble()).isZero();
        assertThat(journey.has("parked")).isTrue();
        assertThat(journey.path("unfolded").isNumber()).isTrue();
        assertThat(journey.has("lastRebuild")).isTrue();
        assertThat(unknown.statusCode()).isEqualTo(404);
        assertThat(prometheus).contains(
                "casejourney_projection_parked_records{application=\"casejourney-query-side\",projection=\"journey\"}",
                "casejourney_projection_lag_records{application=\"casejourney-query-side\",projection=\"journey\"} 0.0",
                "casejourney_projection_unfolded_people{application=\"casejourney-query-side\",projection=\"journey\"}",
                "casejourney_projection_parked_total", "casejourney_projection_lag_seconds",
                "casejourney_projection_rebuild_running{application=\"casejourney-query-side\",projection=\"journey\"} 0.0",
                "casejourney_projection_rebuild_progress_percent{application=\"casejourney-query-side\",projection=\"journey\"} 0.0",
                "casejourney_health_up{application=\"casejourney-query-side\",component=\"db\"} 1.0",
                "casejourney_health_up{application=\"casejourney-query-side\",component=\"kafka\"} 1.0");
    }

    private record Record(String key, String value) {
    }

    private static Record record(RecordedEvent event) {
        return new Record(event.personId(), EventJson.write(event));
    }

    /** Each record, and now and then the one before it again (a redelivery at a new offset), and a republished run. */
    private static List<Record> withRedeliveries(List<RecordedEvent> events, Random random) {
        List<Record> records = new ArrayList<>();
        for (RecordedEvent event : events) {
            records.add(record(event));
            if (random.nextInt(30) == 0) {
                records.add(record(event));
            }
        }
        records.addAll(records.subList(records.size() / 3, records.size() / 3 + 200).stream().toList());
        return records;
    }

    private static List<RecordedEvent> stream(String personId, int events) {
        List<RecordedEvent> stream = new ArrayList<>();
        for (int i = 0; i < events; i++) {
            Instant at = Instant.parse("2026-01-05T09:00:00Z").plus(Duration.ofDays(i));
            stream.add(new RecordedEvent(personId, i, null, at.plusSeconds(5), "anonymous", contact(personId + "-e" + i, at.toString())));
        }
        return stream;
    }

    /** A person whose second event corrects the first with a value it cannot take; their third comes after. */
    private static List<Record> unfoldable(String personId) {
        Instant at = Instant.parse("2025-08-01T09:00:00Z");
        return List.of(
                record(new RecordedEvent(personId, 0, null, at, "anonymous", contact(personId + "-e0", at.toString()))),
                record(new RecordedEvent(personId, 1, null, at.plusSeconds(60), "anonymous", eventCorrected(personId + "-e0")
                        .eventId(personId + "-e1").occurredAt(at.plusSeconds(60)).service("housing").practitioner("pr-1")
                        .sourceSystem("crm").changes(Map.of("channel", "CARRIER_PIGEON")).reason("typo").build())),
                record(new RecordedEvent(personId, 2, null, at.plusSeconds(120), "anonymous", contact(personId + "-e2",
                        at.plusSeconds(120).toString()))));
    }

    private static ContactRecorded contact(String eventId, String at) {
        return contactRecorded().eventId(eventId).occurredAt(Instant.parse(at)).service("housing").team("housing-options")
                .organisation("county-council").practitioner("pr-9").sourceSystem("crm")
                .whatMatters("somewhere to live").durationMinutes(10).faceToFace(false).build();
    }

    private static void publish(List<Record> records) {
        RealInfrastructure.publish(producer, records.stream().map(r -> new ProducerRecord<>(TOPIC, r.key(), r.value())).toList());
    }

    /** Every projection table's rows as text, in order, without the columns the write itself stamps. */
    private Map<String, List<String>> tables() {
        Map<String, List<String>> tables = new LinkedHashMap<>();
        for (String table : jdbc.queryForList("""
                select table_name from information_schema.tables where table_schema = current_schema() and table_type = 'BASE TABLE'
                and table_name not in ('flyway_schema_history', 'projection_rebuild') order by 1""", String.class)) {
            List<String> columns = jdbc.queryForList("""
                            select column_name from information_schema.columns where table_schema = current_schema() and table_name = ?
                            order by ordinal_position""", String.class, table).stream()
                    .filter(c -> !WRITE_TIME_COLUMNS.contains(c))
                    .filter(c -> !(table.equals("parked_record") && c.equals("id")))
                    .toList();
            String list = String.join(", ", columns);
            // ordered by the row's text: a json column (journey_event.payload) has no ordering of its own
            tables.put(table, jdbc.queryForList("select row(" + list + ")::text from " + table + " order by 1", String.class));
        }
        return tables;
    }

    private Map<String, JsonNode> journeys(List<RecordedEvent> events) throws Exception {
        Map<String, JsonNode> journeys = new LinkedHashMap<>();
        for (RecordedEvent event : events.subList(0, 100)) {
            if (!journeys.containsKey(event.personId())) {
                journeys.put(event.personId(), withoutClockFields(api.getJson("/api/v1/journeys/" + TestPseudonyms.of(event.personId()))));
            }
        }
        return journeys;
    }

    private static JsonNode withoutClockFields(JsonNode journey) {
        ObjectNode copy = journey.deepCopy();
        copy.remove(List.of("asOf", "endToEndDays"));
        copy.path("episodes").forEach(e -> ((ObjectNode) e).remove("endToEndDays"));
        return copy;
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
