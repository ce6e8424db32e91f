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
import org.springframework.jdbc.core.BatchPreparedStatementSetter;
import org.springframework.jdbc.core.JdbcTemplate;

import java.sql.Array;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.sql.Types;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Replaces people's derived fact rows (fact_contact, fact_episode, fact_referral, fact_handoff,
 * fact_person) from their folded journeys, and moves the failure_demand_daily counts by the
 * difference between their old and new contacts. Called by the journey projection inside its
 * transaction; every measure comes from the fold (the journey and its timeline's effective events).
 */
public final class PersonFacts {

    private final JdbcTemplate jdbc;

    public PersonFacts(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    /** Replaces the facts of each journey's person with those of the journey. */
    public void replace(Collection<Journey> journeys) {
        if (journeys.isEmpty()) {
            return;
        }
        String[] people = journeys.stream().map(Journey::personId).distinct().toArray(String[]::new);
        Map<DailyKey, Integer> delta = new TreeMap<>();
        jdbc.query(connection -> {
            PreparedStatement delete = connection.prepareStatement("delete from fact_contact where person_id = any(?)"
                    + " returning day, service, team, channel, failure_category");
            delete.setArray(1, connection.createArrayOf("text", people));
            return delete;
        }, rs -> {
            delta.merge(new DailyKey(rs.getObject(1, LocalDate.class), rs.getString(2), rs.getString(3), rs.getString(4),
                    rs.getString(5)), -1, Integer::sum);
        });
        for (String table : List.of("fact_episode", "fact_referral", "fact_handoff", "fact_person")) {
            jdbc.update(connection -> {
                PreparedStatement delete = connection.prepareStatement("delete from " + table + " where person_id = any(?)");
                delete.setArray(1, connection.createArrayOf("text", people));
                return delete;
            });
        }

        List<Derived> derived = journeys.stream().map(PersonFacts::derive).toList();
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
        batch("insert into fact_contact (person_id, event_id, occurred_at, day, service, team, organisation, practitioner, channel,"
                + " demand_type, failure_category, episode_number, duration_minutes, face_to_face)"
                + " values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", contacts);
        batch("insert into fact_referral (person_id, event_id, referral_id, occurred_at, service, team, organisation, from_team, to_team,"
                + " from_organisation, to_organisation, outcome, episode_number) values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", referrals);
        batch("insert into fact_handoff (person_id, event_id, occurred_at, service, team, organisation, from_practitioner, to_practitioner,"
                + " from_team, to_team, from_organisation, to_organisation, episode_number)"
                + " values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", handoffs);
        batch("insert into fact_episode (person_id, episode_number, opened_at, closed_at, outcome, end_to_end_days, contacts,"
                + " failure_contacts, returned, returned_at, services, teams, channels)"
                + " values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", episodes);
        batch("insert into fact_person (person_id, first_contact, teams, services, tags, assessments, people_involved, referrals,"
                + " total_minutes, face_to_face_minutes, face_to_face_share, episodes, closed_episodes, returned_episodes)"
                + " values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", persons);

        // Sorted keys: two consumers moving the same days lock their rows in one order.
        List<Object[]> moves = delta.entrySet().stream().filter(e -> e.getValue() != 0)
                .map(e -> e.getKey().values(e.getValue())).toList();
        batch("insert into failure_demand_daily (service, day, team, channel, failure_category, contacts) values (?, ?, ?, ?, ?, ?)"
                + " on conflict (service, day, team, channel, failure_category)"
                + " do update set contacts = failure_demand_daily.contacts + excluded.contacts", moves);
        batch("delete from failure_demand_daily where service = ? and day = ? and team = ? and channel = ? and failure_category = ?"
                + " and contacts = 0", moves.stream().map(m -> new Object[]{m[0], m[1], m[2], m[3], m[4]}).toList());
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
    }

    private static Derived derive(Journey journey) {
        String personId = journey.personId();
        // The events that count, in the order the fold reads them.
        List<TimelineEntry> counted = journey.timeline().stream()
                .filter(e -> e.status() == TimelineEntry.Status.ACTIVE || e.status() == TimelineEntry.Status.CORRECTED)
                .sorted(Comparator.comparing((TimelineEntry e) -> e.effective().occurredAt()).thenComparingLong(TimelineEntry::sequence))
                .toList();
        List<Journey.Episode> episodeList = journey.episodes();
        Map<Integer, EpisodeScope> scopes = new HashMap<>();
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
            Integer episode = episodeOf(episodeList, event.occurredAt());
            addIfPresent(teams, event.team());
            addIfPresent(services, event.service());
            if (event.tags() != null) {
                event.tags().forEach(tag -> addIfPresent(tags, tag));
            }
            if (episode != null) {
                EpisodeScope scope = scopes.computeIfAbsent(episode, k -> new EpisodeScope());
                addIfPresent(scope.teams, event.team());
                addIfPresent(scope.services, event.service());
                if (event instanceof ContactRecorded contact) {
                    scope.channels.add(contact.channel().name());
                }
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
            EpisodeScope scope = scopes.getOrDefault(e.number(), new EpisodeScope());
            return new Object[]{personId, e.number(), ts(e.openedAt()), ts(e.closedAt()), e.outcome(),
                    e.closedAt() == null ? null : e.endToEndDays(), e.contacts(), e.failureContacts(), e.returned(), ts(e.returnedAt()),
                    new TextArray(scope.services), new TextArray(scope.teams), new TextArray(scope.channels)};
        }).toList();
        int closed = (int) episodeList.stream().filter(e -> e.closedAt() != null).count();
        int returned = (int) episodeList.stream().filter(Journey.Episode::returned).count();
        Object[] person = {personId, ts(journey.firstContact()), new TextArray(teams), new TextArray(services), new TextArray(tags),
                journey.assessments(), journey.involved().people(), journey.referrals().made(), journey.totalMinutes(),
                journey.faceToFaceMinutes(), journey.faceToFaceShare(), episodeList.size(), closed, returned};
        return new Derived(contacts, keys, referrals, handoffs, episodes, person);
    }

    /** The episode an event at this instant falls in: the last one opened by then, unless it had closed before. */
    private static Integer episodeOf(List<Journey.Episode> episodes, Instant at) {
        Journey.Episode found = null;
        for (Journey.Episode e : episodes) {
            if (e.openedAt().isAfter(at)) {
                break;
            }
            found = e;
        }
        return found == null || (found.closedAt() != null && at.isAfter(found.closedAt())) ? null : found.number();
    }

    private static final class EpisodeScope {
        final Set<String> teams = new TreeSet<>();
        final Set<String> services = new TreeSet<>();
        final Set<String> channels = new LinkedHashSet<>();
    }

    /** A text[] parameter, bound by {@link #batch}. */
    private record TextArray(Collection<String> values) {
    }

    private void batch(String sql, List<Object[]> rows) {
        if (rows.isEmpty()) {
            return;
        }
        jdbc.batchUpdate(sql, new BatchPreparedStatementSetter() {
            @Override
            public void setValues(PreparedStatement ps, int i) throws SQLException {
                Object[] row = rows.get(i);
                for (int c = 0; c < row.length; c++) {
                    Object value = row[c];
                    if (value instanceof TextArray array) {
                        Array sqlArray = ps.getConnection().createArrayOf("text", array.values().toArray());
                        ps.setArray(c + 1, sqlArray);
                    } else if (value == null) {
                        ps.setNull(c + 1, Types.NULL);
                    } else {
                        ps.setObject(c + 1, value);
                    }
                }
            }

            @Override
            public int getBatchSize() {
                return rows.size();
            }
        });
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
