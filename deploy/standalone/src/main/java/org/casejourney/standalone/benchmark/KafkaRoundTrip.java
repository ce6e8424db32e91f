package org.casejourney.standalone.benchmark;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

/**
 * A local Kafka round trip on the system's own broker: one 500-byte record produced (acks=all,
 * idempotent) and consumed back by a consumer polling the partition, one at a time, on a topic of
 * its own. The floor under any acknowledgement-to-visible lag that goes through Kafka.
 */
final class KafkaRoundTrip {

    private static final String TOPIC = "casejourney.benchmark.round-trip";
    private static final Duration PER_SAMPLE = Duration.ofSeconds(10);

    private KafkaRoundTrip() {
    }

    static Latencies measure(String bootstrapServers, int samples, Duration timeLimit) throws Exception {
        createTopic(bootstrapServers);
        TopicPartition partition = new TopicPartition(TOPIC, 0);
        Latencies latencies = new Latencies();
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                ProducerConfig.ACKS_CONFIG, "all",
                ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true,
                ProducerConfig.LINGER_MS_CONFIG, 0), new StringSerializer(), new ByteArraySerializer());
             KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(Map.of(
                     ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                     ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG, 10,
                     ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false), new StringDeserializer(), new ByteArrayDeserializer())) {
            consumer.assign(List.of(partition));
            consumer.seekToEnd(List.of(partition));
            consumer.position(partition);
            byte[] value = new byte[500];
            long deadline = System.nanoTime() + timeLimit.toNanos();
            for (int i = 0; i < samples && System.nanoTime() < deadline; i++) {
                String key = "probe-" + i;
                long sent = System.nanoTime();
                producer.send(new ProducerRecord<>(TOPIC, 0, key, value)).get(PER_SAMPLE.toMillis(), TimeUnit.MILLISECONDS);
                if (awaitRecord(consumer, key, sent + PER_SAMPLE.toNanos())) {
                    latencies.addNanos(System.nanoTime() - sent);
                }
            }
        }
        return latencies;
    }

    private static boolean awaitRecord(KafkaConsumer<String, byte[]> consumer, String key, long deadline) {
        while (System.nanoTime() < deadline) {
            for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(100))) {
                if (key.equals(record.key())) {
                    return true;
                }
            }
        }
        return false;
    }

    private static void createTopic(String bootstrapServers) throws Exception {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers))) {
            admin.createTopics(Set.of(new NewTopic(TOPIC, 1, (short) 1))).all().get(30, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            if (!(e.getCause() instanceof TopicExistsException)) {
                throw e;
            }
        }
    }
}
