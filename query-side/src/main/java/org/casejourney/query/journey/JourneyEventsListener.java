package org.casejourney.query.journey;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.TopicPartition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.kafka.listener.ConsumerSeekAware;
import org.springframework.stereotype.Component;

import java.util.List;
import java.util.Map;

/**
 * Feeds the topic to the journey projection. Positions live in PostgreSQL, not in Kafka's committed
 * offsets: on assignment each partition resumes right after its stored position, or from the
 * beginning when the read model has never seen it (a new or rebuilt projection).
 */
@Component
class JourneyEventsListener implements ConsumerSeekAware {

    private static final Logger log = LoggerFactory.getLogger(JourneyEventsListener.class);

    private final JourneyProjection projection;
    private final ConsumerPositions positions;

    JourneyEventsListener(JourneyProjection projection, ConsumerPositions positions) {
        this.projection = projection;
        this.positions = positions;
    }

    @KafkaListener(id = "journey-projection", idIsGroup = false, groupId = "${casejourney.consumer.group-id}",
            topics = "${casejourney.topic.name}", batch = "true")
    void onRecords(List<ConsumerRecord<String, String>> records) {
        JourneyProjection.Outcome outcome = projection.project(records);
        log.debug("Batch of {} records: {}", records.size(), outcome);
    }

    @Override
    public void onPartitionsAssigned(Map<TopicPartition, Long> assignments, ConsumerSeekCallback callback) {
        Map<TopicPartition, Long> stored = positions.find(assignments.keySet());
        List<TopicPartition> unseen = assignments.keySet().stream().filter(tp -> !stored.containsKey(tp)).toList();
        stored.forEach((tp, offset) -> callback.seek(tp.topic(), tp.partition(), offset + 1));
        if (!unseen.isEmpty()) {
            callback.seekToBeginning(unseen);
        }
        log.info("Assigned {}: resuming after stored positions {}, from the beginning of {}", assignments.keySet(), stored, unseen);
    }
}
