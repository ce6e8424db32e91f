package org.casejourney.query.journey;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.casejourney.events.Fields;
import org.casejourney.events.Pseudonyms;
import org.casejourney.query.projections.ProjectionLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Records the projection cannot apply, set aside with their reason so the partition moves on. A
 * record is parked under its key's pseudonym (the person), and holds up that person's later records.
 * Admins replay parked records, so unlike every other table this one may hold a personId: in
 * {@code record_key} and {@code payload}. A record that could not be read is kept as it came; one that
 * could be read is kept without its personal free text and with its sender-chosen ids pseudonymised
 * ({@code ids_pseudonymised}, so a replay does not map them twice).
 */
@Component
class ParkedRecords {

    private static final Logger log = LoggerFactory.getLogger(ParkedRecords.class);


    private final JdbcTemplate jdbc;
    private final Pseudonyms pseudonyms;

    ParkedRecords(JdbcTemplate jdbc, Pseudonyms pseudonyms) {
        this.jdbc = jdbc;
        this.pseudonyms = pseudonyms;
    }

    /** The pseudonym of a record's key when the key is a well-formed personId, else null (no person to hold up). */
    static String pseudonymOfKey(ConsumerRecord<String, String> record, Pseudonyms pseudonyms) {
        return record.key() != null && Fields.PERSON_ID.matches(record.key()) ? pseudonyms.of(record.key()) : null;
    }

    /** How a parked record is named in reasons and the listing: {@code topic/partition/offset}. */
    static String reference(ConsumerRecord<?, ?> record) {
        return record.topic() + "/" + record.partition() + "/" + record.offset();
    }

    /** @return whether the record was newly parked (a redelivered poison record is parked once) */
    boolean park(ConsumerRecord<String, String> record, String reason, Instant now) {
        String pseudonym = pseudonymOfKey(record, pseudonyms);
        log.warn("Parking record {}-{}@{} (person {}): {}", record.topic(), record.partition(), record.offset(), pseudonym,
                LogText.oneLine(reason));
        boolean idsPseudonymised = record.headers().lastHeader(ReadRecord.IDS_PSEUDONYMISED) != null;
        return jdbc.update("insert into parked_record (topic, partition, record_offset, record_key, pseudonym, reason, payload, parked_at,"
                        + " ids_pseudonymised) values (?, ?, ?, ?, ?, ?, ?, ?, ?) on conflict (topic, partition, record_offset) do nothing",
                record.topic(), record.partition(), record.offset(), storable(record.key()), pseudonym, storable(reason),
                storable(record.value()), Timestamp.from(now), idsPseudonymised) == 1;
    }

    /** For each of these people (pseudonyms) with parked records, the reference of their first one. */
    Map<String, String> firstParked(Collection<String> personIds) {
        Map<String, String> first = new HashMap<>();
        if (personIds.isEmpty()) {
            return first;
        }
        jdbc.query(connection -> {
            PreparedStatement select = connection.prepareStatement("""
                    select distinct on (pseudonym) pseudonym, topic, partition, record_offset from parked_record
                    where pseudonym = any(?) order by pseudonym, topic, partition, record_offset""");
            select.setArray(1, connection.createArrayOf("text", personIds.toArray()));
            return select;
        }, (ResultSet rs) -> {
            first.put(rs.getString(1), rs.getString(2) + "/" + rs.getInt(3) + "/" + rs.getLong(4));
        });
        return first;
    }

    /**
     * Takes every parked record out, in their order on the topic, under the projection lock held
     * exclusively, so no live batch parks behind them meanwhile.
     */
    List<ConsumerRecord<String, String>> takeAll() {
        ProjectionLock.exclusive(jdbc);
        return jdbc.query("delete from parked_record returning topic, partition, record_offset, record_key, payload, ids_pseudonymised",
                        (rs, n) -> {
                            ConsumerRecord<String, String> record = new ConsumerRecord<>(rs.getString(1), rs.getInt(2), rs.getLong(3),
                                    rs.getString(4), rs.getString(5));
                            return rs.getBoolean(6) ? ReadRecord.asParked(record, record.value()) : record;
                        })
                .stream()
                .sorted(Comparator.comparing((ConsumerRecord<String, String> r) -> r.topic())
                        .thenComparingInt(ConsumerRecord::partition).thenComparingLong(ConsumerRecord::offset))
                .toList();
    }

    /** A parked record as the listing shows it. */
    record Parked(long id, String topic, int partition, long offset, String key, String pseudonym, String reason, Instant parkedAt,
                  String payload) {
    }

    long count() {
        Long count = jdbc.queryForObject("select count(*) from parked_record", Long.class);
        return count == null ? 0 : count;
    }

    /** Parked records in their order on the topic. */
    List<Parked> page(long offset, int limit) {
        return jdbc.query("""
                        select id, topic, partition, record_offset, record_key, pseudonym, reason, parked_at, payload from parked_record
                        order by topic, partition, record_offset offset ? limit ?""",
                (rs, n) -> new Parked(rs.getLong(1), rs.getString(2), rs.getInt(3), rs.getLong(4), rs.getString(5),
                        rs.getString(6), rs.getString(7), rs.getTimestamp(8).toInstant(), rs.getString(9)), offset, limit);
    }

    /** Takes a person's (pseudonym's) stored events from {@code fromSequence} on back out, so a rebuild can park them instead. */
    void unstore(String personId, long fromSequence) {
        jdbc.update("delete from journey_event where person_id = ? and sequence >= ?", personId, fromSequence);
    }

    // PostgreSQL text cannot hold NUL, and a poison record may well contain one.
    private static String storable(String text) {
        return text == null ? null : text.replace('\u0000', '\uFFFD');
    }
}
