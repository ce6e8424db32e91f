package org.casejourney.query.projections;

import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.casejourney.events.EventJson;
import org.casejourney.events.RecordedEvent;
import org.casejourney.infrastructure.TestInfrastructure;
import org.casejourney.query.RealInfrastructure;
import org.casejourney.query.platform.CopyRows;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.kafka.config.KafkaListenerEndpointRegistry;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.transaction.support.TransactionTemplate;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.locks.LockSupport;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The live projection replaying a long topic into an empty schema, as a new query side (or one whose
 * schema was dropped) catches up. Not run by default:
 * {@code mvn -pl query-side -am verify -Dtest=LiveProjectionSpeedTest -Dcasejourney.speed=true -Dsurefire.failIfNoSpecifiedTests=false}.
 * Publishes {@code -Dlive.events} generated events (default 200,000, about 7.5 per person, interleaved across people as
 * they arrive) with the listener stopped, starts it, and prints the events/s until every record's position is stored,
 * beside this PostgreSQL's COPY and read-back rates for rows of the same shape, measured in the same run, and the load
 * average. Checks only that every person has a journey; correctness is the projection tests' business.
 */
@EnabledIfSystemProperty(named = "casejourney.speed", matches = "true")
@SpringBootTest(properties = "spring.kafka.listener.auto-startup=false")
class LiveProjectionSpeedTest {

    private static final Logger log = LoggerFactory.getLogger(LiveProjectionSpeedTest.class);
    private static final TestInfrastructure INFRASTRUCTURE = TestInfrastructure.get();
    private static final String DATABASE = INFRASTRUCTURE.newDatabase("query_live_speed");
    private static final String TOPIC = "casejourney.events.live-speed";
    private static final int EVENTS = Integer.getInteger("live.events", 200_000);
    private static final Duration PATIENCE = Duration.ofMinutes(30);

    private static KafkaProducer<String, String> producer;

    @Autowired
    KafkaListenerEndpointRegistry listeners;
    @Autowired
    JdbcTemplate jdbc;
    @Autowired
    TransactionTemplate transaction;

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
    void theLiveProjectionReplaysALongTopicIntoAnEmptySchema() throws Exception {
        int people = (int) Math.max(1, Math.round(EVENTS / 7.5));
        List<RecordedEvent> events = Journeys.generate("ls", people, 42, Instant.parse("2025-06-01T00:00:00Z"));
        RealInfrastructure.publish(producer, events.stream()
                .map(event -> new ProducerRecord<>(TOPIC, event.personId(), EventJson.write(event))).toList());
        int records = events.size();
        String copyRate = copyRate(events);
        String loadBefore = loadAverage();

        long t0 = System.nanoTime();
        listeners.getListenerContainer("journey-projection").start();
        long deadline = t0 + PATIENCE.toNanos();
        while (applied() < records) {
            assertThat(System.nanoTime()).as("caught up within " + PATIENCE).isLessThan(deadline);
            Thread.sleep(10);
        }
        double seconds = (System.nanoTime() - t0) / 1e9;
        String loadAfter = loadAverage();

        String readRate = readBackRate();
        log.info("BENCHMARK live replay: {} events of {} people into an empty schema in {} s: {} events/s; "
                        + "limits in this run: COPY of journey_event rows {}, keyset read-back of them {}; load average before {}, after {}",
                records, people, String.format("%.1f", seconds), Math.round(records / seconds), copyRate, readRate, loadBefore, loadAfter);
        assertThat(jdbc.queryForObject("select count(*) from journey", Long.class)).isEqualTo(people);

        log.info("BENCHMARK live trickle: {}", singleRecordLatency(records));
    }

    /** One record at a time once caught up: milliseconds from the broker's acknowledgement to its position being committed. */
    private String singleRecordLatency(long records) throws Exception {
        List<Long> micros = new ArrayList<>();
        for (int i = 0; i < 100; i++) {
            RecordedEvent first = Journeys.generate("trickle-" + i, 1, i, Instant.parse("2026-06-01T00:00:00Z")).get(0);
            producer.send(new ProducerRecord<>(TOPIC, first.personId(), EventJson.write(first))).get();
            long t0 = System.nanoTime();
            while (applied() < records + i + 1) {
                LockSupport.parkNanos(200_000);
            }
            micros.add((System.nanoTime() - t0) / 1_000);
            Thread.sleep(20);
        }
        Collections.sort(micros);
        return String.format("acknowledged to committed, 100 single records: p50 %.1f ms, p99 %.1f ms, max %.1f ms",
                micros.get(49) / 1e3, micros.get(98) / 1e3, micros.get(99) / 1e3);
    }

    private long applied() {
        return RealInfrastructure.applied(jdbc, TOPIC);
    }

    /** COPY of the events as journey_event rows into a scratch table of its shape, one transaction per 20,000. */
    private String copyRate(List<RecordedEvent> events) {
        jdbc.execute("create table scratch_event (like journey_event including all)");
        int limit = Math.min(events.size(), 100_000);
        long t0 = System.nanoTime();
        for (int from = 0; from < limit; from += 20_000) {
            List<RecordedEvent> chunk = events.subList(from, Math.min(limit, from + 20_000));
            transaction.executeWithoutResult(status -> {
                CopyRows copy = new CopyRows(chunk.size());
                chunk.forEach(r -> copy.text(r.personId()).int8(r.sequence()).int8(r.globalPosition()).text(r.event().eventId())
                        .text(r.event().type()).timestamp(r.event().occurredAt()).timestamp(r.recordedAt()).json(EventJson.write(r)).endRow());
                copy.copyInto(jdbc, "scratch_event (person_id, sequence, global_position, event_id, type, occurred_at, recorded_at, payload)");
            });
        }
        double seconds = (System.nanoTime() - t0) / 1e9;
        jdbc.execute("drop table scratch_event");
        return String.format("%,d rows/s", Math.round(limit / seconds));
    }

    /** Reads the stored events back in keyset pages of 1,000, as text, the way the projection reads them. */
    private String readBackRate() {
        long t0 = System.nanoTime();
        long rows = 0;
        String lastPerson = "";
        long lastSequence = -1;
        while (true) {
            List<Map<String, Object>> page = jdbc.queryForList("select person_id, sequence, payload::text from journey_event"
                    + " where (person_id, sequence) > (?, ?) order by person_id, sequence limit 1000", lastPerson, lastSequence);
            if (page.isEmpty()) {
                break;
            }
            rows += page.size();
            lastPerson = (String) page.get(page.size() - 1).get("person_id");
            lastSequence = (Long) page.get(page.size() - 1).get("sequence");
        }
        double seconds = (System.nanoTime() - t0) / 1e9;
        return String.format("%,d rows/s", Math.round(rows / seconds));
    }

    private static String loadAverage() {
        try {
            return Files.readString(Path.of("/proc/loadavg")).trim().replaceAll("^(\\S+ \\S+ \\S+).*", "$1");
        } catch (IOException e) {
            return "unknown";
        }
    }
}
