package org.casejourney.query.journey;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.TopicPartition;
import org.casejourney.query.projections.ProjectionLock;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
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
     * the projection lock shared first, so a schema switch or a replay waits for the batch. One statement
     * for every partition of the batch: it creates the rows of partitions never applied and locks every
     * row in one order (an upsert that changes nothing locks the row it finds, as {@code for update} would).
     */
    Map<TopicPartition, Long> lock(Collection<TopicPartition> partitions, Instant now) {
        ProjectionLock.shared(jdbc);
        List<TopicPartition> ordered = partitions.stream()
                .sorted(Comparator.comparing(TopicPartition::topic).thenComparingInt(TopicPartition::partition)) // one lock order, no deadlock
                .toList();
        Map<TopicPartition, Long> locked = new HashMap<>();
        jdbc.query(connection -> {
            PreparedStatement upsert = connection.prepareStatement("""
                    insert into consumer_position (topic, partition, last_offset, updated_at)
                    select u.topic, u.partition, -1, ? from unnest(?::text[], ?::int[]) with ordinality as u(topic, partition, n)
                    order by u.n
                    on conflict (topic, partition) do update set updated_at = consumer_position.updated_at
                    returning topic, partition, last_offset""");
            upsert.setTimestamp(1, Timestamp.from(now));
            upsert.setArray(2, connection.createArrayOf("text", ordered.stream().map(TopicPartition::topic).toArray()));
            upsert.setArray(3, connection.createArrayOf("int4", ordered.stream().map(TopicPartition::partition).toArray()));
            return upsert;
        }, (ResultSet rs) -> {
            locked.put(new TopicPartition(rs.getString(1), rs.getInt(2)), rs.getLong(3));
        });
        return locked;
    }

    /** Moves each partition's position to the given record (never backwards), remembering its Kafka timestamp: one statement. */
    void advance(Map<TopicPartition, ConsumerRecord<String, String>> lastRecords, Instant now) {
        if (lastRecords.isEmpty()) {
            return;
        }
        List<Map.Entry<TopicPartition, ConsumerRecord<String, String>>> entries = List.copyOf(lastRecords.entrySet());
        jdbc.update(connection -> {
            PreparedStatement update = connection.prepareStatement("""
                    update consumer_position c
                    set last_record_at = case when u.last_offset > c.last_offset then to_timestamp(u.record_ms / 1000.0) else c.last_record_at end,
                        last_offset = greatest(c.last_offset, u.last_offset), updated_at = ?
                    from unnest(?::text[], ?::int[], ?::bigint[], ?::bigint[]) as u(topic, partition, last_offset, record_ms)
                    where c.topic = u.topic and c.partition = u.partition""");
            update.setTimestamp(1, Timestamp.from(now));
            update.setArray(2, connection.createArrayOf("text", entries.stream().map(e -> e.getKey().topic()).toArray()));
            update.setArray(3, connection.createArrayOf("int4", entries.stream().map(e -> e.getKey().partition()).toArray()));
            update.setArray(4, connection.createArrayOf("int8", entries.stream().map(e -> e.getValue().offset()).toArray()));
            update.setArray(5, connection.createArrayOf("int8", entries.stream() // Kafka's timestamp in ms, null when it had none
                    .map(e -> e.getValue().timestamp() < 0 ? null : e.getValue().timestamp()).toArray()));
            return update;
        });
    }
}
