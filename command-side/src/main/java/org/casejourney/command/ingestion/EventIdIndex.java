package org.casejourney.command.ingestion;

import org.casejourney.command.platform.ArrayRows;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Every stored event id across all people, written in the same transaction as the events. Its
 * primary key makes an event id unique service-wide, and it answers a retry without loading the
 * person's stream.
 */
@Component
class EventIdIndex {

    /** Where an event id was stored, and what its content hashed to. */
    record Entry(String eventId, String personId, long sequence, String contentHash, Instant recordedAt) {
    }

    private final JdbcTemplate jdbc;

    EventIdIndex(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    /** @throws org.springframework.dao.DuplicateKeyException when another request stored one of the ids first */
    void insertAll(List<Entry> entries) {
        if (entries.isEmpty()) {
            return;
        }
        jdbc.batchUpdate("insert into event_id_index (event_id, person_id, sequence, content_hash, recorded_at) values (?, ?, ?, ?, ?)",
                entries, entries.size(), (ps, e) -> {
                    ps.setString(1, e.eventId());
                    ps.setString(2, e.personId());
                    ps.setLong(3, e.sequence());
                    ps.setString(4, e.contentHash());
                    ps.setTimestamp(5, Timestamp.from(e.recordedAt()));
                });
    }

    /** The entries as rows to insert with the events (in the order given: callers sort them by id, the lock order). */
    static ArrayRows rows(List<Entry> entries) {
        return new ArrayRows("event_id_index", List.of(
                new ArrayRows.Column("event_id", "varchar", entries.stream().map(Entry::eventId).toArray(String[]::new)),
                new ArrayRows.Column("person_id", "varchar", entries.stream().map(Entry::personId).toArray(String[]::new)),
                new ArrayRows.Column("sequence", "int8", entries.stream().map(Entry::sequence).toArray(Long[]::new)),
                new ArrayRows.Column("content_hash", "varchar", entries.stream().map(Entry::contentHash).toArray(String[]::new)),
                new ArrayRows.Column("recorded_at", "timestamptz", entries.stream().map(e -> e.recordedAt().toString()).toArray(String[]::new))));
    }

    Map<String, Entry> findAll(Collection<String> eventIds) {
        Map<String, Entry> found = new HashMap<>();
        if (eventIds.isEmpty()) {
            return found;
        }
        jdbc.query("select event_id, person_id, sequence, content_hash, recorded_at from event_id_index where event_id = any (?)",
                ps -> ps.setArray(1, ps.getConnection().createArrayOf("varchar", eventIds.toArray())),
                rs -> {
                    found.put(rs.getString(1), new Entry(rs.getString(1), rs.getString(2), rs.getLong(3),
                            rs.getString(4), rs.getTimestamp(5).toInstant()));
                });
        return found;
    }
}
