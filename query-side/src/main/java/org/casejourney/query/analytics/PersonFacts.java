package org.casejourney.query.analytics;

import org.casejourney.events.ContactRecorded;
import org.casejourney.events.DemandType;
import org.casejourney.events.FailureCategories;
import org.casejourney.events.HandoffMade;
import org.casejourney.events.PersonEvent;
import org.casejourney.events.ReferralMade;
import org.casejourney.events.ReferralResolved;
import org.casejourney.events.journey.Journey;
import org.casejourney.events.journey.TimelineEntry;
import org.casejourney.query.platform.CopyRows;
import org.springframework.jdbc.core.JdbcTemplate;

import java.sql.PreparedStatement;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Collectors;

/**
 * Replaces people's derived fact rows (fact_contact, fact_episode, fact_referral, fact_handoff,
 * fact_person) from their folded journeys, and moves the failure_demand_daily counts by the
 * difference between their old and new contacts. Called by the journey projection inside its
 * transaction; every measure comes from the fold (the journey and its timeline's effective events).
 */
public final class PersonFacts {

    private static final List<String> EVERY_TABLE = List.of("fact_contact", "fact_episode", "fact_referral", "fact_handoff", "fact_person");

    private final JdbcTemplate jdbc;

    public PersonFacts(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    /** Replaces the facts of each journey's person with those of the journey. */
    public void replace(Collection<Journey> given) {
        replace(given, false, null, true);
    }

    /**
     * Replaces the facts of each journey's person with those of the journey, where {@code previous} holds, for some of
     * them, the journey their rows were written from (their events before this batch, folded again). When the new
     * journey's contact, referral and handoff rows only add to the previous ones (events arriving in time order, no
     * correction or resolution of an earlier one), only the new rows are inserted and the person's few episode and
     * person rows rewritten: a person with a long history no longer costs a rewrite of every row per new event. Anyone
     * else's rows are replaced whole, as {@link #replace(Collection)} does.
     */
    public void replaceGrowing(Collection<Journey> given, Map<String, Journey> previous) {
        if (given.isEmpty()) {
            return;
        }
        Map<String, Journey> byPerson = new LinkedHashMap<>();
        given.forEach(journey -> byPerson.put(journey.personId(), journey));
        List<String> whole = new ArrayList<>();
        List<String> grown = new ArrayList<>();
        List<Derived> rows = new ArrayList<>();
        for (Journey journey : byPerson.values()) {
            Derived now = derive(journey);
            Journey before = previous.get(journey.personId());
            Derived added = before == null ? null : now.addedTo(derive(before));
            if (added == null) {
                whole.add(journey.personId());
                rows.add(now);
            } else {
                grown.add(journey.personId());
                rows.add(added);
            }
        }
        Map<DailyKey, Integer> delta = new TreeMap<>();
        if (!whole.isEmpty()) {
            delete(whole.toArray(String[]::new), EVERY_TABLE, delta);
        }
        if (!grown.isEmpty()) {
            delete(grown.toArray(String[]::new), List.of("fact_episode", "fact_person"), delta);
        }
        writeRows(rows, false, true, delta);
    }

    /**
     * Replaces the facts of journeys folded once for a whole catch-up: only the people in {@code withRows} can
     * have rows (the others had no journey row), so only theirs are deleted first; rows go in by COPY, and
     * failure_demand_daily moves as {@link #replace} moves it.
     */
    public void replaceCopying(Collection<Journey> given, Set<String> withRows) {
        replace(given, true, withRows, true);
    }

    /**
     * Replaces the facts for a rebuild's fold: rows go in by COPY, and failure_demand_daily is left to
     * {@link #recountDaily} at the end, since two rebuild workers moving the same days' counts would
     * wait on each other's row locks until commit. Only the people in {@code foldedBefore} can have
     * rows in the rebuild's schema (their fold wrote them), so only theirs are deleted first.
     */
    public void replaceForRebuild(Collection<Journey> given, Set<String> foldedBefore) {
        replace(given, true, foldedBefore, false);
    }

    /** Sets failure_demand_daily to the count of fact_contact rows per key: what moving it person by person arrives at. */
    public void recountDaily() {
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
        Map<DailyKey, Integer> delta = new TreeMap<>();
        String[] people = byPerson.keySet().stream().filter(p -> deleteOnly == null || deleteOnly.contains(p)).toArray(String[]::new);
        if (people.length > 0) {
            delete(people, EVERY_TABLE, delta);
        }
        writeRows(journeys.stream().map(PersonFacts::derive).toList(), copy, moveDaily, delta);
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

    private void writeRows(List<Derived> derived, boolean copy, boolean moveDaily, Map<DailyKey, Integer> delta) {
        List<Object[]> contacts = new ArrayList<>();
        List<Object[]> referrals = new ArrayList<>();
        List<Object[]> handoffs = new ArrayList<>();
        List<Object[]> episodes = new ArrayList<>();
        List<Object[]> persons = new ArrayList<>();
        for (Derived d : derived) {
            contacts.addAll(d.contacts());
            referrals.addAll(d.referrals());
            handoffs.addAll(d.handoffs());
            episodes.addAll(d.episodes());
            persons.add(d.person());
            d.contactKeys().forEach(key -> delta.merge(key, 1, Integer::sum));
        }
        insert(copy, "fact_contact", "person_id text, event_id text, occurred_at timestamptz, day date, service text, team text, organisation text,"
                + " practitioner text, channel text, demand_type text, failure_category text, episode_number int, duration_minutes int,"
                + " face_to_face boolean", contacts);
        insert(copy, "fact_referral", "person_id text, event_id text, referral_id text, occurred_at timestamptz, service text, team text,"
                + " organisation text, from_team text, to_team text, from_organisation text, to_organisation text, outcome text,"
                + " episode_number int", referrals);
        insert(copy, "fact_handoff", "person_id text, event_id text, occurred_at timestamptz, service text, team text, organisation text,"
                + " from_practitioner text, to_practitioner text, from_team text, to_team text, from_organisation text, to_organisation text,"
                + " episode_number int", handoffs);
        insert(copy, "fact_episode", "person_id text, episode_number int, opened_at timestamptz, closed_at timestamptz, outcome text,"
                + " end_to_end_days float8, contacts int, failure_contacts int, returned boolean, returned_at timestamptz, services text[],"
                + " teams text[], channels text[], next_contact_at timestamptz, return_window_ends timestamptz", episodes);
        insert(copy, "fact_person", "person_id text, first_contact timestamptz, teams text[], services text[], tags text[], assessments int,"
                + " people_involved int, referrals int, total_minutes bigint, face_to_face_minutes bigint, face_to_face_share float8,"
                + " episodes int, closed_episodes int, returned_episodes int", persons);

        if (!moveDaily) {
            return;
        }
        // Sorted keys: two consumers moving the same days lock their rows in one order.
        List<Object[]> moves = delta.entrySet().stream().filter(e -> e.getValue() != 0)
                .map(e -> e.getKey().values(e.getValue())).toList();
        if (!moves.isEmpty()) {
            String daily = "service text, day date, team text, channel text, failure_category text, contacts int";
            execute("insert into failure_demand_daily (service, day, team, channel, failure_category, contacts) " + unnest(daily)
                    + " on conflict (service, day, team, channel, failure_category)"
                    + " do update set contacts = failure_demand_daily.contacts + excluded.contacts", daily, moves);
            execute("delete from failure_demand_daily d using (" + unnest(daily) + ") m where d.service = m.service and d.day = m.day"
                    + " and d.team = m.team and d.channel = m.channel and d.failure_category = m.failure_category and d.contacts = 0",
                    daily, moves);
        }
    }

    /** One key of failure_demand_daily; '' stands for no team and for value demand. */
    private record DailyKey(LocalDate day, String service, String team, String channel, String category)
            implements Comparable<DailyKey> {

        DailyKey {
            team = Objects.requireNonNullElse(team, "");
            category = Objects.requireNonNullElse(category, "");
        }

        private static final Comparator<DailyKey> ORDER = Comparator.comparing(DailyKey::service).thenComparing(DailyKey::day)
                .thenComparing(DailyKey::team).thenComparing(DailyKey::channel).thenComparing(DailyKey::category);

        @Override
        public int compareTo(DailyKey other) {
            return ORDER.compare(this, other);
        }

        Object[] values(int contacts) {
            return new Object[]{service, day, team, channel, category, contacts};
        }
    }

    private record Derived(List<Object[]> contacts, List<DailyKey> contactKeys, List<Object[]> referrals,
                           List<Object[]> handoffs, List<Object[]> episodes, Object[] person) {

        /**
         * What these rows add to {@code before}'s, when each of its contact, referral and handoff row lists begins with
         * the whole of {@code before}'s, unchanged: the added rows of those three, and every episode and the person row;
         * null when a row of {@code before} changed, moved or went.
         */
        Derived addedTo(Derived before) {
            if (!startsWith(contacts, before.contacts) || !startsWith(referrals, before.referrals) || !startsWith(handoffs, before.handoffs)) {
                return null;
            }
            int from = before.contacts.size();
            return new Derived(contacts.subList(from, contacts.size()), contactKeys.subList(from, contactKeys.size()),
                    referrals.subList(before.referrals.size(), referrals.size()), handoffs.subList(before.handoffs.size(), handoffs.size()),
                    episodes, person);
        }

        private static boolean startsWith(List<Object[]> rows, List<Object[]> prefix) {
            if (prefix.size() > rows.size()) {
                return false;
            }
            for (int i = 0; i < prefix.size(); i++) {
                if (!Arrays.equals(rows.get(i), prefix.get(i))) {
                    return false;
                }
            }
            return true;
        }
    }

    private static Derived derive(Journey journey) {
        String personId = journey.personId();
        // The events that count, in the order the fold reads them.
        List<TimelineEntry> counted = journey.timeline().stream()
                .filter(e -> e.status() == TimelineEntry.Status.ACTIVE || e.status() == TimelineEntry.Status.CORRECTED)
                .sorted(Comparator.comparing((TimelineEntry e) -> e.effective().occurredAt()).thenComparingLong(TimelineEntry::sequence))
                .toList();
        List<Journey.Episode> episodeList = journey.episodes();
        Set<String> teams = new TreeSet<>();
        Set<String> services = new TreeSet<>();
        Set<String> tags = new TreeSet<>();
        Map<String, String> referralOutcomes = new HashMap<>();
        Map<String, ReferralMade> referralsById = new LinkedHashMap<>();
        Map<String, Integer> referralEpisodes = new HashMap<>();
        List<Object[]> contacts = new ArrayList<>();
        List<DailyKey> keys = new ArrayList<>();
        List<Object[]> handoffs = new ArrayList<>();

        for (TimelineEntry entry : counted) {
            PersonEvent event = entry.effective();
            Integer episode = entry.episode(); // as the fold counted it: rows never re-derive membership from time
            addIfPresent(teams, event.team());
            addIfPresent(services, event.service());
            if (event.tags() != null) {
                event.tags().forEach(tag -> addIfPresent(tags, tag));
            }
            if (event instanceof ContactRecorded contact) {
                boolean failure = contact.demandType() == DemandType.FAILURE;
                String category = failure ? Objects.requireNonNullElse(contact.failureCategory(), FailureCategories.OTHER) : null;
                LocalDate day = LocalDate.ofInstant(contact.occurredAt(), ZoneOffset.UTC);
                contacts.add(new Object[]{personId, contact.eventId(), ts(contact.occurredAt()), day, contact.service(), contact.team(),
                        contact.organisation(), contact.practitioner(), contact.channel().name(), contact.demandType().name(), category,
                        episode, contact.durationMinutes(), contact.spentFaceToFace()});
                keys.add(new DailyKey(day, contact.service(), contact.team(), contact.channel().name(), category));
            } else if (event instanceof ReferralMade referral) {
                if (referralsById.putIfAbsent(referral.referralId(), referral) == null) {
                    referralEpisodes.put(referral.referralId(), episode);
                }
            } else if (event instanceof ReferralResolved resolved) {
                referralOutcomes.put(resolved.referralId(), resolved.outcome().name());
            } else if (event instanceof HandoffMade handoff) {
                String fromTeam = firstPresent(handoff.fromTeam(), handoff.team());
                String fromOrganisation = firstPresent(handoff.fromOrganisation(), handoff.organisation());
                handoffs.add(new Object[]{personId, handoff.eventId(), ts(handoff.occurredAt()), handoff.service(), handoff.team(),
                        handoff.organisation(), handoff.fromPractitioner(), handoff.toPractitioner(), fromTeam,
                        firstPresent(handoff.toTeam(), fromTeam), fromOrganisation, firstPresent(handoff.toOrganisation(), fromOrganisation),
                        episode});
            }
        }

        List<Object[]> referrals = referralsById.values().stream().map(r -> new Object[]{personId, r.eventId(), r.referralId(),
                ts(r.occurredAt()), r.service(), r.team(), r.organisation(), firstPresent(r.fromTeam(), r.team()), r.toTeam(),
                firstPresent(r.fromOrganisation(), r.organisation()), blankToNull(r.toOrganisation()),
                referralOutcomes.get(r.referralId()), referralEpisodes.get(r.referralId())}).toList();
        List<Object[]> episodes = episodeList.stream().map(e -> {
            return new Object[]{personId, e.number(), ts(e.openedAt()), ts(e.closedAt()), e.outcome(),
                    e.closedAt() == null ? null : e.endToEndDays(), e.contacts(), e.failureContacts(), e.returned(), ts(e.returnedAt()),
                    new TextArray(e.services()), new TextArray(e.teams()), new TextArray(e.channels()), ts(e.nextContactAt()),
                    ts(e.returnWindowEndsAt())};
        }).toList();
        int closed = (int) episodeList.stream().filter(e -> e.closedAt() != null).count();
        int returned = (int) episodeList.stream().filter(Journey.Episode::returned).count();
        Object[] person = {personId, ts(journey.firstContact()), new TextArray(teams), new TextArray(services), new TextArray(tags),
                journey.assessments(), journey.involved().people(), journey.referrals().made(), journey.totalMinutes(),
                journey.faceToFaceMinutes(), journey.faceToFaceShare(), episodeList.size(), closed, returned};
        return new Derived(contacts, keys, referrals, handoffs, episodes, person);
    }

    /** A text[] value of a fact row. */
    private record TextArray(Collection<String> values) {

        /** The PostgreSQL array literal, every element quoted. */
        String literal() {
            StringBuilder literal = new StringBuilder(64).append('{');
            for (String v : values) {
                if (literal.length() > 1) {
                    literal.append(',');
                }
                literal.append('"');
                if (v.indexOf('\\') < 0 && v.indexOf('"') < 0) {
                    literal.append(v);
                } else {
                    for (int i = 0; i < v.length(); i++) {
                        char c = v.charAt(i);
                        if (c == '\\' || c == '"') {
                            literal.append('\\');
                        }
                        literal.append(c);
                    }
                }
                literal.append('"');
            }
            return literal.append('}').toString();
        }
    }

    /**
     * Inserts all rows with one statement: each column travels as one text[] parameter and is cast
     * back; or, for a rebuild, with one COPY of the same texts, which the columns' input functions read alike.
     */
    private void insert(boolean copy, String table, String columns, List<Object[]> rows) {
        if (rows.isEmpty()) {
            return;
        }
        String names = Arrays.stream(columns.split(",")).map(c -> c.trim().split(" ")[0]).collect(Collectors.joining(", "));
        if (copy) {
            CopyRows copied = new CopyRows(rows.size());
            for (Object[] row : rows) {
                for (Object value : row) {
                    copied.text(text(value));
                }
                copied.endRow();
            }
            copied.copyInto(jdbc, table + " (" + names + ")");
            return;
        }
        execute("insert into " + table + " (" + names + ") " + unnest(columns), columns, rows);
    }

    /** {@code select <columns cast> from unnest(?::text[], ...) as u(<columns>)} for "name type, ..." columns. */
    private static String unnest(String columns) {
        List<String[]> named = Arrays.stream(columns.split(",")).map(c -> c.trim().split(" ", 2)).toList();
        return "select " + named.stream().map(c -> "u." + c[0] + "::" + c[1] + " as " + c[0]).collect(Collectors.joining(", "))
                + " from unnest(" + named.stream().map(c -> "?::text[]").collect(Collectors.joining(", ")) + ") as u("
                + named.stream().map(c -> c[0]).collect(Collectors.joining(", ")) + ")";
    }

    private void execute(String sql, String columns, List<Object[]> rows) {
        int width = columns.split(",").length;
        jdbc.update(connection -> {
            PreparedStatement statement = connection.prepareStatement(sql);
            for (int c = 0; c < width; c++) {
                String[] column = new String[rows.size()];
                for (int r = 0; r < rows.size(); r++) {
                    column[r] = text(rows.get(r)[c]);
                }
                statement.setArray(c + 1, connection.createArrayOf("text", column));
            }
            return statement;
        });
    }

    private static String text(Object value) {
        if (value == null) {
            return null;
        }
        if (value instanceof TextArray array) {
            return array.literal();
        }
        if (value instanceof Timestamp timestamp) {
            return isoInstant(timestamp.toInstant());
        }
        return value.toString();
    }

    /** Exactly {@link Instant#toString} (seconds always, fraction in groups of three digits), without a formatter for years 1000-9999. */
    static String isoInstant(Instant instant) {
        long seconds = instant.getEpochSecond();
        long day = Math.floorDiv(seconds, 86_400);
        int second = (int) Math.floorMod(seconds, 86_400);
        if (day < FIRST_FAST_DAY || day > LAST_FAST_DAY) {
            return instant.toString();
        }
        LocalDate date = LocalDate.ofEpochDay(day);
        StringBuilder text = new StringBuilder(30).append(date.getYear()).append('-');
        two(text, date.getMonthValue()).append('-');
        two(text, date.getDayOfMonth()).append('T');
        two(text, second / 3_600).append(':');
        two(text, second / 60 % 60).append(':');
        two(text, second % 60);
        int nano = instant.getNano();
        if (nano > 0) {
            text.append('.');
            if (nano % 1_000_000 == 0) {
                text.append(Integer.toString(nano / 1_000_000 + 1_000), 1, 4);
            } else if (nano % 1_000 == 0) {
                text.append(Integer.toString(nano / 1_000 + 1_000_000), 1, 7);
            } else {
                text.append(Integer.toString(nano + 1_000_000_000), 1, 10);
            }
        }
        return text.append('Z').toString();
    }

    private static final long FIRST_FAST_DAY = LocalDate.of(1000, 1, 1).toEpochDay();
    private static final long LAST_FAST_DAY = LocalDate.of(9999, 12, 31).toEpochDay();

    private static StringBuilder two(StringBuilder text, int value) {
        if (value < 10) {
            text.append('0');
        }
        return text.append(value);
    }

    private static Timestamp ts(Instant instant) {
        return instant == null ? null : Timestamp.from(instant);
    }

    private static void addIfPresent(Set<String> set, String value) {
        if (value != null && !value.isBlank()) {
            set.add(value);
        }
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value;
    }

    private static String firstPresent(String first, String second) {
        return first != null && !first.isBlank() ? first : blankToNull(second);
    }
}
