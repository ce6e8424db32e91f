package org.casejourney.command.fhir;

import org.hl7.fhir.r4.model.Identifier;
import org.hl7.fhir.r4.model.InstantType;
import org.hl7.fhir.r4.model.OperationOutcome.IssueType;
import org.hl7.fhir.r4.model.ServiceRequest;
import org.hl7.fhir.r4.model.ServiceRequest.ServiceRequestStatus;

import static org.casejourney.command.fhir.Elements.codeFrom;
import static org.casejourney.command.fhir.Elements.extensionPath;

/** ServiceRequest → ReferralMade (active) or ReferralResolved (completed, revoked, entered-in-error), docs/fhir.md. */
final class ServiceRequestMapping {

    private ServiceRequestMapping() {
    }

    static FhirBundleIn.Mapped map(EntryEvent e, ServiceRequest r) {
        ServiceRequestStatus status = r.getStatus();
        String type = status == ServiceRequestStatus.ACTIVE ? "ReferralMade"
                : status == ServiceRequestStatus.COMPLETED || status == ServiceRequestStatus.REVOKED
                || status == ServiceRequestStatus.ENTEREDINERROR ? "ReferralResolved" : null;
        if (type == null) {
            e.issue(IssueType.NOTSUPPORTED, e.at() + ".status", Elements.statusMessage(r.hasStatus() ? status.toCode() : null,
                    "active (a referral made) or completed, revoked or entered-in-error (a referral resolved)"));
            type = "ReferralMade";
        }
        EventIdentity.start(e, type, r, "ServiceRequest", r.getIdentifier(), r.getSubject(), ".subject");
        Identifier id = Elements.firstIdentifier(r.getIdentifier());
        if (id == null) {
            e.issue(IssueType.REQUIRED, e.at() + ".identifier", "a ServiceRequest needs an identifier: its value is the referralId that its resolution names");
        } else {
            e.put("referralId", id.getValue(), ".identifier[" + r.getIdentifier().indexOf(id) + "].value");
        }
        Elements.service(e, r, Elements.firstCode(r.getCategory()), ".category");
        BundleIndex.Named requester = e.named(r.getRequester());
        if (type.equals("ReferralMade")) {
            made(e, r, requester);
        } else {
            resolved(e, r, requester);
        }
        return e.done();
    }

    private static void made(EntryEvent e, ServiceRequest r, BundleIndex.Named requester) {
        e.put("occurredAt", Elements.instant(e, r.getAuthoredOnElement(), ".authoredOn"), ".authoredOn");
        if (requester != null && requester.isOrganisation()) {
            e.put("fromOrganisation", requester.name(), ".requester");
        } else if (requester != null && requester.isTeam()) {
            e.put("fromTeam", requester.name(), ".requester");
        } else if (requester != null) {
            e.put("practitioner", requester.name(), ".requester");
        }
        e.put("fromTeam", Elements.stringFrom(e, r, "from-team"), extensionPath("from-team"));
        performers(e, r);
        if (!r.getReasonCode().isEmpty() && r.getReasonCodeFirstRep().hasText()) {
            e.put("reason", r.getReasonCodeFirstRep().getText(), ".reasonCode[0].text");
        }
    }

    /** The team asked to act (the first team, else the first other performer, else the organisation) and its organisation. */
    private static void performers(EntryEvent e, ServiceRequest r) {
        int team = -1;
        int organisation = -1;
        int other = -1;
        for (int k = 0; k < r.getPerformer().size(); k++) {
            BundleIndex.Named performer = e.named(r.getPerformer().get(k));
            if (performer == null) {
                continue;
            }
            if (performer.isOrganisation()) {
                organisation = organisation < 0 ? k : organisation;
            } else if (performer.isTeam()) {
                team = team < 0 ? k : team;
            } else {
                other = other < 0 ? k : other;
            }
        }
        team = team >= 0 ? team : other >= 0 ? other : organisation;
        if (team < 0) {
            e.issue(IssueType.REQUIRED, e.at() + ".performer", "a referral needs a performer: the team (CareTeam or HealthcareService) asked to act");
        } else {
            e.put("toTeam", e.name(r.getPerformer().get(team)), ".performer[" + team + "]");
        }
        if (organisation >= 0) {
            e.put("toOrganisation", e.name(r.getPerformer().get(organisation)), ".performer[" + organisation + "]");
        }
    }

    private static void resolved(EntryEvent e, ServiceRequest r, BundleIndex.Named requester) {
        InstantType updated = r.getMeta().getLastUpdatedElement();
        if (updated == null || updated.isEmpty()) {
            e.issue(IssueType.REQUIRED, e.at() + ".meta.lastUpdated", "a resolved ServiceRequest says when it was resolved in meta.lastUpdated");
        } else {
            e.put("occurredAt", Elements.instant(e, updated, ".meta.lastUpdated"), ".meta.lastUpdated");
        }
        if (requester != null && !requester.isOrganisation() && !requester.isTeam()) {
            e.put("practitioner", requester.name(), ".requester");
        }
        String outcome = codeFrom(e, r, "referral-outcome");
        if (outcome == null) {
            outcome = r.getStatus() == ServiceRequestStatus.COMPLETED ? "ACCEPTED" : "WITHDRAWN";
            e.put("outcome", outcome, ".status");
        } else {
            e.put("outcome", outcome, extensionPath("referral-outcome"));
        }
    }
}
