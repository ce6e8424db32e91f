package org.casejourney.command.fhir;

import ca.uhn.fhir.model.api.TemporalPrecisionEnum;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.CodeType;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.DateTimeType;
import org.hl7.fhir.r4.model.DomainResource;
import org.hl7.fhir.r4.model.Identifier;
import org.hl7.fhir.r4.model.InstantType;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.Resource;
import org.hl7.fhir.r4.model.StringType;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Date;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * The element writers of FHIR out: the same identifiers, extensions and code systems FHIR in reads
 * (docs/fhir.md), written the other way.
 */
final class OutElements {

    /** What FHIR R4 allows as a code: no leading, trailing or doubled whitespace. */
    private static final Pattern FHIR_CODE = Pattern.compile("\\S+( \\S+)*");

    private OutElements() {
    }

    /** An entry whose fullUrl is a name-based UUID of the key, so the same journey gives the same Bundle. */
    static Bundle.BundleEntryComponent add(Bundle bundle, String key, Resource resource) {
        return bundle.addEntry().setFullUrl(fullUrl(key)).setResource(resource);
    }

    static String fullUrl(String key) {
        return "urn:uuid:" + UUID.nameUUIDFromBytes(key.getBytes(StandardCharsets.UTF_8));
    }

    static Identifier identifier(String kind, String value) {
        return new Identifier().setSystem(FhirR4.ID + kind).setValue(value);
    }

    static Identifier eventId(String eventId) {
        return identifier("event-id", eventId);
    }

    /** A logical reference to what casejourney names only by a code: a practitioner, a team, an organisation. */
    static Reference named(String resourceType, String kind, String name) {
        return name == null ? null : new Reference().setType(resourceType).setIdentifier(identifier(kind, name)).setDisplay(name);
    }

    static Reference practitioner(String name) {
        return named("Practitioner", "practitioner", name);
    }

    static Reference team(String name) {
        return named("CareTeam", "team", name);
    }

    static Reference organisation(String name) {
        return named("Organization", "organisation", name);
    }

    /** The service as FHIR in reads it: a code of the casejourney service code system (when it is a FHIR code), and the text. */
    static CodeableConcept service(String service) {
        CodeableConcept concept = new CodeableConcept().setText(service);
        if (FHIR_CODE.matcher(service).matches()) {
            concept.addCoding().setSystem(FhirR4.CODE_SYSTEM + "service").setCode(service);
        }
        return concept;
    }

    static void codeExtension(DomainResource r, String name, String code) {
        if (code != null) {
            r.addExtension(FhirR4.EXTENSION + name, new CodeType(code));
        }
    }

    static void stringExtension(DomainResource r, String name, String value) {
        if (value != null && !value.isBlank()) {
            r.addExtension(FhirR4.EXTENSION + name, new StringType(value));
        }
    }

    static Coding coding(String system, String code, String display) {
        return new Coding(system, code, display);
    }

    /** A dateTime in UTC ({@code Z}) to the second, or to the millisecond when the instant has a fraction, as the events carry it. */
    static DateTimeType dateTime(Instant at) {
        DateTimeType t = new DateTimeType(Date.from(at), at.getNano() == 0 ? TemporalPrecisionEnum.SECOND : TemporalPrecisionEnum.MILLI);
        t.setTimeZoneZulu(true);
        return t;
    }

    static InstantType instant(Instant at) {
        InstantType t = new InstantType(Date.from(at));
        t.setTimeZoneZulu(true);
        return t;
    }
}
