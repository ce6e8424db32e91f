package org.casejourney.query.projections;

import org.apache.kafka.clients.admin.AdminClient;
import org.apache.kafka.clients.admin.ListOffsetsResult;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.common.TopicPartition;
import org.casejourney.platform.health.HealthProperties;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.kafka.core.KafkaAdmin;
import org.springframework.stereotype.Component;

import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

/** The log end offset of each partition of a topic, as the brokers know it now. */
@Component
class TopicEnds implements DisposableBean {

    private final AdminClient admin;
    private final Duration timeout;

    TopicEnds(KafkaAdmin kafkaAdmin, HealthProperties properties) {
        this.admin = AdminClient.create(kafkaAdmin.getConfigurationProperties());
        this.timeout = properties.kafkaTimeout();
    }

    /** End offset by partition, or empty when the cluster does not answer in time. */
    Optional<Map<Integer, Long>> of(String topic) {
        try {
            var description = admin.describeTopics(java.util.List.of(topic)).allTopicNames()
                    .get(timeout.toMillis(), TimeUnit.MILLISECONDS).get(topic);
            Map<TopicPartition, OffsetSpec> latest = description.partitions().stream()
                    .collect(Collectors.toMap(p -> new TopicPartition(topic, p.partition()), p -> OffsetSpec.latest()));
            Map<TopicPartition, ListOffsetsResult.ListOffsetsResultInfo> ends = admin.listOffsets(latest).all()
                    .get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            Map<Integer, Long> byPartition = new TreeMap<>();
            ends.forEach((tp, info) -> byPartition.put(tp.partition(), info.offset()));
            return Optional.of(byPartition);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.empty();
        } catch (Exception e) {
            return Optional.empty();
        }
    }

    @Override
    public void destroy() {
        admin.close(Duration.ofSeconds(1));
    }
}
