package org.casejourney.query.journey;

import org.casejourney.infrastructure.TestTokens;
import org.casejourney.security.Role;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.casejourney.events.EventJson;
import org.casejourney.events.RecordedEvent;
import org.casejourney.infrastructure.TestInfrastructure;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.autoconfigure.actuate.observability.AutoConfigureObservability;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.kafka.config.KafkaListenerEndpointRegistry;
import org.springframework.kafka.listener.MessageListenerContainer;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.casejourney.query.RealInfrastructure;
import org.casejourney.query.TestPseudonyms;
import org.springframework.test.context.DynamicPropertySource;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.sql.DriverManager;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The real query side on real PostgreSQL and Kafka: records on the topic, journeys over HTTP. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@AutoConfigureObservability // Boot's tests switch off the Prometheus registry unless asked
class JourneyApiTest {

    private static final TestInfrastructure INFRASTRUCTURE = TestInfrastructure.get();
    private static final String DATABASE = INFRASTRUCTURE.newDatabase("query_api");
    private static final String TOPIC = "casejourney.events";
    private static final Duration PATIENCE = Duration.ofSeconds(60);

    private static KafkaProducer<String, String> producer;
    private final HttpClient http = HttpClient.newHttpClient();

    @LocalServerPort
    int port;
    @Autowired
    KafkaListenerEndpointRegistry listeners;
    @Autowired
    JdbcTemplate jdbc;

    @DynamicPropertySource
    static void infrastructure(DynamicPropertyRegistry registry) {
        RealInfrastructure.register(registry, DATABASE, TOPIC);
    }

    @BeforeAll
    static void producer() {
        producer = RealInfrastructure.producer(Map.of());
    }

    @AfterAll
    static void closeProducer() {
        producer.close(Duration.ofSeconds(5));
    }

    @Test
    void eventsOnTheTopicShowInTheJourneyAndRedeliveringThemChangesNothing() throws Exception {
        Instant start = Instant.now().minus(Duration.ofDays(150));
        List<RecordedEvent> stream = Events.of("person-http-1")
                .valueContact(start, 20, "pr-1")
                .faceToFaceAssessment(start.plus(Duration.ofDays(5)), 60, "pr-2")
                .caseClosed(start.plus(Duration.ofDays(20)))
                .failureContact(start.plus(Duration.ofDays(60)), "REPEAT_CONTACT", 10, "pr-3")
                .recorded();
        send("person-http-garbage", // under its own key: a parked record holds up only its person
                "{\"this is\": \"not an event\"}", Map.of("type", "Garbage"));
        stream.forEach(this::publish);

        JsonNode journey = awaitJson("/api/v1/journeys/" + TestPseudonyms.of("person-http-1"), j -> j.path("eventsRecorded").asInt() == 4);

        assertThat(journey.path("contacts").path("total").asInt()).isEqualTo(2);
        assertThat(journey.path("contacts").path("value").asInt()).isEqualTo(1);
        assertThat(journey.path("contacts").path("failure").asInt()).isEqualTo(1);
        assertThat(journey.path("contacts").path("failureByCategory").path("REPEAT_CONTACT").asInt()).isEqualTo(1);
        assertThat(journey.path("assessments").asInt()).isEqualTo(1);
        assertThat(journey.path("involved").path("people").asInt()).isEqualTo(3);
        assertThat(journey.path("totalMinutes").asLong()).isEqualTo(90);
        assertThat(journey.path("faceToFaceMinutes").asLong()).isEqualTo(60);
        assertThat(journey.path("episodes")).hasSize(2);
        assertThat(journey.path("episodes").get(0).path("returned").asBoolean()).isTrue();
        assertThat(journey.path("returned").asBoolean()).isTrue();
        assertThat(journey.path("open").asBoolean()).isTrue();
        assertThat(journey.path("timeline")).hasSize(4);
        assertThat(journey.path("timeline").get(2).path("event").path("type").asText()).isEqualTo("CaseClosed");
        assertThat(metric("casejourney_projection_parked_total")).isGreaterThanOrEqualTo(1);

        double redeliveredBefore = metric("casejourney_projection_redelivered_total");
        stream.forEach(this::publish);
        awaitMetric("casejourney_projection_redelivered_total", redeliveredBefore + stream.size());

        assertThat(withoutClockFields(getJson("/api/v1/journeys/" + TestPseudonyms.of("person-http-1")))).isEqualTo(withoutClockFields(journey));

        HttpResponse<String> csv = get("/api/v1/journeys/" + TestPseudonyms.of("person-http-1") + ".csv");
        assertThat(csv.statusCode()).as(csv.body()).isEqualTo(200);
        assertThat(csv.headers().firstValue("Content-Disposition")).hasValue("attachment; filename=\"journey-" + TestPseudonyms.of("person-http-1") + ".csv\"");
        List<String> rows = List.of(csv.body().replace("\uFEFF", "").split("\r\n"));
        assertThat(rows.get(0)).startsWith("sequence,event_id,type,status,episode,recorded_at,recorded_by,occurred_at,service,team,");
        assertThat(rows).hasSize(1 + journey.path("timeline").size());
        for (int i = 0; i < journey.path("timeline").size(); i++) {
            JsonNode entry = journey.path("timeline").get(i);
            assertThat(rows.get(i + 1)).startsWith(entry.path("sequence").asText() + "," + entry.path("eventId").asText() + ","
                    + entry.path("type").asText() + "," + entry.path("status").asText() + ",");
        }
        assertThat(rows.get(3)).contains(",CaseClosed,");
        assertThat(get("/api/v1/journeys/ps-aaaaaaaaaaaaaaaaaaaaaaaaaa.csv").statusCode()).isEqualTo(404);
        assertThat(get("/api/v1/journeys/anna-1.csv").statusCode()).isEqualTo(400);
    }

    @Test
    void aJourneyReadAgainAfterACorrectionArrivedShowsTheCorrectionNotTheTimelineReadBefore() throws Exception {
        Instant start = Instant.now().minus(Duration.ofDays(30));
        List<RecordedEvent> stream = Events.of("person-http-reread")
                .valueContact(start, 20, "pr-1")
                .faceToFaceAssessment(start.plus(Duration.ofDays(1)), 60, "pr-2")
                .correction(start.plus(Duration.ofDays(2)), 0, Map.of("durationMinutes", 45))
                .recorded();
        String path = "/api/v1/journeys/" + TestPseudonyms.of("person-http-reread");
        stream.subList(0, 2).forEach(this::publish);
        JsonNode before = awaitJson(path, j -> j.path("eventsRecorded").asInt() == 2);
        assertThat(getJson(path).path("timeline")).isEqualTo(before.path("timeline")); // read again, unchanged
        assertThat(before.path("totalMinutes").asLong()).isEqualTo(80);
        assertThat(before.path("timeline").get(0).path("status").asText()).isEqualTo("ACTIVE");

        publish(stream.get(2));
        JsonNode after = awaitJson(path, j -> j.path("eventsRecorded").asInt() == 3);

        assertThat(after.path("totalMinutes").asLong()).isEqualTo(105);
        assertThat(after.path("timeline")).hasSize(3);
        assertThat(after.path("timeline").get(0).path("status").asText()).isEqualTo("CORRECTED");
        assertThat(after.path("timeline").get(0).path("effective").path("durationMinutes").asInt()).isEqualTo(45);
        assertThat(after.path("timeline").get(0).path("event").path("durationMinutes").asInt()).isEqualTo(20);
    }

    @Test
    void aDroppedProjectionIsRebuiltFromTheTopicWhenTheConsumerRestarts() throws Exception {
        Instant start = Instant.now().minus(Duration.ofDays(10));
        Events.of("person-http-rebuild")
                .failureContact(start, "PROGRESS_CHASING", 15, "pr-7")
                .faceToFaceAssessment(start.plus(Duration.ofDays(2)), 45, "pr-8")
                .recorded().forEach(this::publish);
        JsonNode before = awaitJson("/api/v1/journeys/" + TestPseudonyms.of("person-http-rebuild"), j -> j.path("eventsRecorded").asInt() == 2);
        MessageListenerContainer consumer = listeners.getListenerContainer("journey-projection");

        consumer.stop();
        jdbc.execute("truncate journey_event, journey, consumer_position, parked_record");
        assertThat(get("/api/v1/journeys/" + TestPseudonyms.of("person-http-rebuild")).statusCode()).isEqualTo(404);
        consumer.start();

        // Kafka's committed offsets are past these records: only the read model's own positions bring them back.
        JsonNode after = awaitJson("/api/v1/journeys/" + TestPseudonyms.of("person-http-rebuild"), j -> j.path("eventsRecorded").asInt() == 2);
        assertThat(withoutClockFields(after)).isEqualTo(withoutClockFields(before));
    }

    @Test
    void anUnknownPersonIsANotFoundProblem() throws Exception {
        String nobody = TestPseudonyms.of("nobody-known");
        HttpResponse<String> response = get("/api/v1/journeys/" + nobody);

        assertThat(response.statusCode()).isEqualTo(404);
        assertThat(response.headers().firstValue("Content-Type")).hasValue("application/problem+json");
        JsonNode problem = EventJson.mapper().readTree(response.body());
        assertThat(problem.path("type").asText()).isEqualTo("/problems/person-not-found");
        assertThat(problem.path("title").asText()).isEqualTo("Person not found");
        assertThat(problem.path("status").asInt()).isEqualTo(404);
        assertThat(problem.path("detail").asText()).contains(nobody);
        assertThat(problem.path("pseudonym").asText()).isEqualTo(nobody);
    }

    @Test
    void aPurposeHoldingAControlCharacterIsABadRequestProblemNotAnError() throws Exception {
        String request = "GET /api/v1/journeys/" + TestPseudonyms.of("person-http-1") + " HTTP/1.1\r\nHost: localhost\r\nAuthorization: "
                + TestTokens.bearer(Role.ANALYST) + "\r\nConnection: close\r\nX-Purpose: a\u0085b\r\n\r\n";
        String answer;
        try (java.net.Socket socket = new java.net.Socket("localhost", port)) {
            socket.getOutputStream().write(request.getBytes(StandardCharsets.ISO_8859_1)); // U+0085, a C1 control, as one byte
            answer = new String(socket.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        }

        assertThat(answer).startsWith("HTTP/1.1 400").contains("/problems/invalid-header").containsIgnoringCase("x-purpose");
    }

    @Test
    void anythingButAPseudonymIsABadRequestProblem() throws Exception {
        for (String personId : List.of("person-http-1", "x".repeat(65), "not*valid", "ps-" + "a".repeat(25), "ps-" + "A".repeat(26))) {
            HttpResponse<String> response = get("/api/v1/journeys/" + personId);

            assertThat(response.statusCode()).as(personId).isEqualTo(400);
            assertThat(response.headers().firstValue("Content-Type")).hasValue("application/problem+json");
            JsonNode problem = EventJson.mapper().readTree(response.body());
            assertThat(problem.path("type").asText()).isEqualTo("/problems/invalid-request");
            assertThat(problem.path("status").asInt()).isEqualTo(400);
            assertThat(problem.path("detail").asText()).startsWith("pseudonym must be a pseudonym: ps- and 26 of the characters a-z 2-7");
            assertThat(problem.path("errors").get(0).path("field").asText()).as(response.body()).isEqualTo("pseudonym");
        }
    }

    @Test
    void healthIsUpWithTheDatabaseAndTheBrokerReachable() throws Exception {
        JsonNode health = getJson("/actuator/health");

        assertThat(health.path("status").asText()).isEqualTo("UP");
        assertThat(health.path("components").path("db").path("status").asText()).isEqualTo("UP");
        assertThat(health.path("components").path("kafka").path("status").asText()).isEqualTo("UP");
        assertThat(health.path("components").path("journeyConsumer").path("status").asText()).isEqualTo("UP");
        assertThat(getJson("/actuator/health/readiness").path("status").asText()).isEqualTo("UP");
        assertThat(getJson("/actuator/health/liveness").path("status").asText()).isEqualTo("UP");
    }

    @Test
    void metricsAndTheOpenApiDescriptionAreServed() throws Exception {
        Events.of("person-http-timed").valueContact(Instant.now().minus(Duration.ofDays(1)), 10, "pr-1").recorded().forEach(this::publish);
        awaitJson("/api/v1/journeys/" + TestPseudonyms.of("person-http-timed"), j -> j.path("eventsRecorded").asInt() == 1);
        HttpResponse<String> prometheus = get("/actuator/prometheus");
        JsonNode api = getJson("/v3/api-docs");

        assertThat(prometheus.statusCode()).isEqualTo(200);
        assertThat(prometheus.body()).contains("casejourney_projection_projected_total", "casejourney_projection_parked_total",
                "casejourney_projection_lag_seconds", "casejourney_projection_delay_seconds_bucket{", "casejourney_projection_batch_seconds_bucket{");
        // the record just applied was timed, from its Kafka timestamp to its batch's commit
        assertThat(sample(prometheus.body(), "casejourney_projection_delay_seconds_count")).isGreaterThanOrEqualTo(1);
        assertThat(sample(prometheus.body(), "casejourney_projection_batch_seconds_count")).isGreaterThanOrEqualTo(1);
        JsonNode operation = api.path("paths").path("/api/v1/journeys/{pseudonym}").path("get");
        assertThat(operation.path("summary").asText()).isEqualTo("Find a person's journey");
        assertThat(operation.path("responses").has("200")).isTrue();
        assertThat(operation.path("responses").has("400")).isTrue();
        assertThat(operation.path("responses").has("404")).isTrue();
        assertThat(operation.path("description").asText()).contains("pseudonym");
        assertThat(api.path("components").path("schemas").path("Journey").path("properties").path("personId").path("description").asText())
                .startsWith("The person's pseudonym");
    }

    @Test
    void readingAJourneyIsRecordedInTheAccessLogFirstWithTheStatedPurpose() throws Exception {
        String pseudonym = TestPseudonyms.of("person-http-logged");
        Events.of("person-http-logged").valueContact(Instant.now().minus(Duration.ofDays(3)), 10, "pr-1").recorded().forEach(this::publish);
        awaitJson("/api/v1/journeys/" + pseudonym, j -> j.path("eventsRecorded").asInt() == 1);
        long before = logged(pseudonym);

        HttpResponse<String> withPurpose = get("/api/v1/journeys/" + pseudonym, "cohort review 2026-Q2");
        HttpResponse<String> blankPurpose = get("/api/v1/journeys/" + pseudonym, " ");
        HttpResponse<String> longPurpose = get("/api/v1/journeys/" + pseudonym, "x".repeat(501));
        HttpResponse<String> unknown = get("/api/v1/journeys/" + TestPseudonyms.of("person-http-never-seen"), "looking");

        assertThat(withPurpose.statusCode()).isEqualTo(200);
        assertThat(withPurpose.body()).contains(pseudonym).doesNotContain("person-http-logged\"");
        assertThat(unknown.statusCode()).isEqualTo(404);
        for (HttpResponse<String> refused : List.of(blankPurpose, longPurpose)) {
            assertThat(refused.statusCode()).isEqualTo(400);
            assertThat(EventJson.mapper().readTree(refused.body()).path("type").asText()).isEqualTo("/problems/invalid-purpose");
        }
        assertThat(logged(pseudonym)).isEqualTo(before + 1);
        assertThat(jdbc.queryForMap("select principal, endpoint, purpose, client from audit.access_log where pseudonym = ? order by id desc limit 1",
                pseudonym)).containsEntry("principal", "test-analyst").containsEntry("endpoint", "GET /api/v1/journeys/" + pseudonym)
                .containsEntry("purpose", "cohort review 2026-Q2").hasEntrySatisfying("client", c -> assertThat((String) c).isNotBlank());
        assertThat(logged(TestPseudonyms.of("person-http-never-seen"))).isEqualTo(1); // a read that found nothing is still a read
    }

    @Test
    void aJourneyWhoseAccessLogEntryCannotBeWrittenIsNotShownInEitherForm() throws Exception {
        String pseudonym = TestPseudonyms.of("person-http-unloggable");
        Events.of("person-http-unloggable").valueContact(Instant.now().minus(Duration.ofDays(3)), 10, "pr-1").recorded().forEach(this::publish);
        awaitJson("/api/v1/journeys/" + pseudonym, j -> j.path("eventsRecorded").asInt() == 1);
        String url = jdbc.queryForObject("select 'jdbc:postgresql://127.0.0.1:' || current_setting('port') || '/' || current_database()", String.class);
        try (var owner = DriverManager.getConnection(url, TestInfrastructure.OWNER_ROLE, TestInfrastructure.OWNER_PASSWORD);
             var s = owner.createStatement()) {
            // docs/security.md: if the read cannot be recorded, nothing of the person is shown
            s.execute("create function audit.refuse_for_test() returns trigger language plpgsql as $$ begin "
                    + "if new.pseudonym = '" + pseudonym + "' then raise exception 'refused for the test'; end if; return new; end $$");
            s.execute("create trigger refuse_for_test before insert on audit.access_log for each row execute function audit.refuse_for_test()");
            try {
                for (String path : List.of("/api/v1/journeys/" + pseudonym, "/api/v1/journeys/" + pseudonym + ".csv")) {
                    HttpResponse<String> refused = get(path);
                    assertThat(refused.statusCode()).as(path).isGreaterThanOrEqualTo(500);
                    assertThat(refused.headers().firstValue("Content-Type")).as(path).hasValueSatisfying(t -> assertThat(t).startsWith("application/problem+json"));
                    assertThat(refused.body()).as(path).doesNotContain("timeline").doesNotContain("ContactRecorded");
                }
            } finally {
                s.execute("drop trigger refuse_for_test on audit.access_log");
                s.execute("drop function audit.refuse_for_test()");
            }
        }
        assertThat(get("/api/v1/journeys/" + pseudonym).statusCode()).isEqualTo(200);
    }

    @Test
    void theAccessLogIsAppendOnly() {
        jdbc.update("insert into audit.access_log (pseudonym, accessed_at, principal, endpoint) values ('ps-x', now(), 'someone', 'GET /')");

        for (String edit : List.of("update audit.access_log set principal = 'nobody'", "delete from audit.access_log", "truncate audit.access_log")) {
            // the app's role was never granted it (DatabaseRolesTest has the owner meet the triggers)
            assertThatThrownBy(() -> jdbc.execute(edit)).as(edit).rootCause().hasMessageContaining("permission denied for table access_log");
        }
    }

    /** A series' value in a Prometheus exposition (its first line of that name). */
    private static double sample(String exposition, String series) {
        return exposition.lines().filter(l -> l.startsWith(series + "{") || l.startsWith(series + " "))
                .mapToDouble(l -> Double.parseDouble(l.substring(l.lastIndexOf(' ') + 1))).findFirst().orElse(-1);
    }

    private long logged(String pseudonym) {
        return jdbc.queryForObject("select count(*) from audit.access_log where pseudonym = ?", Long.class, pseudonym);
    }

    private void publish(RecordedEvent recorded) {
        send(recorded.personId(), EventJson.write(recorded), Map.of(
                "type", recorded.event().type(),
                "eventId", recorded.event().eventId(),
                "globalPosition", String.valueOf(recorded.globalPosition()),
                "sequence", String.valueOf(recorded.sequence())));
    }

    private void send(String key, String value, Map<String, String> headers) {
        ProducerRecord<String, String> record = new ProducerRecord<>(TOPIC, key, value);
        headers.forEach((name, text) -> record.headers().add(name, text.getBytes(StandardCharsets.UTF_8)));
        try {
            producer.send(record).get();
        } catch (Exception e) {
            throw new IllegalStateException("could not publish to " + TOPIC, e);
        }
    }

    private JsonNode awaitJson(String path, Predicate<JsonNode> done) throws Exception {
        long deadline = System.nanoTime() + PATIENCE.toNanos();
        HttpResponse<String> last = null;
        while (System.nanoTime() < deadline) {
            last = get(path);
            if (last.statusCode() == 200) {
                JsonNode json = EventJson.mapper().readTree(last.body());
                if (done.test(json)) {
                    return json;
                }
            }
            Thread.sleep(200);
        }
        throw new AssertionError("gave up waiting on " + path + "; last answer " + (last == null ? null : last.statusCode() + " " + last.body()));
    }

    private void awaitMetric(String name, double atLeast) throws Exception {
        long deadline = System.nanoTime() + PATIENCE.toNanos();
        while (metric(name) < atLeast) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError(name + " never reached " + atLeast + "; it is " + metric(name));
            }
            Thread.sleep(200);
        }
    }

    private double metric(String name) throws Exception {
        Matcher m = Pattern.compile("^" + Pattern.quote(name) + "(?:\\{[^}]*})? (\\S+)$", Pattern.MULTILINE)
                .matcher(get("/actuator/prometheus").body());
        return m.find() ? Double.parseDouble(m.group(1)) : 0;
    }

    // asOf and the day counts of open episodes move with the clock between two reads.
    private static JsonNode withoutClockFields(JsonNode journey) {
        ObjectNode copy = journey.deepCopy();
        copy.remove(List.of("asOf", "endToEndDays"));
        copy.path("episodes").forEach(e -> ((ObjectNode) e).remove("endToEndDays"));
        return copy;
    }

    private JsonNode getJson(String path) throws Exception {
        HttpResponse<String> response = get(path);
        assertThat(response.statusCode()).as(path + " answered " + response.body()).isEqualTo(200);
        return EventJson.mapper().readTree(response.body());
    }

    private HttpResponse<String> get(String path) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + path)).header("Authorization", TestTokens.bearer(Role.ANALYST)).GET().build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> get(String path, String purpose) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + path)).header("Authorization", TestTokens.bearer(Role.ANALYST))
                .header("X-Purpose", purpose).GET().build(), HttpResponse.BodyHandlers.ofString());
    }
}
