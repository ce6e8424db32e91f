package org.casejourney.command.fhir;

import org.casejourney.events.CaseClosed;
import org.casejourney.events.ContactRecorded;
import org.casejourney.events.HandoffMade;
import org.casejourney.events.PersonEvent;
import org.casejourney.events.RecordedEvent;
import org.casejourney.events.ReferralMade;
import org.casejourney.events.ReferralResolved;
import org.casejourney.events.journey.Journey;
import org.casejourney.events.journey.JourneyFold;
import org.casejourney.events.journey.TimelineEntry;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.EpisodeOfCare;
import org.hl7.fhir.r4.model.Identifier;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.Reference;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A person's journey as a FHIR R4 {@code collection} Bundle (docs/fhir.md, "FHIR out"): the Patient,
 * an EpisodeOfCare per episode of the shared fold, and an Encounter per contact, a ServiceRequest per
 * referral and a Task per handoff, each as the effective journey shows it: corrections applied,
 * retracted events and the amendments themselves left out.
 */
final class JourneyOut {

    private final String personId;
    private final String personSystem;
    private final Bundle bundle = new Bundle();
    private final Reference patient;

    private JourneyOut(String personId, String personSystem) {
        this.personId = personId;
        this.personSystem = personSystem;
        this.patient = new Reference(OutElements.fullUrl(personId + "|Patient"));
    }

    /** The Bundle of {@code events} (revealed as the replay shows them to auditors) as they stood at {@code at}. */
    static Bundle of(String personId, String personSystem, List<RecordedEvent> events, Instant at) {
        return new JourneyOut(personId, personSystem).build(JourneyFold.fold(personId, events, at), at);
    }

    private Bundle build(Journey journey, Instant at) {
        bundle.setType(Bundle.BundleType.COLLECTION).setTimestampElement(OutElements.instant(at));
        Patient p = new Patient();
        p.addIdentifier(new Identifier().setSystem(personSystem).setValue(personId));
        OutElements.add(bundle, personId + "|Patient", p);
        List<TimelineEntry> counted = journey.timeline().stream()
                .filter(e -> e.status() == TimelineEntry.Status.ACTIVE || e.status() == TimelineEntry.Status.CORRECTED).toList();
        for (Journey.Episode episode : journey.episodes()) {
            OutElements.add(bundle, episodeKey(episode.number()), episode(episode, counted));
        }
        Map<String, ReferralResolved> resolutions = resolutions(counted);
        EventsOut out = new EventsOut(patient);
        for (TimelineEntry entry : counted) {
            PersonEvent event = entry.effective();
            if (event instanceof ContactRecorded contact) {
                Reference episode = entry.episode() == null ? null : new Reference(OutElements.fullUrl(episodeKey(entry.episode())));
                OutElements.add(bundle, personId + "|" + event.eventId(), out.encounter(contact, episode));
            } else if (event instanceof ReferralMade made) {
                OutElements.add(bundle, personId + "|" + event.eventId(), out.serviceRequest(made, resolutions.get(made.referralId())));
            } else if (event instanceof HandoffMade handoff) {
                OutElements.add(bundle, personId + "|" + event.eventId(), out.task(handoff));
            }
        }
        return bundle;
    }

    private String episodeKey(int number) {
        return personId + "|EpisodeOfCare|" + number;
    }

    /** Each referral's resolution that counts, the latest in time when there are several (as the fold takes it). */
    private static Map<String, ReferralResolved> resolutions(List<TimelineEntry> counted) {
        Map<String, ReferralResolved> resolutions = new HashMap<>();
        for (TimelineEntry entry : counted) {
            if (entry.effective() instanceof ReferralResolved r) {
                resolutions.merge(r.referralId(), r, (a, b) -> b.occurredAt().isBefore(a.occurredAt()) ? a : b);
            }
        }
        return resolutions;
    }

    private EpisodeOfCare episode(Journey.Episode episode, List<TimelineEntry> counted) {
        EpisodeOfCare r = new EpisodeOfCare();
        r.addIdentifier(OutElements.identifier("episode", personId + ":episode:" + episode.number()));
        r.setStatus(episode.closedAt() == null ? EpisodeOfCare.EpisodeOfCareStatus.ACTIVE : EpisodeOfCare.EpisodeOfCareStatus.FINISHED);
        r.setPatient(patient);
        r.getPeriod().setStartElement(OutElements.dateTime(episode.openedAt()));
        if (episode.closedAt() != null) {
            r.getPeriod().setEndElement(OutElements.dateTime(episode.closedAt()));
        }
        episode.services().forEach(s -> r.addType(OutElements.service(s)));
        episode.teams().forEach(t -> r.addTeam(OutElements.team(t)));
        String organisation = null;
        String practitioner = null;
        for (TimelineEntry entry : inEpisode(counted, episode.number())) {
            PersonEvent event = entry.effective();
            organisation = event.organisation() != null ? event.organisation() : organisation;
            practitioner = event.practitioner() != null ? event.practitioner() : practitioner;
            if (event instanceof CaseClosed) {
                r.addIdentifier(OutElements.eventId(event.eventId()));
            }
        }
        r.setManagingOrganization(OutElements.organisation(organisation));
        r.setCareManager(OutElements.practitioner(practitioner));
        OutElements.codeExtension(r, "case-outcome", episode.outcome());
        return r;
    }

    /** The episode's events in the order the fold counted them (in time), so the last named organisation is the latest. */
    private static List<TimelineEntry> inEpisode(List<TimelineEntry> counted, int number) {
        List<TimelineEntry> in = new ArrayList<>();
        for (TimelineEntry entry : counted) {
            if (entry.episode() != null && entry.episode() == number) {
                in.add(entry);
            }
        }
        in.sort(java.util.Comparator.comparing((TimelineEntry e) -> e.effective().occurredAt()).thenComparingLong(TimelineEntry::sequence));
        return in;
    }
}
