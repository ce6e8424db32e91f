package org.casejourney.command.fhir;

import org.casejourney.command.accesslog.AccessLog;
import org.hl7.fhir.r4.model.AuditEvent;
import org.hl7.fhir.r4.model.BooleanType;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Identifier;
import org.hl7.fhir.r4.model.Reference;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;

/**
 * The access log as AuditEvent resources in the shape of IHE Basic Audit Log Patterns (BALP): one
 * per recorded read, a RESTful read (or, when the read had a query, a search), by the principal, of
 * the Patient, for the stated purpose, observed by this service (docs/fhir.md, "FHIR out").
 */
final class AuditEventsOut {

    static final String OBSERVER = "casejourney-command-side";
    private static final String AUDIT_EVENT_TYPE = "http://terminology.hl7.org/CodeSystem/audit-event-type";
    private static final String RESTFUL_INTERACTION = "http://hl7.org/fhir/restful-interaction";
    private static final String PARTICIPATION_TYPE = "http://terminology.hl7.org/CodeSystem/v3-ParticipationType";
    private static final String SOURCE_TYPE = "http://terminology.hl7.org/CodeSystem/security-source-type";
    private static final String ENTITY_TYPE = "http://terminology.hl7.org/CodeSystem/audit-entity-type";
    private static final String OBJECT_ROLE = "http://terminology.hl7.org/CodeSystem/object-role";

    private AuditEventsOut() {
    }

    static Bundle of(String personSystem, List<AccessLog.Entry> entries, Instant now) {
        Bundle bundle = new Bundle().setType(Bundle.BundleType.COLLECTION).setTimestampElement(OutElements.instant(now));
        for (AccessLog.Entry entry : entries) {
            OutElements.add(bundle, entry.personId() + "|AuditEvent|" + entry.id(), auditEvent(personSystem, entry));
        }
        return bundle;
    }

    static AuditEvent auditEvent(String personSystem, AccessLog.Entry entry) {
        boolean search = entry.endpoint() != null && entry.endpoint().contains("?");
        AuditEvent r = new AuditEvent();
        r.setId("access-log-" + entry.id());
        r.setType(OutElements.coding(AUDIT_EVENT_TYPE, "rest", "RESTful Operation"));
        r.addSubtype(search ? OutElements.coding(RESTFUL_INTERACTION, "search", "search")
                : OutElements.coding(RESTFUL_INTERACTION, "read", "read"));
        r.setAction(search ? AuditEvent.AuditEventAction.E : AuditEvent.AuditEventAction.R);
        r.setRecordedElement(OutElements.instant(entry.accessedAt()));
        // the row is written once the caller is authorised and has stated a purpose, before the data is read
        r.setOutcome(AuditEvent.AuditEventOutcome._0);
        if (entry.purpose() != null) {
            r.addPurposeOfEvent(new CodeableConcept().setText(entry.purpose()));
        } else if (Boolean.TRUE.equals(entry.purposeErased())) {
            r.addExtension(FhirR4.EXTENSION + "purpose-erased", new BooleanType(true));
        }
        AuditEvent.AuditEventAgentComponent agent = r.addAgent()
                .setType(new CodeableConcept(OutElements.coding(PARTICIPATION_TYPE, "IRCP", "information recipient")))
                .setWho(new Reference().setIdentifier(OutElements.identifier("principal", entry.principal())).setDisplay(entry.principal()))
                .setRequestor(true);
        if (entry.client() != null) {
            agent.getNetwork().setAddress(entry.client()).setType(AuditEvent.AuditEventAgentNetworkType._2);
        }
        r.getSource().setObserver(new Reference().setIdentifier(OutElements.identifier("service", OBSERVER)).setDisplay("casejourney command side"))
                .addType(OutElements.coding(SOURCE_TYPE, "4", "Application Server"));
        r.addEntity().setWhat(new Reference().setType("Patient").setIdentifier(new Identifier().setSystem(personSystem).setValue(entry.personId())))
                .setType(OutElements.coding(ENTITY_TYPE, "1", "Person"))
                .setRole(OutElements.coding(OBJECT_ROLE, "1", "Patient"));
        AuditEvent.AuditEventEntityComponent request = r.addEntity().setType(OutElements.coding(ENTITY_TYPE, "2", "System Object"))
                .setDescription(entry.endpoint());
        if (search) {
            String query = entry.endpoint().substring(entry.endpoint().indexOf('?') + 1);
            request.setRole(OutElements.coding(OBJECT_ROLE, "24", "Query")).setQuery(query.getBytes(StandardCharsets.UTF_8));
        } else {
            request.setRole(OutElements.coding(OBJECT_ROLE, "4", "Domain Resource"));
        }
        return r;
    }
}
