package org.casejourney.command.fhir;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.casejourney.platform.problems.ApiProblem;
import org.hl7.fhir.r4.model.OperationOutcome.IssueType;
import org.hl7.fhir.r4.model.Reference;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One entry's mapping under way: the event's JSON, and for each event field the element it came
 * from, so that a problem the event's own checks find is named by that element.
 */
final class EntryEvent {

    private final BundleReading reading;
    private final int index;
    private final String at;
    private final ObjectNode event = JsonNodeFactory.instance.objectNode();
    private final Map<String, String> origin = new LinkedHashMap<>();
    private final int issuesBefore;

    EntryEvent(BundleReading reading, int index, String at) {
        this.reading = reading;
        this.index = index;
        this.at = at;
        this.issuesBefore = reading.issues().count();
    }

    BundleReading reading() {
        return reading;
    }

    int index() {
        return index;
    }

    /** The FHIRPath of the entry's resource, such as {@code Bundle.entry[2].resource}. */
    String at() {
        return at;
    }

    void issue(IssueType type, String expression, String diagnostics) {
        reading.issues().error(type, expression, diagnostics);
    }

    /** A field of the event and the element (a path below the resource) it came from; nothing when the value is null. */
    void put(String field, Object value, String path) {
        if (value == null) {
            return;
        }
        if (value instanceof Integer n) {
            event.put(field, n);
        } else {
            event.put(field, value.toString());
        }
        origin.put(field, at + path);
    }

    /** A field set as is, null included. */
    void set(String field, String value) {
        event.put(field, value);
    }

    void origin(String field, String expression) {
        origin.put(field, expression);
    }

    String origin(String field) {
        return origin.get(field);
    }

    BundleIndex.Named named(Reference ref) {
        return reading.entries().named(ref);
    }

    String name(Reference ref) {
        return reading.entries().name(ref);
    }

    /** The event checked as a plain one would be; each of its problems named by the element it came from. */
    FhirBundleIn.Mapped done() {
        String personId = event.path("personId").asText(null);
        event.remove("personId");
        if (reading.issues().count() > issuesBefore) {
            return null;
        }
        try {
            return new FhirBundleIn.Mapped(index, reading.entries().resource(index).fhirType(), personId, reading.intake().parse(event));
        } catch (ApiProblem problem) {
            if (problem.errors().isEmpty()) {
                issue(IssueType.INVALID, at, problem.getMessage());
            }
            for (ApiProblem.FieldError error : problem.errors()) {
                String field = error.field().replaceAll("\\[\\d+]$", "");
                issue(IssueType.INVALID, origin.getOrDefault(field, at),
                        event.path("type").asText() + "." + error.field() + " " + error.message());
            }
            return null;
        }
    }
}
