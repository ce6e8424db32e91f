package org.casejourney.query.projections;

import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.common.TopicPartition;
import org.springframework.kafka.core.ConsumerFactory;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Properties;
import java.util.TreeMap;

/** The rebuild's own consumer (assigned every partition, no group) reading the topic from offset 0, and how far the live projection is ahead of it. */
final class RebuildSource implements AutoCloseable {

    private final Consumer<String, String> consumer;
    private final List<TopicPartition> partitions;
    private final ProjectionLifecycle projection;
    private final int chunkRecords;

    private RebuildSource(Consumer<String, String> consumer, ProjectionLifecycle projection, int chunkRecords) {
        this.consumer = consumer;
        this.projection = projection;
        this.chunkRecords = chunkRecords;
        this.partitions = consumer.partitionsFor(projection.topic()).stream()
                .map(p -> new TopicPartition(p.topic(), p.partition())).toList();
        consumer.assign(partitions);
        consumer.seekToBeginning(partitions);
    }

    static RebuildSource open(ConsumerFactory<String, String> consumers, ProjectionLifecycle projection, int chunkRecords) {
        Properties bulk = new Properties();
        bulk.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, String.valueOf(chunkRecords));
        // a megabyte a partition a fetch, so each poll brings records of every partition and every lane has work: with
        // 16 MB a poll held one partition's records for twenty thousand records at a stretch, and one lane waited
        bulk.put(ConsumerConfig.MAX_PARTITION_FETCH_BYTES_CONFIG, String.valueOf(1024 * 1024));
        bulk.put(ConsumerConfig.FETCH_MAX_BYTES_CONFIG, String.valueOf(64 * 1024 * 1024));
        bulk.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        Consumer<String, String> consumer = consumers.createConsumer(null, "projection-rebuild", null, bulk);
        try {
            return new RebuildSource(consumer, projection, chunkRecords);
        } catch (RuntimeException e) {
            consumer.close();
            throw e;
        }
    }

    /** Each partition's end offset now: the records the rebuild's progress is measured against. */
    Map<Integer, Long> endOffsets() {
        Map<Integer, Long> targets = new TreeMap<>();
        consumer.endOffsets(partitions).forEach((tp, end) -> targets.put(tp.partition(), end));
        return Collections.unmodifiableMap(targets);
    }

    /**
     * Polls until a chunk is full or the consumer has read all the log holds right now: near the end,
     * waiting to fill a chunk would pace the rebuild by the rate new records arrive. A poll that brings nothing
     * while the log holds more (a fetch slower than the poll's wait on a busy machine) is not the end: taken as
     * one, it ended a copy 115,000 records short of a million, whose people were then folded before a second copy
     * took the rest (docs/performance.md). Only {@link #IDLE} without a record ends a chunk early.
     */
    List<ConsumerRecord<String, String>> poll() {
        List<ConsumerRecord<String, String>> chunk = new ArrayList<>(chunkRecords);
        long giveUp = System.nanoTime() + IDLE.toNanos();
        while (chunk.size() < chunkRecords) {
            ConsumerRecords<String, String> polled = consumer.poll(Duration.ofMillis(100));
            polled.forEach(chunk::add);
            if (atLogEnd()) {
                break;
            }
            if (!polled.isEmpty()) {
                giveUp = System.nanoTime() + IDLE.toNanos();
            } else if (System.nanoTime() - giveUp > 0) {
                break;
            }
        }
        return chunk;
    }

    /** How long a chunk waits for a record before it is handed on short, when the log end is not known to be reached. */
    static final Duration IDLE = Duration.ofSeconds(2);

    /** One poll's records at or below the given positions, and none beyond. */
    List<ConsumerRecord<String, String>> pollUpTo(Map<Integer, Long> live) {
        List<ConsumerRecord<String, String>> records = new ArrayList<>();
        for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(100))) {
            if (record.offset() <= live.getOrDefault(record.partition(), -1L)) {
                records.add(record);
            }
        }
        return records;
    }

    /** Whether every assigned partition's position is at its end as the last fetch saw it. */
    private boolean atLogEnd() {
        for (TopicPartition tp : consumer.assignment()) {
            OptionalLong lag = consumer.currentLag(tp);
            if (lag.isEmpty() || lag.getAsLong() > 0) {
                return false;
            }
        }
        return true;
    }

    /** Records the live projection has applied (up to {@code live}) and the rebuild has not yet read. */
    long behind(Map<Integer, Long> live) {
        long behind = 0;
        for (TopicPartition tp : partitions) {
            behind += Math.max(0, live.getOrDefault(tp.partition(), -1L) + 1 - consumer.position(tp));
        }
        return behind;
    }

    /** The live projection's last applied offset per partition. */
    Map<Integer, Long> livePositions() {
        Map<Integer, Long> live = new TreeMap<>();
        projection.positions().forEach((partition, position) -> live.put(partition, position.lastOffset()));
        return live;
    }

    @Override
    public void close() {
        consumer.close();
    }
}
