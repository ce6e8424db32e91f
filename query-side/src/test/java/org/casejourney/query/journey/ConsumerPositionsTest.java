package org.casejourney.query.journey;

import com.zaxxer.hikari.HikariDataSource;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.record.TimestampType;
import org.casejourney.infrastructure.TestInfrastructure;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** The projection's positions: every partition of a batch locked and advanced in one statement each way. */
class ConsumerPositionsTest {

    private static final Instant NOW = Instant.parse("2026-06-01T12:00:00Z");
    private static HikariDataSource dataSource;
    private static JdbcTemplate jdbc;
    private static TransactionTemplate transactions;

    @BeforeAll
    static void database() {
        TestInfrastructure infrastructure = TestInfrastructure.get();
        dataSource = new HikariDataSource();
        dataSource.setJdbcUrl(infrastructure.newDatabase("query_positions"));
        dataSource.setUsername(infrastructure.ownerUser());
        dataSource.setPassword(infrastructure.ownerPassword());
        dataSource.setMaximumPoolSize(3);
        Flyway.configure().dataSource(dataSource).load().migrate();
        jdbc = new JdbcTemplate(dataSource);
        transactions = new TransactionTemplate(new DataSourceTransactionManager(dataSource));
    }

    @AfterAll
    static void close() {
        dataSource.close();
    }

    @Test
    void partitionsNeverAppliedAreLockedAtMinusOneAndEachAdvancesToItsLastRecordNeverBackwards() {
        ConsumerPositions positions = new ConsumerPositions(jdbc);
        TopicPartition p0 = new TopicPartition("positions-a", 0);
        TopicPartition p1 = new TopicPartition("positions-a", 1);
        TopicPartition other = new TopicPartition("positions-b", 0);

        Map<TopicPartition, Long> first = transactions.execute(status -> positions.lock(Set.of(p1, other, p0), NOW));
        assertThat(first).isEqualTo(Map.of(p0, -1L, p1, -1L, other, -1L));

        Instant t1 = Instant.parse("2026-06-01T11:00:00Z");
        transactions.executeWithoutResult(status -> {
            positions.lock(Set.of(p0, p1, other), NOW);
            positions.advance(Map.of(p0, record(p0, 5, t1), p1, record(p1, 3, null), other, record(other, 8, t1)), NOW);
        });
        assertThat(stored(p0)).isEqualTo("5 " + t1);
        assertThat(stored(p1)).isEqualTo("3 null"); // a record without a timestamp leaves none
        assertThat(stored(other)).isEqualTo("8 " + t1);

        Instant t2 = Instant.parse("2026-06-01T11:30:00Z");
        transactions.executeWithoutResult(status -> positions.advance(Map.of(p0, record(p0, 4, t2)), NOW.plusSeconds(60)));
        assertThat(stored(p0)).as("never backwards, and the time stays the last applied record's").isEqualTo("5 " + t1);

        transactions.executeWithoutResult(status -> positions.advance(Map.of(p0, record(p0, 7, t2)), NOW.plusSeconds(120)));
        assertThat(stored(p0)).isEqualTo("7 " + t2);
        Instant updatedBefore = updatedAt(p0);

        Map<TopicPartition, Long> again = transactions.execute(status -> positions.lock(Set.of(p0, p1), NOW.plusSeconds(600)));
        assertThat(again).isEqualTo(Map.of(p0, 7L, p1, 3L));
        assertThat(updatedAt(p0)).as("locking changes no position's row").isEqualTo(updatedBefore);
        assertThat(stored(p0)).isEqualTo("7 " + t2);
    }

    @Test
    void aSecondBatchOverTheSamePartitionWaitsForTheFirstAndSeesWhereItLeftThePositions() throws Exception {
        ConsumerPositions positions = new ConsumerPositions(jdbc);
        TopicPartition p0 = new TopicPartition("positions-c", 0);
        TopicPartition p1 = new TopicPartition("positions-c", 1);
        CountDownLatch firstLocked = new CountDownLatch(1);
        CountDownLatch secondStarting = new CountDownLatch(1);
        CompletableFuture<Void> first = CompletableFuture.runAsync(() -> transactions.executeWithoutResult(status -> {
            positions.lock(Set.of(p0, p1), NOW);
            firstLocked.countDown();
            await(secondStarting);
            sleep(300); // the second batch's lock is in flight meanwhile
            positions.advance(Map.of(p0, record(p0, 9, NOW), p1, record(p1, 2, NOW)), NOW);
        }));
        assertThat(firstLocked.await(30, TimeUnit.SECONDS)).isTrue();
        CompletableFuture<Map<TopicPartition, Long>> second = CompletableFuture.supplyAsync(() -> transactions.execute(status -> {
            secondStarting.countDown();
            return positions.lock(Set.of(p1, p0), NOW);
        }));
        first.get(30, TimeUnit.SECONDS);
        assertThat(second.get(30, TimeUnit.SECONDS))
                .as("the second consumer sees the first one's positions, so it applies none of its records again")
                .isEqualTo(Map.of(p0, 9L, p1, 2L));
    }

    private static ConsumerRecord<String, String> record(TopicPartition tp, long offset, Instant timestamp) {
        return new ConsumerRecord<>(tp.topic(), tp.partition(), offset, timestamp == null ? -1 : timestamp.toEpochMilli(),
                timestamp == null ? TimestampType.NO_TIMESTAMP_TYPE : TimestampType.CREATE_TIME, 0, 0, "key", "{}",
                new RecordHeaders(), Optional.empty());
    }

    private static String stored(TopicPartition tp) {
        List<String> rows = jdbc.query("select last_offset, last_record_at from consumer_position where topic = ? and partition = ?",
                (rs, i) -> rs.getLong(1) + " " + (rs.getTimestamp(2) == null ? null : rs.getTimestamp(2).toInstant()),
                tp.topic(), tp.partition());
        assertThat(rows).hasSize(1);
        return rows.get(0);
    }

    private static Instant updatedAt(TopicPartition tp) {
        return jdbc.queryForObject("select updated_at from consumer_position where topic = ? and partition = ?",
                Timestamp.class, tp.topic(), tp.partition()).toInstant();
    }

    private static void await(CountDownLatch latch) {
        try {
            latch.await(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
