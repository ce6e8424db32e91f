package org.casejourney.command.fhir;

import ca.uhn.fhir.parser.DataFormatException;
import com.fasterxml.jackson.databind.JsonNode;
import org.casejourney.command.ingestion.EventIntake;
import org.casejourney.command.platform.CaseJourneyProperties;
import org.casejourney.events.PersonEvent;
import org.casejourney.platform.problems.ApiProblem;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.OperationOutcome.IssueType;
import org.springframework.stereotype.Component;

import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * Reads a FHIR R4 {@code transaction} or {@code batch} Bundle into the documented events, entry by
 * entry, following the table in docs/fhir.md. Every entry is mapped and checked (by HAPI's R4
 * parser, the mapping, and then the same checks as a plain event) before any is recorded: what
 * cannot be mapped is an {@link Unmappable} listing every issue, each naming the element as a
 * FHIRPath expression such as {@code Bundle.entry[2].resource.period.start}. The Bundle as a whole
 * is checked here; its entries by {@link BundleReading}.
 */
@Component
class FhirBundleIn {

    /** One entry of the Bundle: the event it means, or (for a Patient) none. */
    record Mapped(int index, String resourceType, String personId, PersonEvent event) {
    }

    record Mapping(Bundle.BundleType type, List<Mapped> entries) {
    }

    /** The Bundle, or an entry of it, cannot be mapped: 422 with these issues. */
    static final class Unmappable extends RuntimeException {
        private final transient List<Issue> issues;

        Unmappable(List<Issue> issues) {
            super(issues.isEmpty() ? "unmappable" : issues.get(0).diagnostics(), null, false, false);
            this.issues = List.copyOf(issues);
        }

        List<Issue> issues() {
            return issues;
        }
    }

    /** The Bundle is not JSON, or not the JSON form of a FHIR resource at all: 400. */
    static final class Malformed extends RuntimeException {
        Malformed(String message) {
            super(message, null, false, false);
        }
    }

    private final EventIntake intake;
    private final String personIdentifierSystem;
    private final int maxEntries;

    FhirBundleIn(EventIntake intake, CaseJourneyProperties properties) {
        this.intake = intake;
        this.personIdentifierSystem = properties.fhir().personIdentifierSystem();
        this.maxEntries = properties.ingestion().batchMaxEvents();
    }

    String personIdentifierSystem() {
        return personIdentifierSystem;
    }

    Mapping read(byte[] body) {
        JsonNode tree;
        try {
            tree = intake.readTree(body);
        } catch (ApiProblem problem) {
            throw new Malformed(problem.getMessage());
        }
        if (!tree.isObject()) {
            throw new Malformed("A Bundle is a JSON object with \"resourceType\": \"Bundle\".");
        }
        if (!"Bundle".equals(tree.path("resourceType").asText(null))) {
            throw unmappable(IssueType.NOTSUPPORTED, "resourceType",
                    "resourceType is '" + tree.path("resourceType").asText("(absent)") + "'; this endpoint takes a Bundle of type transaction or batch");
        }
        Bundle bundle = parse(body);
        if (bundle.getType() != Bundle.BundleType.TRANSACTION && bundle.getType() != Bundle.BundleType.BATCH) {
            throw unmappable(bundle.hasType() ? IssueType.NOTSUPPORTED : IssueType.REQUIRED, "Bundle.type",
                    "Bundle.type is " + (bundle.hasType() ? "'" + bundle.getType().toCode() + "'" : "absent") + "; it must be transaction or batch");
        }
        if (bundle.getEntry().isEmpty() || bundle.getEntry().size() > maxEntries) {
            throw unmappable(bundle.getEntry().isEmpty() ? IssueType.REQUIRED : IssueType.TOOCOSTLY, "Bundle.entry",
                    "A Bundle holds 1 to " + maxEntries + " entries; this one holds " + bundle.getEntry().size());
        }
        return new Mapping(bundle.getType(), new BundleReading(new BundleIndex(bundle, tree.path("entry")), intake, personIdentifierSystem).mapAll());
    }

    private static Bundle parse(byte[] body) {
        try {
            return FhirR4.strictParser().parseResource(Bundle.class, new String(body, StandardCharsets.UTF_8).replaceFirst("^\uFEFF", ""));
        } catch (DataFormatException e) {
            throw unmappable(IssueType.STRUCTURE, "Bundle",
                    "Not a valid FHIR R4 Bundle: " + String.valueOf(e.getMessage()).replaceFirst("^HAPI-\\d+: ", ""));
        }
    }

    private static Unmappable unmappable(IssueType type, String expression, String diagnostics) {
        return new Unmappable(List.of(Issue.error(type, expression, diagnostics)));
    }
}
