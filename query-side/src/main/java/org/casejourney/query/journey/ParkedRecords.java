package org.casejourney.query.journey;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

import java.sql.Timestamp;
import java.time.Instant;

/** Records the projection cannot apply, set aside with their reason so the partition moves on. */
@Component
class ParkedRecords {

    private static final Logger log = LoggerFactory.getLogger(ParkedRecords.class);

    private final JdbcTemplate jdbc;

    ParkedRecords(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    /** @return whether the record was newly parked (a redelivered poison record is parked once) */
    boolean park(ConsumerRecord<String, String> record, String reason, Instant now) {
        log.warn("Parking record {}-{}@{} (key {}): {}", record.topic(), record.partition(), record.offset(), record.key(), reason);
        return jdbc.update("insert into parked_record (topic, partition, record_offset, record_key, reason, payload, parked_at)"
                        + " values (?, ?, ?, ?, ?, ?, ?) on conflict (topic, partition, record_offset) do nothing",
                record.topic(), record.partition(), record.offset(), storable(record.key()), storable(reason),
                storable(record.value()), Timestamp.from(now)) == 1;
    }

    // PostgreSQL text cannot hold NUL, and a poison record may well contain one.
    private static String storable(String text) {
        return text == null ? null : text.replace('\u0000', '\uFFFD');
    }
}
