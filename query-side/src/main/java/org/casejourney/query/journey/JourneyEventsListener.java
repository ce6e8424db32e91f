package org.casejourney.query.journey;

import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.TopicPartition;
import org.casejourney.query.platform.QuerySideProperties;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.kafka.listener.ConsumerSeekAware;
import org.springframework.stereotype.Component;

import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;

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
    private final long deferFoldBehind;

    JourneyEventsListener(JourneyProjection projection, ConsumerPositions positions,
                          QuerySideProperties properties) {
        this.projection = projection;
        this.positions = positions;
        this.deferFoldBehind = properties.journey().deferFoldBehind();
    }

    /**
     * Far behind the topic's end (more than {@code defer-fold-behind} records after this poll), a batch only stores
     * events and the fold waits; the first batch closer to the end first folds everyone left waiting (ADR 014).
     */
    @KafkaListener(id = "journey-projection", idIsGroup = false, groupId = "${casejourney.consumer.group-id}",
            topics = "${casejourney.topic.name}", batch = "true")
    void onRecords(List<ConsumerRecord<String, String>> records, Consumer<?, ?> consumer) {
        boolean behind = deferFoldBehind >= 0 && behind(consumer) > deferFoldBehind;
        if (!behind) {
            foldDeferred();
        }
        JourneyProjection.Outcome outcome = projection.project(records, behind);
        log.debug("Batch of {} records{}: {}", records.size(), behind ? " (fold deferred)" : "", outcome);
    }

    /** Records after this poll on the consumer's partitions whose lag the last fetches told. */
    private static long behind(Consumer<?, ?> consumer) {
        long behind = 0;
        for (TopicPartition tp : consumer.assignment()) {
            OptionalLong lag = consumer.currentLag(tp);
            behind += lag.orElse(0);
        }
        return behind;
    }

    private void foldDeferred() {
        long t0 = System.nanoTime();
        int folded = projection.foldDeferred();
        if (folded > 0) {
            log.info("Folded {} people whose fold a catch-up deferred in {} ms", folded, (System.nanoTime() - t0) / 1_000_000);
        }
    }

    /** No records for a while: fold anyone a catch-up that stopped half-way left waiting. */
    @Override
    public void onIdleContainer(Map<TopicPartition, Long> assignments, ConsumerSeekCallback callback) {
        try {
            foldDeferred();
        } catch (RuntimeException e) {
            // the consumer's loop must not end here; the next idle event or batch tries again
            log.warn("Could not fold the people a catch-up left unfolded; trying again later", e);
        }
    }

    @Override
    public void onPartitionsRevoked(Collection<TopicPartition> partitions) {
        projection.forgetKept();
    }

    @Override
    public void onPartitionsAssigned(Map<TopicPartition, Long> assignments, ConsumerSeekCallback callback) {
        projection.forgetKept(); // another consumer may have written these partitions' people meanwhile
        Map<TopicPartition, Long> stored = positions.find(assignments.keySet());
        List<TopicPartition> unseen = assignments.keySet().stream().filter(tp -> !stored.containsKey(tp)).toList();
        stored.forEach((tp, offset) -> callback.seek(tp.topic(), tp.partition(), offset + 1));
        if (!unseen.isEmpty()) {
            callback.seekToBeginning(unseen);
        }
        log.info("Assigned {}: resuming after stored positions {}, from the beginning of {}", assignments.keySet(), stored, unseen);
    }
}
