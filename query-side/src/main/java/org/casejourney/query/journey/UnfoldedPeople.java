package org.casejourney.query.journey;

import org.casejourney.query.projections.ProjectionLock;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

import java.sql.PreparedStatement;
import java.util.Collection;
import java.util.List;

/** The journey_unfolded table: people whose stored events a catch-up has not folded into their journey and facts yet. */
@Component
class UnfoldedPeople {

    private final JdbcTemplate jdbc;

    UnfoldedPeople(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    void add(Collection<String> personIds) {
        if (personIds.isEmpty()) {
            return;
        }
        jdbc.update(connection -> {
            PreparedStatement insert = connection.prepareStatement(
                    "insert into journey_unfolded (person_id) select unnest(?::text[]) on conflict do nothing");
            insert.setArray(1, connection.createArrayOf("text", personIds.toArray()));
            return insert;
        });
    }

    /** Takes up to {@code limit} people out, in the caller's transaction, under the projection lock held shared like a live batch. */
    List<String> take(int limit) {
        ProjectionLock.shared(jdbc);
        return jdbc.queryForList("delete from journey_unfolded where person_id in"
                + " (select person_id from journey_unfolded limit ? for update skip locked) returning person_id", String.class, limit);
    }
}
