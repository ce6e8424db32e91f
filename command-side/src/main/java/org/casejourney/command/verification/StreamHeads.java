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

    Map<String, Checkpoint.Head> read() {
        Map<String, Checkpoint.Head> heads = new HashMap<>();
        readOnly.executeWithoutResult(status -> jdbc.query(
                "select distinct on (aggregate_identifier) aggregate_identifier, sequence_number, "
                        + "convert_from(meta_data, 'UTF8')::jsonb ->> ? "
                        + "from domain_event_entry order by aggregate_identifier, sequence_number desc", rs -> {
                    String stream = pseudonyms.of(rs.getString(1));
                    heads.put(stream, new Checkpoint.Head(stream, rs.getLong(2), rs.getString(3)));
                }, PersonJourney.HASH));
        return heads;
    }
}
