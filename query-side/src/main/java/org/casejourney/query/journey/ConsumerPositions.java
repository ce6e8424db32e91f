package org.casejourney.query.journey;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.TopicPartition;
import org.casejourney.query.projections.ProjectionLock;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

import java.sql.ResultSet;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;

/** The last offset applied per partition: the projection's only position, kept beside its rows. */
@Component
class ConsumerPositions {

    private final JdbcTemplate jdbc;

    ConsumerPositions(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    /** A partition's last applied offset and that record's Kafka timestamp (null when it had none). */
    record Position(long lastOffset, Instant lastRecordAt) {
    }

    /** Stored positions of the given partitions; partitions never applied are absent. */
    Map<TopicPartition, Long> find(Collection<TopicPartition> partitions) {
        Map<TopicPartition, Long> found = new HashMap<>();
        for (TopicPartition tp : partitions) {
            jdbc.query("select last_offset from consumer_position where topic = ? and partition = ?",
                    (ResultSet rs) -> {
                        found.put(tp, rs.getLong(1));
                    }, tp.topic(), tp.partition());
        }
        return found;
    }

    /** Every stored position of the topic, by partition. */
    Map<TopicPartition, Position> all(String topic) {
        Map<TopicPartition, Position> found = new LinkedHashMap<>();
        jdbc.query("select partition, last_offset, last_record_at from consumer_position where topic = ? and last_offset >= 0 order by partition",
                (ResultSet rs) -> {
                    Timestamp at = rs.getTimestamp(3);
                    found.put(new TopicPartition(topic, rs.getInt(1)), new Position(rs.getLong(2), at == null ? null : at.toInstant()));
                }, topic);
        return found;
    }

    /**
     * Locks the partitions' rows for the current transaction and returns their positions (-1 when
     * never applied), so two consumers overlapping during a rebalance apply a record only once. Takes
     * the projection lock shared first, so a schema switch or a replay waits for the batch.
     */
    Map<TopicPartition, Long> lock(Collection<TopicPartition> partitions, Instant now) {
        ProjectionLock.shared(jdbc);
        Map<TopicPartition, Long> locked = new HashMap<>();
        partitions.stream()
                .sorted(Comparator.comparing(TopicPartition::topic).thenComparingInt(TopicPartition::partition)) // one lock order, no deadlock
                .forEach(tp -> {
                    jdbc.update("insert into consumer_position (topic, partition, last_offset, updated_at) values (?, ?, -1, ?)"
                            + " on conflict (topic, partition) do nothing", tp.topic(), tp.partition(), Timestamp.from(now));
                    Long offset = jdbc.queryForObject("select last_offset from consumer_position where topic = ? and partition = ? for update",
                            Long.class, tp.topic(), tp.partition());
                    locked.put(tp, offset);
                });
        return locked;
    }

    /** Moves each partition's position to the given record (never backwards), remembering its Kafka timestamp. */
    void advance(Map<TopicPartition, ConsumerRecord<String, String>> lastRecords, Instant now) {
        lastRecords.forEach((tp, record) -> jdbc.update("""
                        update consumer_position
                        set last_record_at = case when ? > last_offset then ? else last_record_at end,
                            last_offset = greatest(last_offset, ?), updated_at = ?
                        where topic = ? and partition = ?""",
                record.offset(), record.timestamp() < 0 ? null : new Timestamp(record.timestamp()), record.offset(),
                Timestamp.from(now), tp.topic(), tp.partition()));
    }
}
