package org.casejourney.query.cohorts;

import com.fasterxml.jackson.core.JsonGenerator;
import org.casejourney.events.EventJson;
import org.casejourney.events.HandoffMade;
import org.casejourney.events.PersonEvent;
import org.casejourney.events.ReferralMade;
import org.casejourney.events.ReferralResolved;
import org.casejourney.events.journey.Journey;
import org.casejourney.events.journey.TimelineEntry;
import org.casejourney.query.platform.QuerySideProperties;
import org.springframework.stereotype.Component;

import javax.sql.DataSource;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.time.Instant;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * A cohort's journeys as an OCEL 2.0 object-centric event log (JSON), for process-mining tools: every counted event
 * (corrections applied, retractions left out) related to its person, episode, team, practitioners and referral; the
 * objects with their attributes. Written as it is read: the people's stored events stream through twice (events, then
 * objects), one person's fold in memory at a time, whatever the cohort's size. Attribute values are strings, as the
 * published schema requires, each written as its declared type's text (an integer's digits, true/false, an ISO instant).
 */
@Component
class CohortOcel {

    private final CohortJourneys journeys;
    private final Clock clock;

    CohortOcel(DataSource dataSource, Clock clock, QuerySideProperties properties) {
        this.journeys = new CohortJourneys(dataSource, properties);
        this.clock = clock;
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
        journeys.each(filter, asOf, journey -> events(json, journey, teams, practitioners));
        json.writeEndArray();
        json.writeArrayFieldStart("objects");
        journeys.each(filter, asOf, journey -> objects(json, journey));
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

    private static void events(JsonGenerator json, Journey journey, Set<String> teams, Set<String> practitioners) {
        Set<String> made = referralsMade(journey);
        try {
            for (TimelineEntry entry : journey.timeline()) {
                if (!CohortJourneys.counted(entry)) {
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
        for (EventAttributes.Attribute attribute : EventAttributes.of(event)) {
            OcelJson.attribute(json, attribute.name(), attribute.value().toString(), null);
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
            journey.timeline().stream().filter(CohortJourneys::counted)
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
            if (CohortJourneys.counted(entry) && entry.effective() instanceof ReferralMade referral) {
                made.add(referral.referralId());
            }
        }
        return made;
    }

    private static String episodeId(Journey journey, int number) {
        return journey.personId() + "/episode-" + number;
    }

    private static String referralId(Journey journey, String referralId) {
        return journey.personId() + "/" + referralId;
    }

}
