package org.casejourney.query.journey;

import org.casejourney.query.projections.ProjectionLock;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

import java.sql.PreparedStatement;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.ToLongFunction;

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

    /** How many people wait for the fold a catch-up deferred. */
    long count() {
        Long count = jdbc.queryForObject("select count(*) from journey_unfolded", Long.class);
        return count == null ? 0 : count;
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
     * chunk of ordinary ones. A person's events are as many as {@code known} says (the events kept in memory), or, where
     * it says -1, their last stored sequence plus one (one index probe), never fewer than they have. The probes, one per
     * person, were a quarter of PostgreSQL's time in a catch-up's final fold, on rows written too recently for an
     * index-only scan (docs/performance.md); a catch-up keeps everyone's events, so it makes none.
     */
    List<String> take(int people, long events, ToLongFunction<String> known) {
        ProjectionLock.shared(jdbc);
        // the rows looked at and not taken stay locked until commit: another folder skips them until then
        List<String> candidates = jdbc.queryForList("select person_id from journey_unfolded limit ? for update skip locked",
                String.class, people);
        Map<String, Long> sizes = new HashMap<>();
        List<String> unknown = new ArrayList<>();
        for (String personId : candidates) {
            long size = known.applyAsLong(personId);
            if (size >= 0) {
                sizes.put(personId, size);
            } else {
                unknown.add(personId);
            }
        }
        sizes.putAll(counted(unknown));
        List<String> taken = new ArrayList<>();
        long total = 0;
        for (String personId : candidates) {
            long size = sizes.getOrDefault(personId, 0L);
            if (taken.isEmpty() || total + size <= events) {
                taken.add(personId);
                total += size;
            }
        }
        if (!taken.isEmpty()) {
            jdbc.update(connection -> {
                PreparedStatement delete = connection.prepareStatement("delete from journey_unfolded where person_id = any(?)");
                delete.setArray(1, connection.createArrayOf("text", taken.toArray()));
                return delete;
            });
        }
        return taken;
    }

    /** Each person's last stored sequence plus one (0 with none stored). */
    private Map<String, Long> counted(List<String> personIds) {
        Map<String, Long> counted = new HashMap<>();
        if (personIds.isEmpty()) {
            return counted;
        }
        jdbc.query(connection -> {
            PreparedStatement select = connection.prepareStatement("select p.person_id, coalesce((select e.sequence + 1"
                    + " from journey_event e where e.person_id = p.person_id order by e.sequence desc limit 1), 0)"
                    + " from unnest(?::text[]) as p(person_id)");
            select.setArray(1, connection.createArrayOf("text", personIds.toArray()));
            return select;
        }, (java.sql.ResultSet rs) -> {
            counted.put(rs.getString(1), rs.getLong(2));
        });
        return counted;
    }
}
