package org.casejourney.query.journey;

import org.casejourney.query.projections.ProjectionLock;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

import java.sql.PreparedStatement;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

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

    /** Those of these people whose fold a catch-up deferred and who have not been folded since. */
    Set<String> among(Collection<String> personIds) {
        Set<String> found = new HashSet<>();
        if (personIds.isEmpty()) {
            return found;
        }
        jdbc.query(connection -> {
            PreparedStatement select = connection.prepareStatement("select person_id from journey_unfolded where person_id = any(?)");
            select.setArray(1, connection.createArrayOf("text", personIds.toArray()));
            return select;
        }, (java.sql.ResultSet rs) -> {
            found.add(rs.getString(1));
        });
        return found;
    }

    /** Takes up to {@code limit} people out, in the caller's transaction, under the projection lock held shared like a live batch. */
    List<String> take(int limit) {
        ProjectionLock.shared(jdbc);
        return jdbc.queryForList("delete from journey_unfolded where person_id in"
                + " (select person_id from journey_unfolded limit ? for update skip locked) returning person_id", String.class, limit);
    }
}
