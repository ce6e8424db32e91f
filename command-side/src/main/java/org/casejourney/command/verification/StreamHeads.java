package org.casejourney.command.verification;

import org.casejourney.command.person.PersonJourney;
import org.casejourney.events.Pseudonyms;
import org.casejourney.events.checkpoints.Checkpoint;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

import javax.sql.DataSource;
import java.util.HashMap;
import java.util.Map;

/** Every stream's newest stored event and its chain hash, by pseudonym: what a checkpoint anchors. */
@Component
class StreamHeads {

    private final JdbcTemplate jdbc;
    private final TransactionTemplate readOnly;
    private final Pseudonyms pseudonyms;

    StreamHeads(DataSource dataSource, PlatformTransactionManager transactions, Pseudonyms pseudonyms) {
        this.jdbc = new JdbcTemplate(dataSource);
        this.jdbc.setFetchSize(10_000); // streamed in a transaction: a store of millions of people is not held at once
        this.readOnly = new TransactionTemplate(transactions);
        this.readOnly.setReadOnly(true);
        this.pseudonyms = pseudonyms;
    }

    /**
     * One row per stream, found by walking the unique index on (stream, sequence) from stream to stream (a loose
     * index scan: backwards, each step one index probe for the next stream's newest event), so the work grows with the
     * number of people, not with the number of events they have; only the heads' metadata is parsed.
     */
    Map<String, Checkpoint.Head> read() {
        Map<String, Checkpoint.Head> heads = new HashMap<>();
        readOnly.executeWithoutResult(status -> jdbc.query("""
                with recursive heads as (
                    (select aggregate_identifier, sequence_number, meta_data from domain_event_entry
                     order by aggregate_identifier desc, sequence_number desc limit 1)
                    union all
                    select next.* from heads, lateral (
                        select aggregate_identifier, sequence_number, meta_data from domain_event_entry
                        where aggregate_identifier < heads.aggregate_identifier
                        order by aggregate_identifier desc, sequence_number desc limit 1) next
                )
                select aggregate_identifier, sequence_number, convert_from(meta_data, 'UTF8')::jsonb ->> ? from heads""", rs -> {
                    String stream = pseudonyms.of(rs.getString(1));
                    heads.put(stream, new Checkpoint.Head(stream, rs.getLong(2), rs.getString(3)));
                }, PersonJourney.HASH));
        return heads;
    }
}
