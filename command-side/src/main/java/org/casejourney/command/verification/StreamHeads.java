package org.casejourney.command.verification;

import org.casejourney.command.person.PersonJourney;
import org.casejourney.events.Pseudonyms;
import org.casejourney.events.checkpoints.Checkpoint;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.RowCallbackHandler;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

import javax.sql.DataSource;
import java.time.Clock;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.OptionalLong;

/** Every stream's newest stored event and its chain hash, by pseudonym: what a checkpoint anchors. */
@Component
class StreamHeads {

    /**
     * What reading one stream's head costs against one event written since, as measured on a store of 2 million
     * events and 62,717 people (2026-12-06): the walk from stream to stream took 76 µs a stream, reading the events
     * after an index 5.2 µs an event.
     */
    static final long EVENTS_PER_STREAM = 15;

    private final JdbcTemplate jdbc;
    private final TransactionTemplate readOnly;
    private final Pseudonyms pseudonyms;
    private final Clock clock;

    StreamHeads(DataSource dataSource, PlatformTransactionManager transactions, Pseudonyms pseudonyms, Clock clock) {
        this.jdbc = new JdbcTemplate(dataSource);
        this.jdbc.setFetchSize(10_000); // streamed in a transaction: a store of millions of people is not held at once
        this.readOnly = new TransactionTemplate(transactions);
        this.readOnly.setReadOnly(true);
        this.pseudonyms = pseudonyms;
        this.clock = clock;
    }

    /**
     * The heads a reading found, the highest global index stored when it began, and the instant just after that
     * index was read, before the heads were: any event the reading did not see was written, or still open, after it.
     */
    record Reading(Map<String, Checkpoint.Head> heads, long highest, Instant at) {
    }

    /**
     * Every stream's head, {@code after} a global index or all of them: with an index, the head of each stream that
     * has an event after it (the streams written since, found along the primary key, then each one's newest event by
     * the unique index on (stream, sequence)); without, one row per stream, found by walking that index from stream
     * to stream (a loose index scan: backwards, each step one index probe for the next stream's newest event), so the
     * work grows with the number of people, not with the number of events they have. Only the heads' metadata is
     * parsed. Every stream's head is read, index or not, when that is cheaper: when more than
     * {@link #EVENTS_PER_STREAM} events were written after the index for each of the {@code streams} there are.
     */
    Reading read(OptionalLong after, long streams) {
        Map<String, Checkpoint.Head> heads = new HashMap<>();
        long[] highest = new long[1];
        Instant[] at = new Instant[1];
        readOnly.executeWithoutResult(status -> {
            highest[0] = jdbc.queryForObject("select coalesce(max(global_index), 0) from domain_event_entry", Long.class);
            at[0] = clock.instant();
            RowCallbackHandler head = rs -> {
                String stream = pseudonyms.of(rs.getString(1));
                heads.put(stream, new Checkpoint.Head(stream, rs.getLong(2), rs.getString(3)));
            };
            if (after.isPresent() && (highest[0] - after.getAsLong()) / EVENTS_PER_STREAM < streams) {
                jdbc.query("""
                        select h.aggregate_identifier, h.sequence_number, convert_from(h.meta_data, 'UTF8')::jsonb ->> ?
                        from (select distinct aggregate_identifier from domain_event_entry where global_index > ?) written
                        cross join lateral (
                            select aggregate_identifier, sequence_number, meta_data from domain_event_entry e
                            where e.aggregate_identifier = written.aggregate_identifier
                            order by sequence_number desc limit 1) h""", head, PersonJourney.HASH, after.getAsLong());
                return;
            }
            jdbc.query("""
                    with recursive heads as (
                        (select aggregate_identifier, sequence_number, meta_data from domain_event_entry
                         order by aggregate_identifier desc, sequence_number desc limit 1)
                        union all
                        select next.* from heads, lateral (
                            select aggregate_identifier, sequence_number, meta_data from domain_event_entry
                            where aggregate_identifier < heads.aggregate_identifier
                            order by aggregate_identifier desc, sequence_number desc limit 1) next
                    )
                    select aggregate_identifier, sequence_number, convert_from(meta_data, 'UTF8')::jsonb ->> ? from heads""",
                    head, PersonJourney.HASH);
        });
        return new Reading(heads, highest[0], at[0]);
    }
}
