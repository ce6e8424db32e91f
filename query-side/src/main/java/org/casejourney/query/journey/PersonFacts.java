package org.casejourney.query.journey;

import org.casejourney.events.journey.Journey;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.PreparedStatementCreator;

import java.sql.PreparedStatement;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Replaces people's derived fact rows (fact_contact, fact_episode, fact_referral, fact_handoff,
 * fact_person) from their folded journeys ({@link FactRows}), and moves the failure_demand_daily counts by the
 * difference between their old and new contacts. Called by the journey projection inside its
 * transaction; the analysts' read models (analytics and the series packages) read what it writes.
 */
final class PersonFacts {

    private static final List<String> EVERY_TABLE = FactTable.names();
    private static final String DAILY = "service text, day date, team text, channel text, failure_category text, contacts int";
    private static final String MOVE_DAILY = "insert into failure_demand_daily (service, day, team, channel, failure_category, contacts) "
            + FactInserts.unnest(DAILY) + " on conflict (service, day, team, channel, failure_category)"
            + " do update set contacts = failure_demand_daily.contacts + excluded.contacts";
    /** The tables whose rows a person's new events rewrite even when the others only grow. */
    private static final Set<String> GROWN_REWRITES = Set.of("fact_episode", "fact_person");

    private final JdbcTemplate jdbc;
    private final FactInserts inserts;

    public PersonFacts(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
        this.inserts = new FactInserts(jdbc);
    }

    /** Replaces the facts of each journey's person with those of the journey. */
    public void replace(Collection<Journey> given) {
        replace(given, false, null, true);
    }

    /**
     * Replaces the facts of each journey's person with those of the journey, where {@code previous} holds, for some of
     * them, their rows as stored (kept from the batch that wrote them, or their events before this batch folded again).
     * Their contact, referral and handoff rows do not depend on when they are derived, so the comparison is exact.
     * When the new journey's contact, referral and handoff rows only add to the previous ones (new events, in or out of their time
     * order, that change no earlier row: no correction, no resolution of an earlier referral, no episode renumbered),
     * only the new rows are inserted and the person's few episode and
     * person rows rewritten: a person with a long history no longer costs a rewrite of every row per new event. Anyone
     * else's rows are replaced whole, as {@link #replace(Collection)} does. Where a person's fold went on from the one
     * their previous rows came from ({@code appended}: how many events it went on with, now the timeline's last entries),
     * the added rows are those entries' own ({@link FactRows#goneOn}), found without deriving the earlier rows again.
     * Gives each person's rows as now stored. With {@code copy} the rows go in by COPY.
     */
    Map<String, FactRows> replaceGrowing(Collection<Journey> given, Map<String, FactRows> previous, Map<String, Integer> appended,
                                         boolean copy) {
        Map<String, FactRows> stored = new LinkedHashMap<>();
        if (given.isEmpty()) {
            return stored;
        }
        Map<String, Journey> byPerson = new LinkedHashMap<>();
        given.forEach(journey -> byPerson.put(journey.personId(), journey));
        List<String> whole = new ArrayList<>();
        List<String> grown = new ArrayList<>();
        List<FactRows> rows = new ArrayList<>();
        for (Journey journey : byPerson.values()) {
            FactRows before = previous.get(journey.personId());
            FactRows added = before == null ? null : FactRows.goneOn(before, journey, appended.get(journey.personId()));
            FactRows now = null;
            if (added == null && before != null) {
                now = FactRows.of(journey);
                added = now.addedTo(before);
            }
            if (added == null) {
                now = now != null ? now : FactRows.of(journey);
                whole.add(journey.personId());
                rows.add(now);
                stored.put(journey.personId(), now);
            } else {
                grown.add(journey.personId());
                rows.add(added);
                stored.put(journey.personId(), before.with(added));
            }
        }
        Map<DailyKey, Integer> delta = new HashMap<>();
        delete(whole.toArray(String[]::new), grown.toArray(String[]::new), delta);
        writeRows(rows, copy, true, delta);
        return stored;
    }

    /**
     * Replaces the facts of journeys folded once for a whole catch-up: only the people in {@code withRows} can
     * have rows (the others had no journey row), so only theirs are deleted first; rows go in by COPY, and
     * failure_demand_daily moves as {@link #replace} moves it.
     */
    void replaceCopying(Collection<Journey> given, Set<String> withRows) {
        replace(given, true, withRows, true);
    }

    /**
     * Replaces the facts for a rebuild's fold: rows go in by COPY, and failure_demand_daily is left to
     * {@link #recountDaily} at the end, since two rebuild workers moving the same days' counts would
     * wait on each other's row locks until commit. Only the people in {@code foldedBefore} can have
     * rows in the rebuild's schema (their fold wrote them), so only theirs are deleted first.
     */
    void replaceForRebuild(Collection<Journey> given, Set<String> foldedBefore) {
        replace(given, true, foldedBefore, false);
    }

    /** Sets failure_demand_daily to the count of fact_contact rows per key: what moving it person by person arrives at. */
    void recountDaily() {
        jdbc.update("delete from failure_demand_daily");
        jdbc.update("insert into failure_demand_daily (service, day, team, channel, failure_category, contacts)"
                + " select service, day, coalesce(team, ''), channel, coalesce(failure_category, ''), count(*) from fact_contact"
                + " group by service, day, coalesce(team, ''), channel, coalesce(failure_category, '')");
    }

    /** Deletes the facts of the people in {@code deleteOnly} (all of them when null), then writes the journeys' facts. */
    private void replace(Collection<Journey> given, boolean copy, Set<String> deleteOnly, boolean moveDaily) {
        if (given.isEmpty()) {
            return;
        }
        // a person twice in one call keeps their last journey: their rows are written once
        Map<String, Journey> byPerson = new LinkedHashMap<>();
        given.forEach(journey -> byPerson.put(journey.personId(), journey));
        Collection<Journey> journeys = byPerson.values();
        Map<DailyKey, Integer> delta = new HashMap<>();
        String[] people = byPerson.keySet().stream().filter(p -> deleteOnly == null || deleteOnly.contains(p)).toArray(String[]::new);
        delete(people, new String[0], delta);
        writeRows(journeys.stream().map(FactRows::of).toList(), copy, moveDaily, delta);
    }

    /**
     * Deletes every fact row of the people in {@code whole}, and the episode and person rows of those in {@code grown}, in
     * one statement (a {@code with} clause a table), counting each deleted contact as a move of -1 in {@code delta}.
     */
    private void delete(String[] whole, String[] grown, Map<DailyKey, Integer> delta) {
        Map<String, String[]> byTable = new LinkedHashMap<>();
        for (String table : EVERY_TABLE) {
            String[] people = GROWN_REWRITES.contains(table) ? concat(whole, grown) : whole;
            if (people.length > 0 && !table.equals("fact_contact")) {
                byTable.put(table, people);
            }
        }
        if (whole.length > 0) {
            byTable.put("fact_contact", whole); // last: the statement itself, whose deleted rows come back
        }
        if (byTable.isEmpty()) {
            return;
        }
        List<String> tables = List.copyOf(byTable.keySet());
        boolean contacts = tables.get(tables.size() - 1).equals("fact_contact");
        String sql = FactInserts.together(tables.stream().map(table -> "delete from " + table + " where person_id = any(?)"
                + (contacts && table.equals("fact_contact") ? " returning day, service, team, channel, failure_category" : ""))
                .toList());
        PreparedStatementCreator statement = connection -> {
            PreparedStatement delete = connection.prepareStatement(sql);
            for (int i = 0; i < tables.size(); i++) {
                delete.setArray(i + 1, connection.createArrayOf("text", byTable.get(tables.get(i))));
            }
            return delete;
        };
        if (!contacts) {
            jdbc.update(statement);
            return;
        }
        jdbc.query(statement, rs -> {
            delta.merge(new DailyKey(rs.getObject(1, LocalDate.class), rs.getString(2), rs.getString(3), rs.getString(4),
                    rs.getString(5)), -1, Integer::sum);
        });
    }

    private static String[] concat(String[] a, String[] b) {
        String[] both = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, both, a.length, b.length);
        return both;
    }

    private void writeRows(List<FactRows> derived, boolean copy, boolean moveDaily, Map<DailyKey, Integer> delta) {
        List<Object[]> contacts = new ArrayList<>();
        List<Object[]> referrals = new ArrayList<>();
        List<Object[]> handoffs = new ArrayList<>();
        List<Object[]> episodes = new ArrayList<>();
        List<Object[]> persons = new ArrayList<>();
        for (FactRows d : derived) {
            contacts.addAll(d.contacts());
            referrals.addAll(d.referrals());
            handoffs.addAll(d.handoffs());
            episodes.addAll(d.episodes());
            persons.add(d.person());
            d.contactKeys().forEach(key -> delta.merge(key, 1, Integer::sum));
        }
        Map<FactTable, List<Object[]>> byTable = new LinkedHashMap<>();
        byTable.put(FactTable.CONTACT, contacts);
        byTable.put(FactTable.REFERRAL, referrals);
        byTable.put(FactTable.HANDOFF, handoffs);
        byTable.put(FactTable.EPISODE, episodes);
        byTable.put(FactTable.PERSON, persons);
        // without COPY, every table's rows and the daily counts' move go in one statement: one round trip, not six
        List<FactInserts.Part> together = new ArrayList<>();
        byTable.forEach((table, rows) -> {
            if (copy) {
                inserts.insert(true, table, rows);
            } else if (!rows.isEmpty()) {
                together.add(FactInserts.part(table, rows));
            }
        });
        List<Object[]> moves = moveDaily ? moves(delta) : List.of();
        if (!moves.isEmpty()) {
            together.add(new FactInserts.Part(MOVE_DAILY, DAILY, moves));
        }
        if (!together.isEmpty()) {
            inserts.executeTogether(together);
        }
        dropZeroDaily(moves);
    }

    /** The moves of failure_demand_daily that {@code delta} makes, in one key order (two consumers lock their rows alike). */
    private static List<Object[]> moves(Map<DailyKey, Integer> delta) {
        return delta.entrySet().stream().filter(e -> e.getValue() != 0).sorted(Map.Entry.comparingByKey())
                .map(e -> e.getKey().values(e.getValue())).toList();
    }

    /** Drops the failure_demand_daily keys the moves brought to zero (no row is kept at zero). */
    private void dropZeroDaily(List<Object[]> moves) {
        // only a key moved down can have reached zero: a catch-up into an empty schema moves none down
        List<Object[]> down = moves.stream().filter(move -> (int) move[5] < 0).toList();
        if (down.isEmpty()) {
            return;
        }
        inserts.execute("delete from failure_demand_daily d using (" + FactInserts.unnest(DAILY) + ") m where d.service = m.service"
                + " and d.day = m.day and d.team = m.team and d.channel = m.channel and d.failure_category = m.failure_category"
                + " and d.contacts = 0", DAILY, down);
    }
}
