package org.casejourney.query.projections;

import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.casejourney.events.EventJson;
import org.casejourney.events.RecordedEvent;
import org.casejourney.infrastructure.TestInfrastructure;
import org.casejourney.query.RealInfrastructure;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.kafka.config.KafkaListenerEndpointRegistry;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The live consumer far behind the topic's end reads each poll while the poll before it is stored on another thread
 * (CatchUpPipeline). When that store fails, the consumer has already read past it: it must go back to the stored
 * positions, or the failed poll's records would be skipped for good. Here the database drops the connection of
 * every COPY of events it can catch, over and over, while a topic of a few thousand records is replayed; each
 * record must still be stored exactly once.
 */
@SpringBootTest(properties = {"spring.kafka.listener.auto-startup=false", "casejourney.journey.defer-fold-behind=300",
        "spring.kafka.consumer.max-poll-records=100"})
class CatchUpFaultTest {

    private static final TestInfrastructure INFRASTRUCTURE = TestInfrastructure.get();
    private static final String DATABASE = INFRASTRUCTURE.newDatabase("query_catch_up_fault");
    private static final String DATABASE_NAME = DATABASE.substring(DATABASE.lastIndexOf('/') + 1);
    private static final String TOPIC = "casejourney.events.catch-up-fault";
    private static final Duration PATIENCE = Duration.ofMinutes(3);

    private static KafkaProducer<String, String> producer;

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
        producer = RealInfrastructure.bulkProducer();
    }

    @AfterAll
    static void closeProducer() {
        producer.close(Duration.ofSeconds(5));
    }

    @Test
    void aCatchUpWhoseStoresFailStoresEveryRecordExactlyOnce() throws Exception {
        List<RecordedEvent> events = Journeys.generate("cf", 600, 7, Instant.parse("2025-06-01T00:00:00Z"));
        RealInfrastructure.publish(producer, events.stream()
                .map(event -> new ProducerRecord<>(TOPIC, event.personId(), EventJson.write(event))).toList());

        slowDownCopiesOfEvents(); // so that each COPY lasts long enough to be caught in the act
        AtomicBoolean caughtUp = new AtomicBoolean();
        CompletableFuture<Integer> dropped = CompletableFuture.supplyAsync(() -> dropCopiesUntil(caughtUp));
        listeners.getListenerContainer("journey-projection").start();
        long deadline = System.nanoTime() + PATIENCE.toNanos();
        try {
            while (applied() < events.size() || unfolded() > 0) {
                assertThat(System.nanoTime()).as("caught up within " + PATIENCE).isLessThan(deadline);
                Thread.sleep(20);
            }
        } finally {
            caughtUp.set(true);
        }

        assertThat(dropped.get()).as("connections dropped in the middle of a COPY of events").isPositive();
        Map<String, Long> generated = events.stream().collect(Collectors.groupingBy(RecordedEvent::personId, Collectors.counting()));
        Map<String, Long> stored = new HashMap<>();
        jdbc.query("select j.person_id, count(e.sequence) from journey j left join journey_event e on e.person_id = j.person_id"
                + " group by j.person_id", (ResultSet rs) -> {
            stored.put(rs.getString(1), rs.getLong(2));
        });
        assertThat(jdbc.queryForObject("select count(*) from journey_event", Long.class)).isEqualTo(events.size());
        assertThat(stored.values().stream().sorted().toList()).isEqualTo(generated.values().stream().sorted().toList());
        assertThat(jdbc.queryForObject("select count(*) from parked_record", Long.class)).isZero();
    }

    /** A statement trigger that sleeps 20 ms before each statement that writes journey_event rows. */
    private static void slowDownCopiesOfEvents() throws Exception {
        try (Connection superuser = INFRASTRUCTURE.superuser(DATABASE_NAME); Statement statement = superuser.createStatement()) {
            statement.execute("create function journey.slow_statement() returns trigger language plpgsql as"
                    + " $$ begin perform pg_sleep(0.02); return null; end $$");
            statement.execute("create trigger slow_statement before insert on journey.journey_event"
                    + " for each statement execute function journey.slow_statement()");
        }
    }

    /** Terminates every backend it finds copying events into journey_event until told to stop; how many it terminated. */
    private static int dropCopiesUntil(AtomicBoolean stop) {
        int dropped = 0;
        try (Connection superuser = INFRASTRUCTURE.superuser(DATABASE_NAME); Statement statement = superuser.createStatement()) {
            while (!stop.get()) {
                try (ResultSet rs = statement.executeQuery("select count(*) filter (where pg_terminate_backend(pid)) from pg_stat_activity"
                        + " where datname = current_database() and pid <> pg_backend_pid() and query ilike 'copy journey_event%'"
                        + " and state = 'active'")) {
                    rs.next();
                    dropped += rs.getInt(1);
                }
                Thread.sleep(dropped < 5 ? 5 : 300); // a handful early, then now and then
            }
        } catch (Exception e) {
            throw new IllegalStateException("could not drop the projection's connections", e);
        }
        return dropped;
    }

    private long applied() {
        return RealInfrastructure.applied(jdbc, TOPIC);
    }

    private long unfolded() {
        Long unfolded = jdbc.queryForObject("select count(*) from journey_unfolded", Long.class);
        return unfolded == null ? 0 : unfolded;
    }
}
