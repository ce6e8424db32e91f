package org.casejourney.query.projections;

import com.fasterxml.jackson.databind.JsonNode;
import org.apache.kafka.clients.admin.AdminClient;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.casejourney.events.EventJson;
import org.casejourney.events.RecordedEvent;
import org.casejourney.infrastructure.TestInfrastructure;
import org.casejourney.query.RealInfrastructure;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.kafka.config.KafkaListenerEndpointRegistry;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import java.sql.ResultSet;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A query side starting on an empty read model whose topic already holds more records than
 * {@code fill-empty-behind}: the projection is filled by a rebuild, which the listing shows, and only then does the live
 * consumer start, from the positions the rebuild stored, and go on applying what arrives.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = "casejourney.projections.rebuild.fill-empty-behind=1000")
class ProjectionStartTest {

    private static final TestInfrastructure INFRASTRUCTURE = TestInfrastructure.get();
    private static final String DATABASE = INFRASTRUCTURE.newDatabase("query_projection_start");
    private static final String TOPIC = "casejourney.events.start-fill";
    private static final Duration PATIENCE = Duration.ofMinutes(2);
    private static final List<RecordedEvent> EVENTS = Journeys.generate("sf", 400, 11, Instant.parse("2025-06-01T00:00:00Z"));

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

    /** Runs before the app starts: the topic, with six partitions as the app would create it, already holds every event. */
    @BeforeAll
    static void aTopicWrittenBeforeTheQuerySideStarts() throws Exception {
        try (AdminClient admin = AdminClient.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, INFRASTRUCTURE.kafkaBootstrapServers()))) {
            admin.createTopics(List.of(new NewTopic(TOPIC, 6, (short) 1))).all().get();
        }
        try (KafkaProducer<String, String> producer = RealInfrastructure.bulkProducer()) {
            RealInfrastructure.publish(producer, EVENTS.stream()
                    .map(event -> new ProducerRecord<>(TOPIC, event.personId(), EventJson.write(event))).toList());
        }
    }

    @Test
    void anEmptyReadModelBehindALongTopicIsFilledByARebuildAndThenConsumesLive() throws Exception {
        ProjectionsClient api = new ProjectionsClient(port, PATIENCE);
        JsonNode journey = api.awaitJson("/api/v1/projections", listing -> {
            JsonNode projection = listing.path("projections").get(0);
            return projection.path("state").asText().equals("LIVE") && !projection.path("lastRebuild").isNull()
                    && projection.path("lag").path("records").asLong(-1) == 0;
        }).path("projections").get(0);

        assertThat(journey.path("lastRebuild").path("records").asLong()).as("records the filling rebuild applied").isEqualTo(EVENTS.size());
        assertThat(journey.path("lastRebuildFailure").isNull()).as(journey.toString()).isTrue();
        // the read model holds people by pseudonym: each person's count of events, sorted, matches the generated ones'
        assertThat(storedEventsByPerson().values().stream().sorted().toList()).isEqualTo(EVENTS.stream()
                .collect(Collectors.groupingBy(RecordedEvent::personId, Collectors.counting())).values().stream().sorted().toList());
        assertThat(listeners.getListenerContainer("journey-projection").isRunning()).as("the live consumer, started after the switch").isTrue();

        RecordedEvent later = Journeys.generate("sf-later", 1, 12, Instant.parse("2026-06-01T00:00:00Z")).get(0);
        try (KafkaProducer<String, String> producer = RealInfrastructure.producer(Map.of())) {
            RealInfrastructure.publish(producer, List.of(new ProducerRecord<>(TOPIC, later.personId(), EventJson.write(later))));
        }
        long deadline = System.nanoTime() + PATIENCE.toNanos();
        while (RealInfrastructure.applied(jdbc, TOPIC) < EVENTS.size() + 1) {
            assertThat(System.nanoTime()).as("the record published after the fill applied within " + PATIENCE).isLessThan(deadline);
            Thread.sleep(20);
        }
        assertThat(jdbc.queryForObject("select count(*) from journey_event", Long.class)).isEqualTo(EVENTS.size() + 1L);
        long people = EVENTS.stream().map(RecordedEvent::personId).distinct().count();
        assertThat(jdbc.queryForObject("select count(*) from journey", Long.class)).as("journeys, the later person's among them").isEqualTo(people + 1);
    }

    private Map<String, Long> storedEventsByPerson() {
        Map<String, Long> stored = new HashMap<>();
        jdbc.query("select person_id, count(*) from journey_event group by person_id", (ResultSet rs) -> {
            stored.put(rs.getString(1), rs.getLong(2));
        });
        return stored;
    }
}
