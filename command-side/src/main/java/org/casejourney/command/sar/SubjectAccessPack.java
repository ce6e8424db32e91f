package org.casejourney.command.sar;

import org.casejourney.events.AssessmentCompleted;
import org.casejourney.events.CaseClosed;
import org.casejourney.events.ContactRecorded;
import org.casejourney.events.EventCorrected;
import org.casejourney.events.EventRetracted;
import org.casejourney.events.HandoffMade;
import org.casejourney.events.PersonEvent;
import org.casejourney.events.PersonalDataErased;
import org.casejourney.events.RecordedEvent;
import org.casejourney.events.ReferralMade;
import org.casejourney.events.ReferralResolved;
import org.casejourney.events.SupportDelivered;
import org.casejourney.events.journey.Journey;
import org.casejourney.events.journey.JourneyFold;
import org.casejourney.events.journey.TimelineEntry;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.stream.Stream;

/**
 * A person's whole story for a subject access request: every recorded fact in the order it
 * happened, told in a sentence, with the corrections and retractions that amended it beside it,
 * and every practitioner named so a reviewer can redact third parties.
 */
record SubjectAccessPack(String personId, Instant generatedAt, Summary summary, List<Entry> entries, List<String> thirdParties) {

    record Summary(int eventsRecorded, int contacts, int failureContacts, int episodes, boolean open, Instant firstContact,
                   Instant lastActivity, double totalHours) {
    }

    /** One recorded fact; {@code amendments} are the corrections or retraction that later changed it. */
    record Entry(Instant occurredAt, Instant recordedAt, String recordedBy, long sequence, String eventId, String type,
                 String status, String sentence, List<String> practitioners, PersonEvent asRecorded, PersonEvent asCorrected,
                 List<Amendment> amendments) {
    }

    record Amendment(String eventId, String type, Instant recordedAt, String recordedBy, String reason, Map<String, Object> changes) {
    }

    static SubjectAccessPack of(String personId, List<RecordedEvent> recorded, Instant now) {
        Journey journey = JourneyFold.fold(personId, recorded, now);
        Map<String, RecordedEvent> byId = new java.util.HashMap<>();
        recorded.forEach(r -> byId.put(r.event().eventId(), r));
        List<TimelineEntry> amendments = journey.timeline().stream().filter(e -> e.status() == TimelineEntry.Status.AMENDMENT).toList();
        List<Entry> entries = new ArrayList<>();
        Set<String> thirdParties = new LinkedHashSet<>();
        for (TimelineEntry fact : journey.timeline()) {
            if (fact.status() == TimelineEntry.Status.AMENDMENT) {
                continue;
            }
            List<Amendment> changes = amendments.stream().filter(a -> targets(a.event(), fact.eventId()))
                    .map(a -> amendment(a, byId.get(a.eventId()))).toList();
            List<String> practitioners = practitioners(fact.effective());
            thirdParties.addAll(practitioners);
            entries.add(new Entry(fact.occurredAt(), fact.recordedAt(), fact.recordedBy(), fact.sequence(), fact.eventId(), fact.type(),
                    fact.status().name(), sentence(fact.effective()), practitioners, fact.event(),
                    fact.status() == TimelineEntry.Status.CORRECTED ? fact.effective() : null, changes));
        }
        entries.sort(Comparator.comparing(Entry::occurredAt).thenComparingLong(Entry::sequence));
        Summary summary = new Summary(journey.eventsRecorded(), journey.contacts().total(), journey.contacts().failure(),
                journey.episodes().size(), journey.open(), journey.firstContact(), journey.lastActivity(), journey.totalHours());
        return new SubjectAccessPack(personId, now, summary, entries, List.copyOf(thirdParties));
    }

    private static boolean targets(PersonEvent amendment, String eventId) {
        return amendment instanceof EventCorrected c && c.correctsEventId().equals(eventId)
                || amendment instanceof EventRetracted r && r.correctsEventId().equals(eventId);
    }

    private static Amendment amendment(TimelineEntry entry, RecordedEvent recorded) {
        PersonEvent event = entry.event();
        if (event instanceof EventCorrected c) {
            return new Amendment(c.eventId(), c.type(), recorded.recordedAt(), recorded.recordedBy(), c.reason(), c.changes());
        }
        EventRetracted r = (EventRetracted) event;
        return new Amendment(r.eventId(), r.type(), recorded.recordedAt(), recorded.recordedBy(), r.reason(), null);
    }

    static List<String> practitioners(PersonEvent event) {
        Stream<String> named = Stream.of(event.practitioner());
        if (event instanceof HandoffMade h) {
            named = Stream.concat(named, Stream.of(h.fromPractitioner(), h.toPractitioner()));
        }
        return named.filter(Objects::nonNull).filter(p -> !p.isBlank()).distinct().toList();
    }

    /** A plain-language account of the fact; free text is quoted, never interpreted. */
    static String sentence(PersonEvent event) {
        String where = event.service() + (event.team() == null ? "" : " (" + event.team() + ")");
        if (event instanceof ContactRecorded c) {
            return "Contacted " + where + " by " + words(c.channel().name())
                    + (c.demandType().name().equals("FAILURE") ? ": failure demand, " + words(c.failureCategory()) : ": value demand")
                    + (c.whatMatters() == null ? "" : ". What mattered: \u201c" + c.whatMatters() + "\u201d")
                    + minutes(c.durationMinutes()) + ".";
        } else if (event instanceof ReferralMade r) {
            return "Referred from " + Objects.requireNonNullElse(r.fromTeam(), event.service()) + " to " + r.toTeam()
                    + (r.reason() == null ? "" : ", because \u201c" + r.reason() + "\u201d") + " (referral " + r.referralId() + ").";
        } else if (event instanceof ReferralResolved r) {
            return "Referral " + r.referralId() + " " + words(r.outcome().name()) + " by " + where + ".";
        } else if (event instanceof AssessmentCompleted a) {
            return "Assessment (" + a.assessmentType() + ") completed by " + where
                    + (a.outcome() == null ? "" : ", outcome " + a.outcome()) + minutes(a.durationMinutes()) + ".";
        } else if (event instanceof SupportDelivered s) {
            return "Support (" + s.activity() + ") delivered by " + where + minutes(s.durationMinutes()) + ".";
        } else if (event instanceof HandoffMade h) {
            return "Handed over from " + Objects.requireNonNullElse(h.fromTeam(), "?") + " to "
                    + Objects.requireNonNullElse(h.toTeam(), Objects.requireNonNullElse(h.toPractitioner(), "?"))
                    + (h.reason() == null ? "" : ", because \u201c" + h.reason() + "\u201d") + ".";
        } else if (event instanceof CaseClosed c) {
            return "Case closed by " + where + ": " + words(c.outcome().name()) + ".";
        } else if (event instanceof PersonalDataErased e) {
            return "Personal details (what mattered, reasons given) were erased on request (" + e.reason()
                    + "); what was written before this can no longer be read.";
        }
        return event.type() + ".";
    }

    private static String minutes(Integer minutes) {
        return minutes == null ? "" : ", " + minutes + " minutes";
    }

    private static String words(String code) {
        return code == null ? "" : code.toLowerCase(java.util.Locale.ROOT).replace('_', ' ');
    }
}
