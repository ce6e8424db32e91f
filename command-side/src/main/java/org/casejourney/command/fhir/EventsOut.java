package org.casejourney.command.fhir;

import org.casejourney.events.Channel;
import org.casejourney.events.ContactRecorded;
import org.casejourney.events.HandoffMade;
import org.casejourney.events.ReferralMade;
import org.casejourney.events.ReferralOutcome;
import org.casejourney.events.ReferralResolved;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.Duration;
import org.hl7.fhir.r4.model.Encounter;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.ServiceRequest;
import org.hl7.fhir.r4.model.ServiceRequest.ServiceRequestStatus;
import org.hl7.fhir.r4.model.Task;

/**
 * One event of the journey as the FHIR resource FHIR in maps to it, written back (docs/fhir.md,
 * "FHIR out"): a contact as an Encounter, a referral (made, and resolved when it was) as a
 * ServiceRequest, a handoff as a Task. Every resource carries its event's eventId as an identifier.
 */
final class EventsOut {

    private static final String UCUM = "http://unitsofmeasure.org";

    private final Reference patient;

    EventsOut(Reference patient) {
        this.patient = patient;
    }

    Encounter encounter(ContactRecorded c, Reference episode) {
        Encounter r = new Encounter();
        r.addIdentifier(OutElements.eventId(c.eventId()));
        r.setStatus(Encounter.EncounterStatus.FINISHED);
        r.setClass_(contactClass(c.channel()));
        if (c.channel() != Channel.FACE_TO_FACE && c.channel() != Channel.HOME_VISIT && c.channel() != Channel.PHONE) {
            // VR alone reads back as PHONE: the extension keeps ONLINE, EMAIL or LETTER
            OutElements.codeExtension(r, "contact-channel", c.channel().name());
        }
        r.setServiceType(OutElements.service(c.service()));
        r.setSubject(patient);
        if (episode != null) {
            r.addEpisodeOfCare(episode);
        }
        r.getPeriod().setStartElement(OutElements.dateTime(c.occurredAt()));
        if (c.durationMinutes() != null) {
            r.setLength((Duration) new Duration().setValue(c.durationMinutes()).setUnit("min").setSystem(UCUM).setCode("min"));
        }
        if (c.practitioner() != null) {
            r.addParticipant().setIndividual(OutElements.practitioner(c.practitioner()));
        }
        r.setServiceProvider(OutElements.organisation(c.organisation()));
        OutElements.stringExtension(r, "team", c.team());
        OutElements.codeExtension(r, "demand-type", c.demandType() == null ? null : c.demandType().name());
        OutElements.codeExtension(r, "failure-category", c.failureCategory());
        if (c.whatMatters() != null) {
            r.addReasonCode().setText(c.whatMatters());
        }
        return r;
    }

    /** The channel as Encounter.class, as FHIR in maps it backwards: AMB, HH, else VR (virtual). */
    private static Coding contactClass(Channel channel) {
        return switch (channel) {
            case FACE_TO_FACE -> OutElements.coding(EncounterMapping.V3_ACT_CODE, "AMB", "ambulatory");
            case HOME_VISIT -> OutElements.coding(EncounterMapping.V3_ACT_CODE, "HH", "home health");
            default -> OutElements.coding(EncounterMapping.V3_ACT_CODE, "VR", "virtual");
        };
    }

    /** A referral made, with its resolution when it has one: the status says which (active, completed, revoked). */
    ServiceRequest serviceRequest(ReferralMade m, ReferralResolved resolved) {
        ServiceRequest r = new ServiceRequest();
        r.addIdentifier(OutElements.identifier("referral-id", m.referralId()));
        r.addIdentifier(OutElements.eventId(m.eventId()));
        r.setIntent(ServiceRequest.ServiceRequestIntent.ORDER);
        r.addCategory(OutElements.service(m.service()));
        r.setSubject(patient);
        r.setAuthoredOnElement(OutElements.dateTime(m.occurredAt()));
        if (m.fromOrganisation() != null) {
            r.setRequester(OutElements.organisation(m.fromOrganisation()));
        } else if (m.practitioner() != null) {
            r.setRequester(OutElements.practitioner(m.practitioner()));
        }
        OutElements.stringExtension(r, "from-team", m.fromTeam());
        OutElements.stringExtension(r, "team", m.team());
        r.addPerformer(OutElements.team(m.toTeam()));
        if (m.toOrganisation() != null) {
            r.addPerformer(OutElements.organisation(m.toOrganisation()));
        }
        if (m.reason() != null) {
            r.addReasonCode().setText(m.reason());
        }
        if (resolved == null) {
            r.setStatus(ServiceRequestStatus.ACTIVE);
            return r;
        }
        r.addIdentifier(OutElements.eventId(resolved.eventId()));
        r.setStatus(resolved.outcome() == ReferralOutcome.ACCEPTED ? ServiceRequestStatus.COMPLETED : ServiceRequestStatus.REVOKED);
        r.getMeta().setLastUpdatedElement(OutElements.instant(resolved.occurredAt()));
        OutElements.codeExtension(r, "referral-outcome", resolved.outcome().name());
        return r;
    }

    /** A handoff: from the requester (an organisation, else a practitioner; a team in from-team) to the owner. */
    Task task(HandoffMade h) {
        Task r = new Task();
        r.addIdentifier(OutElements.eventId(h.eventId()));
        r.setStatus(Task.TaskStatus.COMPLETED);
        r.setIntent(Task.TaskIntent.ORDER);
        r.setFor(patient);
        r.getExecutionPeriod().setEndElement(OutElements.dateTime(h.occurredAt()));
        OutElements.stringExtension(r, "service", h.service());
        OutElements.stringExtension(r, "team", h.team());
        if (h.fromOrganisation() != null) {
            r.setRequester(OutElements.organisation(h.fromOrganisation()));
        } else if (h.fromPractitioner() != null) {
            r.setRequester(OutElements.practitioner(h.fromPractitioner()));
        }
        OutElements.stringExtension(r, "from-team", h.fromTeam());
        if (h.toTeam() != null) {
            r.setOwner(OutElements.team(h.toTeam()));
        } else if (h.toPractitioner() != null) {
            r.setOwner(OutElements.practitioner(h.toPractitioner()));
        } else {
            r.setOwner(OutElements.organisation(h.toOrganisation()));
        }
        if (h.reason() != null) {
            r.getReasonCode().setText(h.reason());
        }
        return r;
    }
}
