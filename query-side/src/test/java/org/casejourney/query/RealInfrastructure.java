package org.casejourney.query;

import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.casejourney.infrastructure.TestInfrastructure;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.DynamicPropertyRegistry;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Future;

/** Points a test's query side at real PostgreSQL (its own database) and the real broker (its own topic). */
public final class RealInfrastructure {

    private RealInfrastructure() {
    }

    public static void register(DynamicPropertyRegistry registry, String database, String topic) {
        TestInfrastructure infrastructure = TestInfrastructure.get();
        infrastructure.databaseProperties(database).forEach((name, value) -> registry.add(name, () -> value));
        registry.add("spring.kafka.bootstrap-servers", infrastructure::kafkaBootstrapServers);
        registry.add("casejourney.topic.name", () -> topic);
    }

    /** A producer to the real broker, as the command side publishes: idempotent, every record acknowledged by all replicas. */
    public static KafkaProducer<String, String> producer(Map<String, Object> tuning) {
        Map<String, Object> config = new HashMap<>(tuning);
        config.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, TestInfrastructure.get().kafkaBootstrapServers());
        config.put(ProducerConfig.ACKS_CONFIG, "all");
        config.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        return new KafkaProducer<>(config, new StringSerializer(), new StringSerializer());
    }

    /** A producer tuned for loading a topic fast (the speed benchmarks' hundreds of thousands of records). */
    public static KafkaProducer<String, String> bulkProducer() {
        return producer(Map.of(ProducerConfig.LINGER_MS_CONFIG, 20, ProducerConfig.BATCH_SIZE_CONFIG, 256 * 1024,
                ProducerConfig.COMPRESSION_TYPE_CONFIG, "lz4"));
    }

    /** Sends the records and returns once the broker has acknowledged every one of them. */
    public static void publish(KafkaProducer<String, String> producer, List<ProducerRecord<String, String>> records) {
        List<Future<?>> sent = new ArrayList<>(records.size());
        records.forEach(record -> sent.add(producer.send(record)));
        producer.flush();
        for (Future<?> future : sent) {
            try {
                future.get();
            } catch (Exception e) {
                throw new IllegalStateException("could not publish to " + records.get(0).topic(), e);
            }
        }
    }

    /** Records the projection has applied from the topic: each partition's stored position is its last applied offset. */
    public static long applied(JdbcTemplate jdbc, String topic) {
        Long applied = jdbc.queryForObject("select coalesce(sum(last_offset + 1), 0) from consumer_position where topic = ?", Long.class, topic);
        return applied == null ? 0 : applied;
    }
}
