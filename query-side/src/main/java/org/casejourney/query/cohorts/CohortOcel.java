package org.casejourney.query.cohorts;

import com.fasterxml.jackson.core.JsonGenerator;
import org.casejourney.events.AssessmentCompleted;
import org.casejourney.events.CaseClosed;
import org.casejourney.events.ContactRecorded;
import org.casejourney.events.EventJson;
import org.casejourney.events.HandoffMade;
import org.casejourney.events.PersonEvent;
import org.casejourney.events.RecordedEvent;
import org.casejourney.events.ReferralMade;
import org.casejourney.events.ReferralResolved;
import org.casejourney.events.SupportDelivered;
import org.casejourney.events.journey.Journey;
import org.casejourney.events.journey.JourneyFold;
import org.casejourney.events.journey.TimelineEntry;
import org.casejourney.query.platform.QuerySideProperties;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

import javax.sql.DataSource;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Consumer;

/**
 * A cohort's journeys as an OCEL 2.0 object-centric event log (JSON), for process-mining tools: every counted event
 * (corrections applied, retractions left out) related to its person, episode, team, practitioners and referral; the
 * objects with their attributes. Written as it is read: the people's stored events stream through twice (events, then
 * objects), one person's fold in memory at a time, whatever the cohort's size. Attribute values are strings, as the
 * published schema requires, each written as its declared type's text (an integer's digits, true/false, an ISO instant).
 */
@Component
class CohortOcel {

    private final JdbcTemplate jdbc;
    private final Clock clock;
    private final Duration returnWindow;

    CohortOcel(DataSource dataSource, Clock clock, QuerySideProperties properties) {
        this.jdbc = new JdbcTemplate(dataSource);
        this.clock = clock;
        this.returnWindow = Duration.ofDays(properties.journey().returnWindowDays());
    }

    /** Writes the log of the people the filter chooses (their whole journeys, folded at this instant) to {@code out}. */
    void write(CohortFilter.Checked filter, OutputStream out) throws IOException {
        Instant asOf = clock.instant();
        JsonGenerator json = EventJson.mapper().getFactory().createGenerator(out);
        json.writeStartObject();
        OcelJson.types(json);
        Set<String> teams = new TreeSet<>();
        Set<String> practitioners = new TreeSet<>();
        json.writeArrayFieldStart("events");
        eachJourney(filter, asOf, journey -> events(json, journey, teams, practitioners));
        json.writeEndArray();
        json.writeArrayFieldStart("objects");
        eachJourney(filter, asOf, journey -> objects(json, journey));
        for (String team : teams) {
            OcelJson.object(json, "team:" + team, "team");
        }
        for (String practitioner : practitioners) {
            OcelJson.object(json, "practitioner:" + practitioner, "practitioner");
        }
        json.writeEndArray();
        json.writeEndObject();
        json.flush();
    }

    /** Folds each chosen person's stored events in turn, read through a cursor so only one person is held at a time. */
    private void eachJourney(CohortFilter.Checked filter, Instant asOf, Consumer<Journey> each) {
        List<Object> params = new ArrayList<>();
        String sql = "select person_id, payload::text from journey_event where person_id in (select person_id from fact_person where "
                + filter.where(params) + ") order by person_id, sequence";
        jdbc.execute((Connection connection) -> {
            boolean autoCommit = connection.getAutoCommit();
            connection.setAutoCommit(false); // PostgreSQL reads through a cursor only inside a transaction
            try (PreparedStatement select = connection.prepareStatement(sql)) {
                select.setFetchSize(1_000);
                for (int i = 0; i < params.size(); i++) {
                    select.setObject(i + 1, params.get(i));
                }
                try (ResultSet rs = select.executeQuery()) {
                    String person = null;
                    List<RecordedEvent> events = new ArrayList<>();
                    while (rs.next()) {
                        if (person != null && !person.equals(rs.getString(1))) {
                            each.accept(JourneyFold.fold(person, events, asOf, returnWindow));
                            events = new ArrayList<>();
                        }
                        person = rs.getString(1);
                        events.add(EventJson.read(rs.getString(2), RecordedEvent.class));
                    }
                    if (person != null) {
                        each.accept(JourneyFold.fold(person, events, asOf, returnWindow));
                    }
                }
            } finally {
                connection.rollback();
                connection.setAutoCommit(autoCommit);
            }
            return null;
        });
    }

    private static void events(JsonGenerator json, Journey journey, Set<String> teams, Set<String> practitioners) {
        Set<String> made = referralsMade(journey);
        try {
            for (TimelineEntry entry : journey.timeline()) {
                if (!counted(entry)) {
                    continue;
                }
                PersonEvent event = entry.effective();
                json.writeStartObject();
                json.writeStringField("id", entry.eventId());
                json.writeStringField("type", event.type());
                json.writeStringField("time", event.occurredAt().toString());
                json.writeArrayFieldStart("attributes");
                attributes(json, event);
                json.writeEndArray();
                json.writeArrayFieldStart("relationships");
                OcelJson.relationship(json, journey.personId(), "person");
                if (entry.episode() != null) {
                    OcelJson.relationship(json, episodeId(journey, entry.episode()), "episode");
                }
                if (event.team() != null) {
                    teams.add(event.team());
                    OcelJson.relationship(json, "team:" + event.team(), "recorded by");
                }
                if (event.practitioner() != null) {
                    practitioners.add(event.practitioner());
                    OcelJson.relationship(json, "practitioner:" + event.practitioner(), "by");
                }
                moves(json, event, journey, made, teams, practitioners);
                json.writeEndArray();
                json.writeEndObject();
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Referrals and handoffs: what they relate beyond the person, episode, team and practitioner. */
    private static void moves(JsonGenerator json, PersonEvent event, Journey journey, Set<String> made, Set<String> teams,
                              Set<String> practitioners) throws IOException {
        if (event instanceof ReferralMade referral) {
            OcelJson.relationship(json, referralId(journey, referral.referralId()), "makes");
            if (referral.toTeam() != null) {
                teams.add(referral.toTeam());
                OcelJson.relationship(json, "team:" + referral.toTeam(), "refers to");
            }
        } else if (event instanceof ReferralResolved resolved && made.contains(resolved.referralId())) {
            OcelJson.relationship(json, referralId(journey, resolved.referralId()), "resolves"); // a referral no longer made has no object
        } else if (event instanceof HandoffMade handoff) {
            for (String[] end : new String[][]{{handoff.fromPractitioner(), "practitioner:", "from"}, {handoff.toPractitioner(), "practitioner:", "to"},
                    {handoff.fromTeam(), "team:", "from team"}, {handoff.toTeam(), "team:", "to team"}}) {
                if (end[0] != null) {
                    (end[1].equals("team:") ? teams : practitioners).add(end[0]);
                    OcelJson.relationship(json, end[1] + end[0], end[2]);
                }
            }
        }
    }

    private static void attributes(JsonGenerator json, PersonEvent event) throws IOException {
        OcelJson.attribute(json, "service", event.service(), null);
        OcelJson.attribute(json, "team", event.team(), null);
        OcelJson.attribute(json, "organisation", event.organisation(), null);
        if (event instanceof ContactRecorded c) {
            OcelJson.attribute(json, "channel", c.channel() == null ? null : c.channel().name(), null);
            OcelJson.attribute(json, "demandType", c.demandType().name(), null);
            OcelJson.attribute(json, "failureCategory", c.failureCategory(), null);
        } else if (event instanceof AssessmentCompleted a) {
            OcelJson.attribute(json, "assessmentType", a.assessmentType(), null);
            OcelJson.attribute(json, "outcome", a.outcome(), null);
        } else if (event instanceof SupportDelivered s) {
            OcelJson.attribute(json, "activity", s.activity(), null);
        } else if (event instanceof ReferralMade r) {
            OcelJson.attribute(json, "fromTeam", r.fromTeam(), null);
            OcelJson.attribute(json, "toTeam", r.toTeam(), null);
            OcelJson.attribute(json, "fromOrganisation", r.fromOrganisation(), null);
            OcelJson.attribute(json, "toOrganisation", r.toOrganisation(), null);
        } else if (event instanceof ReferralResolved r) {
            OcelJson.attribute(json, "outcome", r.outcome().name(), null);
        } else if (event instanceof HandoffMade h) {
            OcelJson.attribute(json, "fromTeam", h.fromTeam(), null);
            OcelJson.attribute(json, "toTeam", h.toTeam(), null);
        } else if (event instanceof CaseClosed c) {
            OcelJson.attribute(json, "outcome", c.outcome().name(), null);
        }
        if (event.durationMinutes() != null) {
            OcelJson.attribute(json, "durationMinutes", event.durationMinutes().toString(), null);
            OcelJson.attribute(json, "faceToFace", Boolean.toString(event.spentFaceToFace()), null);
        }
    }

    private static void objects(JsonGenerator json, Journey journey) {
        try {
            OcelJson.object(json, journey.personId(), "person");
            for (Journey.Episode episode : journey.episodes()) {
                json.writeStartObject();
                json.writeStringField("id", episodeId(journey, episode.number()));
                json.writeStringField("type", "episode");
                json.writeArrayFieldStart("attributes");
                if (episode.closedAt() != null) {
                    OcelJson.attribute(json, "outcome", episode.outcome(), episode.closedAt());
                    OcelJson.attribute(json, "returnStatus", episode.returnStatus().name(), episode.closedAt());
                    OcelJson.attribute(json, "endToEndDays", episode.endToEndDays().toString(), episode.closedAt());
                }
                json.writeEndArray();
                json.writeArrayFieldStart("relationships");
                OcelJson.relationship(json, journey.personId(), "of");
                json.writeEndArray();
                json.writeEndObject();
            }
            Map<String, ReferralResolved> resolutions = new LinkedHashMap<>();
            journey.timeline().stream().filter(CohortOcel::counted)
                    .sorted(Comparator.comparing((TimelineEntry e) -> e.effective().occurredAt()).thenComparingLong(TimelineEntry::sequence))
                    .forEach(entry -> {
                        if (entry.effective() instanceof ReferralResolved resolved) {
                            resolutions.put(resolved.referralId(), resolved); // the last in time, as the fold
                        }
                    });
            for (String referral : referralsMade(journey)) {
                json.writeStartObject();
                json.writeStringField("id", referralId(journey, referral));
                json.writeStringField("type", "referral");
                json.writeArrayFieldStart("attributes");
                ReferralResolved resolved = resolutions.get(referral);
                if (resolved != null) {
                    OcelJson.attribute(json, "outcome", resolved.outcome().name(), resolved.occurredAt());
                }
                json.writeEndArray();
                json.writeArrayFieldStart("relationships");
                OcelJson.relationship(json, journey.personId(), "for");
                json.writeEndArray();
                json.writeEndObject();
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Set<String> referralsMade(Journey journey) {
        Set<String> made = new TreeSet<>();
        for (TimelineEntry entry : journey.timeline()) {
            if (counted(entry) && entry.effective() instanceof ReferralMade referral) {
                made.add(referral.referralId());
            }
        }
        return made;
    }

    private static boolean counted(TimelineEntry entry) {
        return entry.status() == TimelineEntry.Status.ACTIVE || entry.status() == TimelineEntry.Status.CORRECTED;
    }

    private static String episodeId(Journey journey, int number) {
        return journey.personId() + "/episode-" + number;
    }

    private static String referralId(Journey journey, String referralId) {
        return journey.personId() + "/" + referralId;
    }

}
