package org.casejourney.query.journey;

import org.casejourney.events.EventJson;
import org.casejourney.events.RecordedEvent;
import org.casejourney.events.journey.Journey;
import org.casejourney.query.platform.CopyRows;
import org.casejourney.query.platform.CopyType;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.stream.Collectors;

/** The journey_event and journey tables. */
@Component
class JourneyRows {

    private final JdbcTemplate jdbc;
    private final PersonFacts facts;

    JourneyRows(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
        this.facts = new PersonFacts(jdbc);
    }

    /** The person's events, in stream order. */
    List<RecordedEvent> events(String personId) {
        return jdbc.queryForList("select payload::text from journey_event where person_id = ? order by sequence", String.class, personId)
                .stream().map(json -> EventJson.read(json, RecordedEvent.class)).toList();
    }

    /**
     * The stored events of these people, in stream order, still as JSON; people without events are absent. Each person
     * is looked up in the primary key by themselves (the ordered subquery keeps the planner from joining the list to
     * the whole table): with {@code person_id = any(?)}, statistics taken early in a catch-up, when each person had a
     * row or two, made the planner expect a large share of the table for a few thousand people, and it read all of it,
     * seconds at a time (docs/performance.md, "Where PostgreSQL's share went").
     */
    Map<String, List<String>> payloads(Collection<String> personIds) {
        Map<String, List<String>> byPerson = new HashMap<>();
        if (personIds.isEmpty()) {
            return byPerson;
        }
        Object[] distinct = new LinkedHashSet<>(personIds).toArray();
        jdbc.query(connection -> {
            PreparedStatement select = connection.prepareStatement("select p.person_id, e.payload::text from unnest(?::text[]) as p(person_id)"
                    + " cross join lateral (select payload, sequence from journey_event where person_id = p.person_id order by sequence) e");
            select.setArray(1, connection.createArrayOf("text", distinct));
            return select;
        }, (ResultSet rs) -> {
            byPerson.computeIfAbsent(rs.getString(1), k -> new ArrayList<>()).add(rs.getString(2));
        });
        return byPerson;
    }

    /**
     * Stores events one statement each (in one batch). A payload holding a NUL ({@code \\u0000}) is refused here, as
     * the database refused it when the column was jsonb: its json column would take it, but no text column of the
     * fact rows derived from it can.
     */
    void insert(List<Incoming> events) {
        List<Object[]> rows = new ArrayList<>(events.size());
        for (Incoming in : events) {
            RecordedEvent r = in.event();
            String payload = in.payload();
            if (holdsNul(payload)) {
                throw new DataIntegrityViolationException("event " + r.event().eventId()
                        + " holds a NUL character (\\u0000), which PostgreSQL's text cannot store");
            }
            rows.add(new Object[]{r.personId(), r.sequence(), r.globalPosition(), r.event().eventId(), r.event().type(),
                    Timestamp.from(r.event().occurredAt()), timestamp(r.recordedAt()), payload});
        }
        jdbc.batchUpdate("insert into journey_event (person_id, sequence, global_position, event_id, type, occurred_at, recorded_at, payload)"
                + " values (?, ?, ?, ?, ?, ?, ?, ?::json) on conflict (person_id, sequence) do nothing", rows);
    }

    /**
     * Stores events none of which is stored yet with one COPY; false, storing nothing, when an
     * instant lies outside what {@link CopyRows} writes exactly or a payload holds a NUL (then {@link #insert}
     * stores them, or refuses the NUL as the database always did).
     */
    boolean copy(List<Incoming> events) {
        CopyRows copy = new CopyRows(events.size());
        for (Incoming in : events) {
            RecordedEvent r = in.event();
            if (!CopyRows.copyable(r.event().occurredAt()) || !CopyRows.copyable(r.recordedAt())) {
                return false;
            }
            String payload = in.payload();
            if (holdsNul(payload)) {
                return false;
            }
            copy.text(r.personId()).int8(r.sequence()).int8(r.globalPosition()).text(r.event().eventId()).text(r.event().type())
                    .timestamp(r.event().occurredAt()).timestamp(r.recordedAt()).json(payload).endRow();
        }
        copy.copyInto(jdbc, "journey_event (person_id, sequence, global_position, event_id, type, occurred_at, recorded_at, payload)");
        return true;
    }

    /** Whether JSON text holds the escape {@code \u0000} (a raw NUL is not JSON): one not itself escaped by a backslash. */
    static boolean holdsNul(String json) {
        for (int at = json.indexOf("\\u0000"); at >= 0; at = json.indexOf("\\u0000", at + 1)) {
            int backslashes = 0;
            for (int i = at; i >= 0 && json.charAt(i) == '\\'; i--) {
                backslashes++;
            }
            if (backslashes % 2 == 1) {
                return true;
            }
        }
        return false;
    }

    /** Stores events none of which is stored yet: by COPY, or by {@link #insert} when an instant is not copyable. */
    void store(List<Incoming> events) {
        if (!events.isEmpty() && !copy(events)) {
            insert(events);
        }
    }

    /** Those of these people who have a journey row (and so, maybe, fact rows). */
    Set<String> withJourney(Collection<String> personIds) {
        Set<String> found = new HashSet<>();
        if (personIds.isEmpty()) {
            return found;
        }
        jdbc.query(connection -> {
            PreparedStatement select = connection.prepareStatement("select person_id from journey where person_id = any(?)");
            select.setArray(1, connection.createArrayOf("text", personIds.toArray()));
            return select;
        }, (ResultSet rs) -> {
            found.add(rs.getString(1));
        });
        return found;
    }

    /**
     * Writes journeys a catch-up folded once: those of people in {@code withRows} are upserted, the others (no journey
     * or fact row yet) go in by COPY. The facts of people in {@code previous} (their rows as stored, derived from the
     * events before the catch-up's) only grow where they can, as in {@link #upsert}, and their rows as now stored are
     * given; everyone else's are replaced. Rows go in by COPY; failure_demand_daily moves as in {@link #upsert}.
     */
    Map<String, FactRows> writeFolded(List<JourneyRow> journeys, Instant now, Set<String> withRows, Map<String, FactRows> previous,
                                      Map<String, Integer> appended) {
        List<JourneyRow> again = new ArrayList<>();
        List<JourneyRow> first = new ArrayList<>();
        journeys.forEach(row -> (withRows.contains(row.journey().personId()) ? again : first).add(row));
        if (!copyJourneys(first, now)) {
            again.addAll(first);
        }
        upsertJourneys(again, now);
        List<Journey> growing = new ArrayList<>();
        List<Journey> replaced = new ArrayList<>();
        journeys.forEach(row -> (previous.containsKey(row.journey().personId()) ? growing : replaced).add(row.journey()));
        facts.replaceCopying(replaced, withRows);
        return facts.replaceGrowing(growing, previous, appended, true);
    }

    /** A person's journey and every event it was folded from. */
    record JourneyRow(Journey journey, List<RecordedEvent> events) {
    }

    /**
     * Upserts the journeys and, in the same transaction, the analysts' facts; {@code previous} holds some people's fact
     * rows as stored, so theirs may only grow, and {@code appended} how many events some people's folds went on with
     * (PersonFacts.replaceGrowing). Gives each person's fact rows as written.
     */
    Map<String, FactRows> upsert(List<JourneyRow> journeys, Map<String, FactRows> previous, Map<String, Integer> appended, Instant now) {
        upsertJourneys(journeys, now);
        return facts.replaceGrowing(journeys.stream().map(JourneyRow::journey).toList(), previous, appended, false);
    }

    /**
     * A rebuild's fold: the journeys of people in {@code foldedBefore} are upserted, the others (the
     * rebuild's schema holds no journey or fact row of theirs yet) go in by one COPY of the texts the
     * parameters would send; their facts go in as {@link PersonFacts#replaceForRebuild} writes them.
     */
    void writeForRebuild(List<JourneyRow> journeys, Instant now, Set<String> foldedBefore) {
        List<JourneyRow> again = new ArrayList<>();
        List<JourneyRow> first = new ArrayList<>();
        journeys.forEach(row -> (foldedBefore.contains(row.journey().personId()) ? again : first).add(row));
        if (!copyJourneys(first, now)) {
            again.addAll(first); // an instant COPY would not write exactly: the upsert inserts them as it would any row
        }
        upsertJourneys(again, now);
        facts.replaceForRebuild(journeys.stream().map(JourneyRow::journey).toList(), foldedBefore);
    }

    /** Copies these journeys, none of which is stored yet, with the values {@link #upsertJourneys} binds; false, copying nothing, unless every instant is copyable. */
    private boolean copyJourneys(List<JourneyRow> journeys, Instant now) {
        if (journeys.isEmpty()) {
            return true;
        }
        List<Object[]> rows = journeys.stream().map(row -> values(row, now)).toList();
        for (Object[] row : rows) {
            for (Object value : row) {
                if (value instanceof Timestamp t && !CopyRows.copyable(t.toInstant())) {
                    return false;
                }
            }
        }
        CopyRows copy = new CopyRows(rows.size());
        for (Object[] row : rows) {
            for (int c = 0; c < row.length; c++) {
                copy.value(COPY_TYPES.get(c), row[c]);
            }
            copy.endRow();
        }
        copy.copyInto(jdbc, "journey (" + COLUMNS + ")");
        return true;
    }

    /** The journey columns in the order {@link #values} gives them, with the migrations' types (V1) for the binary COPY. */
    private static final List<String[]> TYPED_COLUMNS = Arrays.stream(("person_id text, events int, contacts int,"
            + " value_contacts int, failure_contacts int, referrals_made int, referrals_declined_or_withdrawn int,"
            + " open_referrals int, assessments int, handoffs int, support_delivered int, people_involved int,"
            + " teams_involved int, organisations_involved int, total_minutes bigint, face_to_face_minutes bigint,"
            + " first_contact timestamptz, last_activity timestamptz, episodes int, open boolean, returned boolean,"
            + " last_sequence bigint, last_global_position bigint, updated_at timestamptz").split(","))
            .map(c -> c.trim().split(" ", 2)).toList();
    private static final String COLUMNS = TYPED_COLUMNS.stream().map(c -> c[0]).collect(Collectors.joining(", "));
    private static final List<CopyType> COPY_TYPES = TYPED_COLUMNS.stream().map(c -> CopyType.of(c[1])).toList();

    private void upsertJourneys(List<JourneyRow> journeys, Instant now) {
        if (journeys.isEmpty()) {
            return;
        }
        jdbc.batchUpdate("""
                        insert into journey (person_id, events, contacts, value_contacts, failure_contacts, referrals_made,
                            referrals_declined_or_withdrawn, open_referrals, assessments, handoffs, support_delivered,
                            people_involved, teams_involved, organisations_involved, total_minutes, face_to_face_minutes,
                            first_contact, last_activity, episodes, open, returned, last_sequence, last_global_position, updated_at)
                        values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                        on conflict (person_id) do update set
                            events = excluded.events, contacts = excluded.contacts, value_contacts = excluded.value_contacts,
                            failure_contacts = excluded.failure_contacts, referrals_made = excluded.referrals_made,
                            referrals_declined_or_withdrawn = excluded.referrals_declined_or_withdrawn,
                            open_referrals = excluded.open_referrals, assessments = excluded.assessments,
                            handoffs = excluded.handoffs, support_delivered = excluded.support_delivered,
                            people_involved = excluded.people_involved, teams_involved = excluded.teams_involved,
                            organisations_involved = excluded.organisations_involved, total_minutes = excluded.total_minutes,
                            face_to_face_minutes = excluded.face_to_face_minutes, first_contact = excluded.first_contact,
                            last_activity = excluded.last_activity, episodes = excluded.episodes, open = excluded.open,
                            returned = excluded.returned, last_sequence = excluded.last_sequence,
                            last_global_position = excluded.last_global_position, updated_at = excluded.updated_at
                        """,
                journeys.stream().map(row -> values(row, now)).toList());
    }

    void recountDaily() {
        facts.recountDaily();
    }

    private static Object[] values(JourneyRow row, Instant now) {
        Journey journey = row.journey();
        long lastSequence = row.events().stream().mapToLong(RecordedEvent::sequence).max().orElse(-1);
        Long lastGlobalPosition = row.events().stream().map(RecordedEvent::globalPosition).filter(Objects::nonNull)
                .max(Comparator.naturalOrder()).orElse(null);
        return new Object[]{
                journey.personId(), journey.eventsRecorded(), journey.contacts().total(), journey.contacts().value(),
                journey.contacts().failure(), journey.referrals().made(), journey.referrals().declinedOrWithdrawn(),
                journey.referrals().open(), journey.assessments(), journey.handoffs(), journey.supportDelivered(),
                journey.involved().people(), journey.involved().teams(), journey.involved().organisations(),
                journey.totalMinutes(), journey.faceToFaceMinutes(), timestamp(journey.firstContact()),
                timestamp(journey.lastActivity()), journey.episodes().size(), journey.open(), journey.returned(),
                lastSequence, lastGlobalPosition, Timestamp.from(now)};
    }

    private static Timestamp timestamp(Instant instant) {
        return instant == null ? null : Timestamp.from(instant);
    }
}
