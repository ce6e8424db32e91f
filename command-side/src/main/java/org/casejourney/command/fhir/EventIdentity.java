package org.casejourney.command.fhir;

import org.casejourney.events.Fields;
import org.hl7.fhir.r4.model.DomainResource;
import org.hl7.fhir.r4.model.Identifier;
import org.hl7.fhir.r4.model.OperationOutcome.IssueType;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.Resource;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;

/** Which event an entry is and whose: its type, its eventId (from the identifier, else the id) and the person (the Patient's identifier). */
final class EventIdentity {

    private EventIdentity() {
    }

    /** The common fields of every mapped event: type, eventId, personId and the team extension. */
    static void start(EntryEvent e, String type, DomainResource r, String resourceType, List<Identifier> identifiers,
                      Reference subject, String subjectPath) {
        e.set("type", type);
        e.origin("type", e.at() + ".status");
        String eventId = eventId(e, type, resourceType, identifiers);
        if (eventId != null && !Fields.ID.matches(eventId)) {
            e.issue(IssueType.VALUE, e.origin("eventId"), "'" + eventId + "', the eventId made from it, must be 1-128 characters of A-Z a-z 0-9 . _ : -");
        }
        e.set("eventId", eventId);
        e.set("personId", person(e, subject, e.at() + subjectPath));
        e.put("team", Elements.stringFrom(e, r, "team"), Elements.extensionPath("team"));
    }

    private static String eventId(EntryEvent e, String type, String resourceType, List<Identifier> identifiers) {
        e.origin("eventId", e.at() + ".identifier");
        Identifier id = Elements.firstIdentifier(identifiers);
        String rawId = e.reading().entries().rawId(e.index());
        if (id != null) {
            String system = id.hasSystem() ? id.getSystem() : "";
            e.origin("eventId", e.at() + ".identifier[" + identifiers.indexOf(id) + "].value");
            return "fhir:" + resourceType + ":" + shortHash(system) + ":" + id.getValue() + ":" + type;
        }
        if (rawId != null) {
            e.origin("eventId", e.at() + ".id");
            return "fhir:" + resourceType + ":id:" + rawId + ":" + type;
        }
        e.issue(IssueType.REQUIRED, e.at() + ".identifier", "the resource needs an identifier (or an id) so that its event has a stable eventId and a retry is recognised");
        return null;
    }

    /** The person: the configured identifier of the referenced Patient, on the reference or on the Patient in the Bundle. */
    private static String person(EntryEvent e, Reference ref, String path) {
        String system = e.reading().personIdentifierSystem();
        if (ref == null || ref.isEmpty()) {
            e.issue(IssueType.REQUIRED, path, "the person is required: a reference to a Patient with an identifier of system " + system);
            return null;
        }
        String value;
        String valuePath = path + ".identifier.value";
        Integer k = ref.hasReference() ? e.reading().entries().entryOf(ref.getReference()) : null;
        if (ref.hasIdentifier() && system.equals(ref.getIdentifier().getSystem())) {
            value = ref.getIdentifier().getValue();
        } else if (k != null) {
            Resource target = e.reading().entries().resource(k);
            if (!(target instanceof Patient patient)) {
                e.issue(IssueType.INVALID, path, "refers to a " + target.fhirType() + ", not a Patient");
                return null;
            }
            int n = patientIdentifier(patient, system);
            value = n < 0 ? null : patient.getIdentifier().get(n).getValue();
            if (value == null) {
                e.issue(IssueType.REQUIRED, "Bundle.entry[" + k + "].resource.identifier",
                        "the Patient has no identifier of system " + system + ", which names the person");
                return null;
            }
            valuePath = "Bundle.entry[" + k + "].resource.identifier[" + n + "].value";
        } else {
            e.issue(IssueType.NOTFOUND, path, "the person must be named by reference.identifier of system " + system
                    + ", or by a reference to a Patient entry of this Bundle (its fullUrl, or Patient/<id>) that carries such an identifier");
            return null;
        }
        if (value == null || !Fields.PERSON_ID.matches(value)) {
            e.issue(IssueType.VALUE, valuePath, "the person's identifier must be 1-64 characters of A-Z a-z 0-9 . _ -");
            return null;
        }
        return value;
    }

    /** The first identifier of the Patient in {@code system}, and its index; -1 when there is none. */
    private static int patientIdentifier(Patient patient, String system) {
        for (int n = 0; n < patient.getIdentifier().size(); n++) {
            if (system.equals(patient.getIdentifier().get(n).getSystem())) {
                return n;
            }
        }
        return -1;
    }

    /** 8 hex characters of the identifier system's SHA-256: the same value in two systems makes two eventIds. */
    static String shortHash(String system) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(system.getBytes(StandardCharsets.UTF_8))).substring(0, 8);
        } catch (NoSuchAlgorithmException ex) {
            throw new IllegalStateException(ex);
        }
    }
}
