package org.casejourney.command;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.casejourney.events.EventJson;
import org.casejourney.events.RecordedEvent;
import org.casejourney.events.checkpoints.CheckpointKeys;
import org.casejourney.infrastructure.TestInfrastructure;
import org.casejourney.infrastructure.TestTokens;
import org.casejourney.security.Role;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.autoconfigure.actuate.observability.AutoConfigureObservability;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * One running command side on real PostgreSQL and a real Kafka broker, shared by every HTTP-level
 * test class (same configuration, so Spring's context cache starts it once).
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@AutoConfigureObservability(tracing = false)
abstract class ApiTestSupport {

    static final String TOPIC = "casejourney.events.test-" + UUID.randomUUID();
    private static final String DATABASE = TestInfrastructure.get().newDatabase("events");
    static final HttpClient http = HttpClient.newHttpClient();
    static final ObjectMapper json = EventJson.mapper();
    static final String RECORDER = TestTokens.bearer(Role.RECORDER);
    static final String AUDITOR = TestTokens.bearer(Role.AUDITOR);
    static final String ADMIN = TestTokens.bearer(Role.ADMIN);
    static final KeyPair CHECKPOINT_KEYS = CheckpointKeys.generate();
    static final Path CHECKPOINTS = checkpointDirectory();

    @DynamicPropertySource
    static void infrastructure(DynamicPropertyRegistry registry) {
        TestInfrastructure infra = TestInfrastructure.get();
        infra.databaseProperties(DATABASE).forEach((name, value) -> registry.add(name, () -> value));
        registry.add("spring.kafka.bootstrap-servers", infra::kafkaBootstrapServers);
        registry.add("casejourney.topic.name", () -> TOPIC);
        registry.add("casejourney.topic.partitions", () -> "3");
        registry.add("casejourney.event-store.snapshot-threshold", () -> "5");
        // not the default: the journey-as-of answer must take its window from the setting
        registry.add("casejourney.journey.return-window-days", () -> "30");
        registry.add("casejourney.checkpoints.directory", CHECKPOINTS::toString);
        registry.add("casejourney.checkpoints.signing-key", () -> CheckpointKeys.encode(CHECKPOINT_KEYS.getPrivate()));
        registry.add("casejourney.checkpoints.public-key", () -> CheckpointKeys.encode(CHECKPOINT_KEYS.getPublic()));
        registry.add("casejourney.checkpoints.topic", () -> TOPIC + ".checkpoints");
        registry.add("casejourney.checkpoints.interval", () -> "PT1H"); // tests take checkpoints themselves
        // every checkpoint goes to the topic in several records, as a migration's would at the default size
        registry.add("casejourney.checkpoints.record-bytes", () -> "1024");
    }

    private static Path checkpointDirectory() {
        try {
            return Files.createTempDirectory("casejourney-checkpoints-");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @LocalServerPort
    int port;

    @Autowired
    JdbcTemplate jdbc;

    /** The owner role's way into the app's database: someone editing the store behind the app's back, which the app's own role cannot. */
    JdbcTemplate owner() {
        String url = jdbc.execute((org.springframework.jdbc.core.ConnectionCallback<String>) c -> c.getMetaData().getURL());
        return new JdbcTemplate(new org.springframework.jdbc.datasource.DriverManagerDataSource(url,
                TestInfrastructure.OWNER_ROLE, TestInfrastructure.OWNER_PASSWORD));
    }

    static String person() {
        return "p-" + UUID.randomUUID();
    }

    /** A new person with four support events a second apart from {@code t0}, each 12 minutes face to face. */
    String recordFourSupportEvents(Instant t0) throws Exception {
        String person = person();
        for (int i = 0; i < 4; i++) {
            var response = post("/api/v1/persons/" + person + "/events", Map.of("type", "SupportDelivered",
                    "eventId", "s" + i + "-" + person, "occurredAt", t0.plusSeconds(i).toString(), "service", "adult-social-care",
                    "activity", "personal-care", "durationMinutes", 12, "faceToFace", true));
            assertThat(response.statusCode()).as(response.body()).isEqualTo(201);
        }
        return person;
    }

    void assertProblem(HttpResponse<String> response, int status, String type) throws Exception {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
        assertThat(response.headers().firstValue("Content-Type").orElse("")).startsWith("application/problem+json");
        JsonNode problem = json.readTree(response.body());
        assertThat(problem.get("type").asText()).isEqualTo(type);
        assertThat(problem.get("status").asInt()).isEqualTo(status);
        assertThat(problem.get("detail").asText()).isNotBlank();
        assertThat(response.body()).doesNotContain("Exception", "at org.", "SQL");
    }

    /** The fields a 4xx problem names in its {@code errors}. */
    List<String> errorFields(HttpResponse<String> response) throws Exception {
        List<String> fields = new java.util.ArrayList<>();
        JsonNode errors = json.readTree(response.body()).get("errors");
        assertThat(errors).as(response.body()).isNotNull();
        errors.forEach(e -> fields.add(e.get("field").asText()));
        return fields;
    }

    HttpResponse<String> post(String path, Object body) throws Exception {
        return postRaw(path, json.writeValueAsString(body), "application/json");
    }

    HttpResponse<String> postRaw(String path, String body, String contentType) throws Exception {
        return postBytes(path, body.getBytes(java.nio.charset.StandardCharsets.UTF_8), contentType);
    }

    /** Posts as a front-line system (role recorder). */
    HttpResponse<String> postBytes(String path, byte[] body, String contentType) throws Exception {
        return http.send(request(path).header("Authorization", RECORDER)
                .header("Content-Type", contentType)
                .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build(), HttpResponse.BodyHandlers.ofString());
    }

    /** Reads as an auditor stating a purpose, as auditors must. */
    HttpResponse<String> get(String path) throws Exception {
        return http.send(request(path).header("Authorization", AUDITOR).header("X-Purpose", "automated test").GET().build(),
                HttpResponse.BodyHandlers.ofString());
    }

    HttpRequest.Builder request(String path) {
        return HttpRequest.newBuilder(URI.create("http://localhost:" + port + path));
    }

    /** A consumer of {@code topic} from its start, in a consumer group of its own; the caller closes it. */
    static <V> KafkaConsumer<String, V> consumerFromStart(String topic, org.apache.kafka.common.serialization.Deserializer<V> values) {
        KafkaConsumer<String, V> consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, TestInfrastructure.get().kafkaBootstrapServers(),
                ConsumerConfig.GROUP_ID_CONFIG, "test-" + UUID.randomUUID(),
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest"), new StringDeserializer(), values);
        consumer.subscribe(java.util.Set.of(topic));
        return consumer;
    }

    /** A valid ContactRecorded as a front-line system sends it. */
    static Map<String, Object> contact(String eventId, Instant at) {
        Map<String, Object> event = new java.util.LinkedHashMap<>();
        event.put("type", "ContactRecorded");
        event.put("eventId", eventId);
        event.put("occurredAt", at.toString());
        event.put("service", "adult-social-care");
        event.put("team", "front-door");
        event.put("organisation", "county-council");
        event.put("practitioner", "staff-17");
        event.put("channel", "PHONE");
        event.put("demandType", "FAILURE");
        event.put("failureCategory", "PROGRESS_CHASING");
        event.put("whatMatters", "Knowing when someone will come");
        event.put("durationMinutes", 12);
        return event;
    }

    /** A batch item: the event with its personId. */
    static Map<String, Object> withPerson(String personId, Map<String, Object> event) {
        Map<String, Object> item = new java.util.LinkedHashMap<>();
        item.put("personId", personId);
        item.putAll(event);
        return item;
    }
}
