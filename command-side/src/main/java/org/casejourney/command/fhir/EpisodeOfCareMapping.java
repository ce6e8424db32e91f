package org.casejourney.command.fhir;

import org.hl7.fhir.r4.model.EpisodeOfCare;
import org.hl7.fhir.r4.model.OperationOutcome.IssueType;

/** EpisodeOfCare → CaseClosed (docs/fhir.md): a finished episode, and why it closed. */
final class EpisodeOfCareMapping {

    private EpisodeOfCareMapping() {
    }

    static FhirBundleIn.Mapped map(EntryEvent e, EpisodeOfCare r) {
        if (r.getStatus() != EpisodeOfCare.EpisodeOfCareStatus.FINISHED) {
            e.issue(IssueType.NOTSUPPORTED, e.at() + ".status",
                    Elements.statusMessage(r.hasStatus() ? r.getStatus().toCode() : null, "finished (a case closed)"));
        }
        EventIdentity.start(e, "CaseClosed", r, "EpisodeOfCare", r.getIdentifier(), r.getPatient(), ".patient");
        if (!r.getPeriod().hasEnd()) {
            e.issue(IssueType.REQUIRED, e.at() + ".period.end", "a finished EpisodeOfCare says when it ended in period.end");
        } else {
            e.put("occurredAt", Elements.instant(e, r.getPeriod().getEndElement(), ".period.end"), ".period.end");
        }
        Elements.service(e, r, Elements.firstCode(r.getType()), ".type");
        e.put("organisation", e.name(r.getManagingOrganization()), ".managingOrganization");
        if (!r.getTeam().isEmpty()) {
            e.put("team", e.name(r.getTeamFirstRep()), ".team[0]");
        }
        e.put("practitioner", e.name(r.getCareManager()), ".careManager");
        String outcome = Elements.codeFrom(e, r, "case-outcome");
        if (outcome == null) {
            e.issue(IssueType.REQUIRED, e.at() + Elements.extensionPath("case-outcome"),
                    "why the case closed is required, in the extension " + FhirR4.EXTENSION + "case-outcome (valueCode: NEEDS_MET, NO_FURTHER_ACTION, "
                            + "TRANSFERRED_OUT, PERSON_DECLINED, PERSON_DIED or OTHER)");
        }
        e.put("outcome", outcome, Elements.extensionPath("case-outcome"));
        return e.done();
    }
}
