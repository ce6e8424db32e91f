package org.casejourney.command.ingestion;

import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.SequenceNumber;
import org.axonframework.messaging.annotation.SourceId;
import org.axonframework.messaging.MetaData;
import org.casejourney.command.person.PersonJourney;
import org.casejourney.events.PersonEvent;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Every stored event id across all people, written in the same transaction as the event (a
 * subscribing handler). Its primary key makes an event id unique service-wide, and it answers a
 * retry without loading the person's stream.
 */
@Component
@ProcessingGroup(EventIdIndex.GROUP)
class EventIdIndex {

    static final String GROUP = "event-id-index";

    /** Where an event id was stored, and what its content hashed to. */
    record Entry(String eventId, String personId, long sequence, String contentHash, Instant recordedAt) {
    }

    private final JdbcTemplate jdbc;

    EventIdIndex(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    @EventHandler
    void on(PersonEvent event, @SourceId String personId, @SequenceNumber long sequence, MetaData metaData) {
        jdbc.update("insert into event_id_index (event_id, person_id, sequence, content_hash, recorded_at) values (?, ?, ?, ?, ?)",
                event.eventId(), personId, sequence, metaData.get(PersonJourney.CONTENT_HASH),
                Timestamp.from(Instant.parse((String) metaData.get(PersonJourney.RECORDED_AT))));
    }

    Optional<Entry> find(String eventId) {
        return Optional.ofNullable(findAll(java.util.List.of(eventId)).get(eventId));
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
