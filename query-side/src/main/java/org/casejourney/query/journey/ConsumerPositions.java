package org.casejourney.query.journey;

import org.apache.kafka.common.TopicPartition;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

import java.sql.ResultSet;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Map;

/** The last offset applied per partition: the projection's only position, kept beside its rows. */
@Component
class ConsumerPositions {

    private final JdbcTemplate jdbc;

    ConsumerPositions(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
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

    /**
     * Locks the partitions' rows for the current transaction and returns their positions (-1 when
     * never applied), so two consumers overlapping during a rebalance apply a record only once.
     */
    Map<TopicPartition, Long> lock(Collection<TopicPartition> partitions, Instant now) {
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

    void advance(Map<TopicPartition, Long> lastOffsets, Instant now) {
        lastOffsets.forEach((tp, offset) -> jdbc.update(
                "update consumer_position set last_offset = greatest(last_offset, ?), updated_at = ? where topic = ? and partition = ?",
                offset, Timestamp.from(now), tp.topic(), tp.partition()));
    }
}
