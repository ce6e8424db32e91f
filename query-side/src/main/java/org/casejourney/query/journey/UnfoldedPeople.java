package org.casejourney.query.journey;

import org.casejourney.query.projections.ProjectionLock;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

import java.sql.PreparedStatement;
import java.util.ArrayList;
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

    /**
     * Takes people out, in the caller's transaction, under the projection lock held shared like a live batch: up to
     * {@code people} of them, with no more than {@code events} stored events between them (always at least one person,
     * however long their history), so that a chunk of people with long histories takes no more memory to fold than a
     * chunk of ordinary ones. A person's events are counted as their last stored sequence plus one (one index probe),
     * never fewer than they have.
     */
    List<String> take(int people, long events) {
        ProjectionLock.shared(jdbc);
        List<String> taken = new ArrayList<>();
        long[] total = {0};
        // the rows looked at and not taken stay locked until commit: another folder skips them until then
        jdbc.query("select u.person_id, coalesce((select e.sequence + 1 from journey_event e where e.person_id = u.person_id"
                + " order by e.sequence desc limit 1), 0) from journey_unfolded u limit ? for update of u skip locked", rs -> {
            long size = rs.getLong(2);
            if (taken.isEmpty() || total[0] + size <= events) {
                taken.add(rs.getString(1));
                total[0] += size;
            }
        }, people);
        if (!taken.isEmpty()) {
            jdbc.update(connection -> {
                PreparedStatement delete = connection.prepareStatement("delete from journey_unfolded where person_id = any(?)");
                delete.setArray(1, connection.createArrayOf("text", taken.toArray()));
                return delete;
            });
        }
        return taken;
    }
}
