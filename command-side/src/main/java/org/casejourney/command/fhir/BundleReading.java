package org.casejourney.command.fhir;

import org.casejourney.command.ingestion.EventIntake;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.Encounter;
import org.hl7.fhir.r4.model.EpisodeOfCare;
import org.hl7.fhir.r4.model.OperationOutcome.IssueType;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.Resource;
import org.hl7.fhir.r4.model.ServiceRequest;
import org.hl7.fhir.r4.model.Task;

import java.util.ArrayList;
import java.util.List;

/** Reading one Bundle's entries: each to the mapping of its resource kind, every issue collected before any is answered. */
final class BundleReading {

    private final BundleIndex entries;
    private final EventIntake intake;
    private final String personIdentifierSystem;
    private final Issues issues = new Issues();

    BundleReading(BundleIndex entries, EventIntake intake, String personIdentifierSystem) {
        this.entries = entries;
        this.intake = intake;
        this.personIdentifierSystem = personIdentifierSystem;
    }

    BundleIndex entries() {
        return entries;
    }

    EventIntake intake() {
        return intake;
    }

    String personIdentifierSystem() {
        return personIdentifierSystem;
    }

    Issues issues() {
        return issues;
    }

    List<FhirBundleIn.Mapped> mapAll() {
        List<FhirBundleIn.Mapped> mapped = new ArrayList<>();
        for (int i = 0; i < entries.bundle().getEntry().size(); i++) {
            int before = issues.count();
            FhirBundleIn.Mapped m = map(i, entries.bundle().getEntry().get(i));
            if (issues.count() == before) {
                mapped.add(m);
            }
        }
        issues.throwIfAny();
        return mapped;
    }

    private FhirBundleIn.Mapped map(int i, Bundle.BundleEntryComponent entry) {
        String at = "Bundle.entry[" + i + "]";
        if (entry.hasRequest() && entry.getRequest().getMethod() != Bundle.HTTPVerb.POST && entry.getRequest().getMethod() != Bundle.HTTPVerb.PUT) {
            issues.error(IssueType.NOTSUPPORTED, at + ".request.method", "only POST and PUT entries are taken (each records what happened); this one is "
                    + (entry.getRequest().hasMethod() ? entry.getRequest().getMethod().toCode() : "absent"));
            return null;
        }
        if (!entry.hasResource()) {
            issues.error(IssueType.REQUIRED, at + ".resource", "the entry has no resource");
            return null;
        }
        Resource resource = entry.getResource();
        EntryEvent e = new EntryEvent(this, i, at + ".resource");
        if (resource instanceof Patient) {
            return new FhirBundleIn.Mapped(i, "Patient", null, null);
        }
        if (resource instanceof Encounter encounter) {
            return EncounterMapping.map(e, encounter);
        }
        if (resource instanceof ServiceRequest request) {
            return ServiceRequestMapping.map(e, request);
        }
        if (resource instanceof Task task) {
            return TaskMapping.map(e, task);
        }
        if (resource instanceof EpisodeOfCare episode) {
            return EpisodeOfCareMapping.map(e, episode);
        }
        issues.error(IssueType.NOTSUPPORTED, at + ".resource", resource.fhirType()
                + " is not mapped to an event; the mapped resources are Encounter, ServiceRequest, Task and EpisodeOfCare (and Patient, to name the person)");
        return null;
    }
}
