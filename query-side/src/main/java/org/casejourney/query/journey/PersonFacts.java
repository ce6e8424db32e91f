package org.casejourney.query.journey;

import org.casejourney.events.journey.Journey;
import org.springframework.jdbc.core.JdbcTemplate;

import java.sql.PreparedStatement;
import java.time.LocalDate;
import java.util.ArrayList;
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
        if (!whole.isEmpty()) {
            delete(whole.toArray(String[]::new), EVERY_TABLE, delta);
        }
        if (!grown.isEmpty()) {
            delete(grown.toArray(String[]::new), List.of("fact_episode", "fact_person"), delta);
        }
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
        if (people.length > 0) {
            delete(people, EVERY_TABLE, delta);
        }
        writeRows(journeys.stream().map(FactRows::of).toList(), copy, moveDaily, delta);
    }

    /** Deletes these people's rows of these tables, counting each deleted contact as a move of -1 in {@code delta}. */
    private void delete(String[] people, List<String> tables, Map<DailyKey, Integer> delta) {
        if (tables.contains("fact_contact")) {
            jdbc.query(connection -> {
                PreparedStatement delete = connection.prepareStatement("delete from fact_contact where person_id = any(?)"
                        + " returning day, service, team, channel, failure_category");
                delete.setArray(1, connection.createArrayOf("text", people));
                return delete;
            }, rs -> {
                delta.merge(new DailyKey(rs.getObject(1, LocalDate.class), rs.getString(2), rs.getString(3), rs.getString(4),
                        rs.getString(5)), -1, Integer::sum);
            });
        }
        for (String table : tables) {
            if (table.equals("fact_contact")) {
                continue;
            }
            jdbc.update(connection -> {
                PreparedStatement delete = connection.prepareStatement("delete from " + table + " where person_id = any(?)");
                delete.setArray(1, connection.createArrayOf("text", people));
                return delete;
            });
        }
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
        inserts.insert(copy, FactTable.CONTACT, contacts);
        inserts.insert(copy, FactTable.REFERRAL, referrals);
        inserts.insert(copy, FactTable.HANDOFF, handoffs);
        inserts.insert(copy, FactTable.EPISODE, episodes);
        inserts.insert(copy, FactTable.PERSON, persons);
        if (moveDaily) {
            moveDaily(delta);
        }
    }

    /** Moves failure_demand_daily by {@code delta}, dropping the keys it brings to zero. */
    private void moveDaily(Map<DailyKey, Integer> delta) {
        // Sorted keys: two consumers moving the same days lock their rows in one order.
        List<Object[]> moves = delta.entrySet().stream().filter(e -> e.getValue() != 0).sorted(Map.Entry.comparingByKey())
                .map(e -> e.getKey().values(e.getValue())).toList();
        if (moves.isEmpty()) {
            return;
        }
        inserts.execute("insert into failure_demand_daily (service, day, team, channel, failure_category, contacts) "
                + FactInserts.unnest(DAILY) + " on conflict (service, day, team, channel, failure_category)"
                + " do update set contacts = failure_demand_daily.contacts + excluded.contacts", DAILY, moves);
        // only a key moved down can have reached zero (no row is kept at zero): a catch-up into an empty schema moves none down
        List<Object[]> down = moves.stream().filter(move -> (int) move[5] < 0).toList();
        if (down.isEmpty()) {
            return;
        }
        inserts.execute("delete from failure_demand_daily d using (" + FactInserts.unnest(DAILY) + ") m where d.service = m.service"
                + " and d.day = m.day and d.team = m.team and d.channel = m.channel and d.failure_category = m.failure_category"
                + " and d.contacts = 0", DAILY, down);
    }
}
