package org.casejourney.command.fhir;

import org.hl7.fhir.exceptions.FHIRException;
import org.hl7.fhir.r4.model.BaseDateTimeType;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.DomainResource;
import org.hl7.fhir.r4.model.Extension;
import org.hl7.fhir.r4.model.Identifier;
import org.hl7.fhir.r4.model.OperationOutcome.IssueType;
import org.hl7.fhir.r4.model.PrimitiveType;
import org.hl7.fhir.r4.model.Resource;

import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Objects;

/**
 * The element readers every resource kind's mapping uses: codes, the casejourney extensions and
 * tags, identifiers, instants, the service; a reader that finds an element it cannot take says so
 * as an issue of the entry.
 */
final class Elements {

    private Elements() {
    }

    static String extensionPath(String name) {
        return ".extension('" + FhirR4.EXTENSION + name + "')";
    }

    static String statusMessage(String status, String expected) {
        return "status " + (status == null ? "is absent" : "'" + status + "' is not mapped") + "; expected " + expected;
    }

    /** A code from the casejourney extension, or a meta.tag of the casejourney code system of that name. */
    static String codeFrom(EntryEvent e, DomainResource r, String name) {
        String value = stringFrom(e, r, name);
        if (value != null) {
            return value;
        }
        for (Coding tag : r.getMeta().getTag()) {
            if ((FhirR4.CODE_SYSTEM + name).equals(tag.getSystem()) && tag.hasCode()) {
                e.origin(name, e.at() + ".meta.tag");
                return tag.getCode();
            }
        }
        return null;
    }

    static String stringFrom(EntryEvent e, DomainResource r, String name) {
        Extension extension = r.getExtensionByUrl(FhirR4.EXTENSION + name);
        if (extension == null) {
            return null;
        }
        if (extension.getValue() instanceof Coding coding) {
            return coding.getCode();
        }
        if (extension.getValue() instanceof PrimitiveType<?> primitive) {
            return primitive.getValueAsString();
        }
        e.issue(IssueType.VALUE, e.at() + extensionPath(name), "the extension's value must be a code, a string or a Coding");
        return null;
    }

    /** A FHIR dateTime or instant as an instant: it must carry a time and an offset (a date alone is not a moment). */
    static String instant(EntryEvent e, BaseDateTimeType value, String path) {
        if (value == null || value.isEmpty()) {
            e.issue(IssueType.REQUIRED, e.at() + path, path.substring(1) + " is required: when it happened");
            return null;
        }
        try {
            return OffsetDateTime.parse(value.getValueAsString()).toInstant().toString();
        } catch (DateTimeParseException ex) {
            e.issue(IssueType.VALUE, e.at() + path, "'" + value.getValueAsString()
                    + "' must be a dateTime with a time and an offset, such as 2026-03-02T09:30:00Z");
            return null;
        }
    }

    /** The service: the casejourney extension, else the resource's own code (none for a Task). */
    static void service(EntryEvent e, DomainResource r, String nativeCode, String nativePath) {
        String fromExtension = stringFrom(e, r, "service");
        if (fromExtension != null) {
            e.put("service", fromExtension, extensionPath("service"));
        } else if (nativeCode != null) {
            e.put("service", nativeCode, nativePath);
        } else {
            e.issue(IssueType.REQUIRED, nativePath == null ? e.at() + ".extension('" + FhirR4.EXTENSION + "service')" : e.at() + nativePath,
                    "the service is required: " + (nativePath == null ? "" : "a code in " + nativePath.substring(1) + ", or ")
                            + "the extension " + FhirR4.EXTENSION + "service");
        }
    }

    static List<Identifier> identifiersOf(Resource r) {
        try {
            return r.getNamedProperty("identifier") == null ? List.of()
                    : r.getNamedProperty("identifier").getValues().stream().filter(Identifier.class::isInstance).map(Identifier.class::cast).toList();
        } catch (FHIRException ex) {
            return List.of();
        }
    }

    static Identifier firstIdentifier(List<Identifier> identifiers) {
        return identifiers.stream().filter(Identifier::hasValue).findFirst().orElse(null);
    }

    static String firstCode(CodeableConcept concept) {
        return concept == null ? null : concept.getCoding().stream().filter(Coding::hasCode).map(Coding::getCode).findFirst().orElse(null);
    }

    static String firstCode(List<CodeableConcept> concepts) {
        return concepts.stream().map(Elements::firstCode).filter(Objects::nonNull).findFirst().orElse(null);
    }
}
