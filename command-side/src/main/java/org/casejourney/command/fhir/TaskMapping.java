package org.casejourney.command.fhir;

import org.hl7.fhir.r4.model.OperationOutcome.IssueType;
import org.hl7.fhir.r4.model.Task;

/** Task → HandoffMade (docs/fhir.md): a completed handover of work from the requester to the owner. */
final class TaskMapping {

    private TaskMapping() {
    }

    static FhirBundleIn.Mapped map(EntryEvent e, Task r) {
        if (r.getStatus() != Task.TaskStatus.COMPLETED) {
            e.issue(IssueType.NOTSUPPORTED, e.at() + ".status", Elements.statusMessage(r.hasStatus() ? r.getStatus().toCode() : null,
                    "completed (a handoff that happened)"));
        }
        EventIdentity.start(e, "HandoffMade", r, "Task", r.getIdentifier(), r.getFor(), ".for");
        if (r.getExecutionPeriod().hasEnd()) {
            e.put("occurredAt", Elements.instant(e, r.getExecutionPeriod().getEndElement(), ".executionPeriod.end"), ".executionPeriod.end");
        } else if (r.hasLastModified()) {
            e.put("occurredAt", Elements.instant(e, r.getLastModifiedElement(), ".lastModified"), ".lastModified");
        } else {
            e.issue(IssueType.REQUIRED, e.at() + ".executionPeriod.end", "a completed Task says when in executionPeriod.end or lastModified");
        }
        Elements.service(e, r, null, null);
        party(e, e.named(r.getRequester()), "from", ".requester");
        e.put("fromTeam", Elements.stringFrom(e, r, "from-team"), Elements.extensionPath("from-team"));
        party(e, e.named(r.getOwner()), "to", ".owner");
        if (r.getReasonCode().hasText()) {
            e.put("reason", r.getReasonCode().getText(), ".reasonCode.text");
        } else if (r.hasDescription()) {
            e.put("reason", r.getDescription(), ".description");
        }
        return e.done();
    }

    /** A handoff's side: a team, an organisation or a practitioner. */
    private static void party(EntryEvent e, BundleIndex.Named named, String side, String path) {
        if (named == null) {
            return;
        }
        String field = named.isOrganisation() ? side + "Organisation" : named.isTeam() ? side + "Team" : side + "Practitioner";
        e.put(field, named.name(), path);
    }
}
