package org.casejourney.query.journey;

import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.TopicPartition;
import org.casejourney.events.Pseudonyms;
import org.casejourney.query.platform.QuerySideProperties;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
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
 * beginning when the read model has never seen it (a new or rebuilt projection). Far behind the topic's end, the
 * records are read on this thread while the poll before them is applied on another ({@link CatchUpPipeline}).
 */
@Component
class JourneyEventsListener implements ConsumerSeekAware, DisposableBean {

    private static final Logger log = LoggerFactory.getLogger(JourneyEventsListener.class);
    /** The listener container's id (its consumers' ids start with it). */
    static final String LISTENER_ID = "journey-projection";

    private final JourneyProjection projection;
    private final ConsumerPositions positions;
    private final Pseudonyms pseudonyms;
    private final long deferFoldBehind;
    private final CatchUpPipeline pipeline = new CatchUpPipeline();

    JourneyEventsListener(JourneyProjection projection, ConsumerPositions positions, Pseudonyms pseudonyms,
                          QuerySideProperties properties) {
        this.projection = projection;
        this.positions = positions;
        this.pseudonyms = pseudonyms;
        this.deferFoldBehind = properties.journey().deferFoldBehind();
    }

    /**
     * Far behind the topic's end (more than {@code defer-fold-behind} records after this poll), a batch only stores
     * events and the fold waits; after the first batch closer to the end, everyone left waiting is folded beside the
     * next batches (ADR 014).
     * Far behind, this thread reads the records and hands them to the catch-up's writer, and goes on to the next poll.
     */
    @KafkaListener(id = LISTENER_ID, idIsGroup = false, groupId = "${casejourney.consumer.group-id}",
            topics = "${casejourney.topic.name}", batch = "true")
    void onRecords(List<ConsumerRecord<String, String>> records, Consumer<?, ?> consumer) {
        boolean behind = deferFoldBehind >= 0 && behind(consumer) > deferFoldBehind;
        if (behind) {
            projection.holdFolds(); // people touched again would be folded twice
        }
        if (!pipeline.failed() && behind && pipeline.mayHandOver()) {
            ReadPoll poll = ReadPoll.readNow(records, pseudonyms); // while the writer applies the poll before
            if (pipeline.handOver(() -> {
                JourneyProjection.Outcome outcome = projection.project(poll, true);
                log.debug("Batch of {} records (fold deferred, read ahead): {}", records.size(), outcome);
            })) {
                return;
            }
        }
        if (!pipeline.drain()) {
            rewind(consumer.assignment(), consumer::seek, consumer::seekToBeginning);
            return; // these records are polled again from the stored positions
        }
        JourneyProjection.Outcome outcome = projection.project(records, behind);
        pipeline.succeededHere();
        log.debug("Batch of {} records{}: {}", records.size(), behind ? " (fold deferred)" : "", outcome);
        if (!behind) {
            projection.foldInBackground(); // beside the next batches, which wait only for its chunks in flight
        }
    }

    /** How the consumer is sent to a position: a partition and the offset to read next. */
    private interface Seek {
        void to(TopicPartition partition, long offset);
    }

    /** How the consumer is sent to the beginning of partitions. */
    private interface SeekToBeginning {
        void of(Collection<TopicPartition> partitions);
    }

    /**
     * Sends the consumer back to right after each partition's stored position (the beginning where none is
     * stored) after the catch-up's writer failed, so the polls it rolled back are read again.
     */
    private void rewind(Collection<TopicPartition> assigned, Seek seek, SeekToBeginning toBeginning) {
        Map<TopicPartition, Long> stored = positions.find(assigned);
        stored.forEach((tp, offset) -> seek.to(tp, offset + 1));
        List<TopicPartition> unseen = assigned.stream().filter(tp -> !stored.containsKey(tp)).toList();
        if (!unseen.isEmpty()) {
            toBeginning.of(unseen);
        }
        pipeline.rewound();
        log.info("Rewound {} to after stored positions {}, to the beginning of {}", assigned, stored, unseen);
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

    /** No records for a while: fold anyone a catch-up that stopped half-way left waiting. */
    @Override
    public void onIdleContainer(Map<TopicPartition, Long> assignments, ConsumerSeekCallback callback) {
        try {
            if (!pipeline.drain()) {
                rewind(assignments.keySet(), (tp, offset) -> callback.seek(tp.topic(), tp.partition(), offset), callback::seekToBeginning);
                return;
            }
            projection.foldInBackground();
        } catch (RuntimeException e) {
            // the consumer's loop must not end here; the next idle event or batch tries again
            log.warn("Could not rewind after a failed catch-up batch or start the deferred fold; the next idle event or batch tries again", e);
        }
    }

    @Override
    public void onPartitionsRevoked(Collection<TopicPartition> partitions) {
        pipeline.drain(); // a failure leaves the consumer to rewind what it still holds before its next batch
        projection.forgetKept();
    }

    @Override
    public void onPartitionsAssigned(Map<TopicPartition, Long> assignments, ConsumerSeekCallback callback) {
        pipeline.drain();
        projection.forgetKept(); // another consumer may have written these partitions' people meanwhile
        Map<TopicPartition, Long> stored = positions.find(assignments.keySet());
        List<TopicPartition> unseen = assignments.keySet().stream().filter(tp -> !stored.containsKey(tp)).toList();
        stored.forEach((tp, offset) -> callback.seek(tp.topic(), tp.partition(), offset + 1));
        if (!unseen.isEmpty()) {
            callback.seekToBeginning(unseen);
        }
        log.info("Assigned {}: resuming after stored positions {}, from the beginning of {}", assignments.keySet(), stored, unseen);
    }

    /** The container has stopped: the poll in flight, if any, is finished before the database goes. */
    @Override
    public void destroy() {
        pipeline.close();
    }
}
