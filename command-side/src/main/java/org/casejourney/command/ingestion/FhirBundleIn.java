package org.casejourney.command.ingestion;

import ca.uhn.fhir.parser.DataFormatException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.casejourney.command.platform.ApiProblem;
import org.casejourney.command.platform.CaseJourneyProperties;
import org.casejourney.command.ingestion.FhirR4.Issue;
import org.casejourney.events.Fields;
import org.casejourney.events.PersonEvent;
import org.hl7.fhir.r4.model.BaseDateTimeType;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.DomainResource;
import org.hl7.fhir.r4.model.Encounter;
import org.hl7.fhir.r4.model.EpisodeOfCare;
import org.hl7.fhir.r4.model.Extension;
import org.hl7.fhir.r4.model.Identifier;
import org.hl7.fhir.r4.model.InstantType;
import org.hl7.fhir.r4.model.OperationOutcome.IssueType;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.Period;
import org.hl7.fhir.r4.model.PrimitiveType;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.Resource;
import org.hl7.fhir.r4.model.ServiceRequest;
import org.hl7.fhir.r4.model.Task;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads a FHIR R4 {@code transaction} or {@code batch} Bundle into the documented events, entry by
 * entry, following the table in docs/fhir.md. Every entry is mapped and checked (by HAPI's R4
 * parser, the mapping, and then the same {@link EventParser} checks as a plain event) before any
 * is recorded: what cannot be mapped is an {@link Unmappable} listing every issue, each naming
 * the element as a FHIRPath expression such as {@code Bundle.entry[2].resource.period.start}.
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

    static final String V3_ACT_CODE = "http://terminology.hl7.org/CodeSystem/v3-ActCode";
    static final String UCUM = "http://unitsofmeasure.org";
    private static final Pattern TYPED_REFERENCE = Pattern.compile("(?:.*/)?([A-Z][A-Za-z]+)/([A-Za-z0-9\\-.]{1,64})(?:/_history/.*)?");
    private static final Set<String> TEAMS = Set.of("CareTeam", "HealthcareService", "Group");

    private final EventParser parser;
    private final String personIdentifierSystem;
    private final int maxEntries;

    FhirBundleIn(EventParser parser, CaseJourneyProperties properties,
                 @Value("${casejourney.fhir.person-identifier-system:https://fhir.nhs.uk/Id/nhs-number}") String personIdentifierSystem) {
        this.parser = parser;
        this.personIdentifierSystem = personIdentifierSystem;
        this.maxEntries = properties.ingestion().batchMaxEvents();
    }

    String personIdentifierSystem() {
        return personIdentifierSystem;
    }

    Mapping read(byte[] body) {
        JsonNode tree;
        try {
            tree = parser.readTree(body);
        } catch (ApiProblem problem) {
            throw new Malformed(problem.getMessage());
        }
        if (!tree.isObject()) {
            throw new Malformed("A Bundle is a JSON object with \"resourceType\": \"Bundle\".");
        }
        if (!"Bundle".equals(tree.path("resourceType").asText(null))) {
            throw new Unmappable(List.of(Issue.error(IssueType.NOTSUPPORTED, "resourceType",
                    "resourceType is '" + tree.path("resourceType").asText("(absent)") + "'; this endpoint takes a Bundle of type transaction or batch")));
        }
        Bundle bundle;
        try {
            bundle = FhirR4.strictParser().parseResource(Bundle.class, new String(body, StandardCharsets.UTF_8).replaceFirst("^\uFEFF", ""));
        } catch (DataFormatException e) {
            throw new Unmappable(List.of(Issue.error(IssueType.STRUCTURE, "Bundle",
                    "Not a valid FHIR R4 Bundle: " + String.valueOf(e.getMessage()).replaceFirst("^HAPI-\\d+: ", ""))));
        }
        if (bundle.getType() != Bundle.BundleType.TRANSACTION && bundle.getType() != Bundle.BundleType.BATCH) {
            throw new Unmappable(List.of(Issue.error(bundle.hasType() ? IssueType.NOTSUPPORTED : IssueType.REQUIRED, "Bundle.type",
                    "Bundle.type is " + (bundle.hasType() ? "'" + bundle.getType().toCode() + "'" : "absent") + "; it must be transaction or batch")));
        }
        if (bundle.getEntry().isEmpty() || bundle.getEntry().size() > maxEntries) {
            throw new Unmappable(List.of(Issue.error(bundle.getEntry().isEmpty() ? IssueType.REQUIRED : IssueType.TOOCOSTLY, "Bundle.entry",
                    "A Bundle holds 1 to " + maxEntries + " entries; this one holds " + bundle.getEntry().size())));
        }
        return new Mapping(bundle.getType(), new Reading(bundle, tree.path("entry")).mapAll());
    }

    /** The state of reading one Bundle: its entries by fullUrl and by Type/id, and the issues found so far. */
    private final class Reading {
        private final Bundle bundle;
        private final JsonNode rawEntries;
        private final Map<String, Integer> byUrl = new HashMap<>();
        private final List<Issue> issues = new ArrayList<>();

        Reading(Bundle bundle, JsonNode rawEntries) {
            this.bundle = bundle;
            this.rawEntries = rawEntries;
            for (int i = 0; i < bundle.getEntry().size(); i++) {
                Bundle.BundleEntryComponent entry = bundle.getEntry().get(i);
                if (entry.hasFullUrl()) {
                    byUrl.put(entry.getFullUrl(), i);
                }
                String id = rawId(i);
                if (entry.hasResource() && id != null) {
                    byUrl.put(entry.getResource().fhirType() + "/" + id, i);
                }
            }
        }

        List<Mapped> mapAll() {
            List<Mapped> mapped = new ArrayList<>();
            for (int i = 0; i < bundle.getEntry().size(); i++) {
                int before = issues.size();
                Mapped m = map(i, bundle.getEntry().get(i));
                if (issues.size() == before) {
                    mapped.add(m);
                }
            }
            if (!issues.isEmpty()) {
                throw new Unmappable(issues);
            }
            return mapped;
        }

        private Mapped map(int i, Bundle.BundleEntryComponent entry) {
            String at = "Bundle.entry[" + i + "]";
            if (entry.hasRequest() && entry.getRequest().getMethod() != Bundle.HTTPVerb.POST && entry.getRequest().getMethod() != Bundle.HTTPVerb.PUT) {
                issue(IssueType.NOTSUPPORTED, at + ".request.method", "only POST and PUT entries are taken (each records what happened); this one is "
                        + (entry.getRequest().hasMethod() ? entry.getRequest().getMethod().toCode() : "absent"));
                return null;
            }
            if (!entry.hasResource()) {
                issue(IssueType.REQUIRED, at + ".resource", "the entry has no resource");
                return null;
            }
            Resource resource = entry.getResource();
            Entry e = new Entry(i, at + ".resource");
            if (resource instanceof Patient) {
                return new Mapped(i, "Patient", null, null);
            }
            if (resource instanceof Encounter encounter) {
                return e.encounter(encounter);
            }
            if (resource instanceof ServiceRequest request) {
                return e.serviceRequest(request);
            }
            if (resource instanceof Task task) {
                return e.task(task);
            }
            if (resource instanceof EpisodeOfCare episode) {
                return e.episodeOfCare(episode);
            }
            issue(IssueType.NOTSUPPORTED, at + ".resource", resource.fhirType()
                    + " is not mapped to an event; the mapped resources are Encounter, ServiceRequest, Task and EpisodeOfCare (and Patient, to name the person)");
            return null;
        }

        private void issue(IssueType type, String expression, String diagnostics) {
            issues.add(Issue.error(type, expression, diagnostics));
        }

        /** The resource's own id as sent (HAPI fills the id from fullUrl, which is often a fresh urn:uuid per request). */
        private String rawId(int i) {
            JsonNode id = rawEntries.path(i).path("resource").path("id");
            return id.isTextual() ? id.asText() : null;
        }

        /** One entry's mapping: the event's JSON, and for each event field the element it came from. */
        private final class Entry {
            private final int index;
            private final String at;
            private final ObjectNode event = JsonNodeFactory.instance.objectNode();
            private final Map<String, String> origin = new LinkedHashMap<>();
            private final int issuesBefore = issues.size();

            Entry(int index, String at) {
                this.index = index;
                this.at = at;
            }

            Mapped encounter(Encounter r) {
                if (r.getStatus() != Encounter.EncounterStatus.FINISHED && r.getStatus() != Encounter.EncounterStatus.INPROGRESS) {
                    issue(IssueType.NOTSUPPORTED, at + ".status", statusMessage(r.hasStatus() ? r.getStatus().toCode() : null, "finished or in-progress"));
                }
                start("ContactRecorded", r, "Encounter", r.getIdentifier(), r.getSubject(), ".subject");
                put("occurredAt", instant(r.getPeriod().getStartElement(), ".period.start"), ".period.start");
                service(r, firstCode(r.getServiceType()) != null ? firstCode(r.getServiceType()) : firstCode(r.getType()),
                        r.hasServiceType() ? ".serviceType" : ".type");
                for (int k = 0; k < r.getParticipant().size(); k++) {
                    if (r.getParticipant().get(k).hasIndividual()) {
                        put("practitioner", name(r.getParticipant().get(k).getIndividual()), ".participant[" + k + "].individual");
                        break;
                    }
                }
                put("organisation", name(r.getServiceProvider()), ".serviceProvider");
                put("channel", channel(r), ".class");
                String demand = codeFrom(r, "demand-type");
                if (demand == null) {
                    issue(IssueType.REQUIRED, at + ".extension('" + FhirR4.EXTENSION + "demand-type')",
                            "demandType is required: VALUE or FAILURE, in the extension " + FhirR4.EXTENSION + "demand-type (valueCode) or a meta.tag of system "
                                    + FhirR4.CODE_SYSTEM + "demand-type");
                }
                put("demandType", demand, extensionPath("demand-type"));
                put("failureCategory", codeFrom(r, "failure-category"), extensionPath("failure-category"));
                put("durationMinutes", minutes(r), r.hasLength() ? ".length" : ".period");
                if (!r.getReasonCode().isEmpty() && r.getReasonCodeFirstRep().hasText()) {
                    put("whatMatters", r.getReasonCodeFirstRep().getText(), ".reasonCode[0].text");
                }
                return done();
            }

            Mapped serviceRequest(ServiceRequest r) {
                ServiceRequest.ServiceRequestStatus status = r.getStatus();
                String type = status == ServiceRequest.ServiceRequestStatus.ACTIVE ? "ReferralMade"
                        : status == ServiceRequest.ServiceRequestStatus.COMPLETED || status == ServiceRequest.ServiceRequestStatus.REVOKED
                        || status == ServiceRequest.ServiceRequestStatus.ENTEREDINERROR ? "ReferralResolved" : null;
                if (type == null) {
                    issue(IssueType.NOTSUPPORTED, at + ".status", statusMessage(r.hasStatus() ? status.toCode() : null,
                            "active (a referral made) or completed, revoked or entered-in-error (a referral resolved)"));
                    type = "ReferralMade";
                }
                start(type, r, "ServiceRequest", r.getIdentifier(), r.getSubject(), ".subject");
                Identifier id = firstIdentifier(r.getIdentifier());
                if (id == null) {
                    issue(IssueType.REQUIRED, at + ".identifier", "a ServiceRequest needs an identifier: its value is the referralId that its resolution names");
                } else {
                    put("referralId", id.getValue(), ".identifier[" + r.getIdentifier().indexOf(id) + "].value");
                }
                service(r, firstCode(r.getCategory()), ".category");
                Named requester = named(r.getRequester());
                if (type.equals("ReferralMade")) {
                    put("occurredAt", instant(r.getAuthoredOnElement(), ".authoredOn"), ".authoredOn");
                    if (requester != null && requester.isOrganisation()) {
                        put("fromOrganisation", requester.name(), ".requester");
                    } else if (requester != null && requester.isTeam()) {
                        put("fromTeam", requester.name(), ".requester");
                    } else if (requester != null) {
                        put("practitioner", requester.name(), ".requester");
                    }
                    put("fromTeam", stringFrom(r, "from-team"), extensionPath("from-team"));
                    int team = -1;
                    int organisation = -1;
                    int other = -1;
                    for (int k = 0; k < r.getPerformer().size(); k++) {
                        Named performer = named(r.getPerformer().get(k));
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
                        issue(IssueType.REQUIRED, at + ".performer", "a referral needs a performer: the team (CareTeam or HealthcareService) asked to act");
                    } else {
                        put("toTeam", named(r.getPerformer().get(team)).name(), ".performer[" + team + "]");
                    }
                    if (organisation >= 0) {
                        put("toOrganisation", named(r.getPerformer().get(organisation)).name(), ".performer[" + organisation + "]");
                    }
                    if (!r.getReasonCode().isEmpty() && r.getReasonCodeFirstRep().hasText()) {
                        put("reason", r.getReasonCodeFirstRep().getText(), ".reasonCode[0].text");
                    }
                } else {
                    InstantType updated = r.getMeta().getLastUpdatedElement();
                    if (updated == null || updated.isEmpty()) {
                        issue(IssueType.REQUIRED, at + ".meta.lastUpdated", "a resolved ServiceRequest says when it was resolved in meta.lastUpdated");
                    } else {
                        put("occurredAt", instant(updated, ".meta.lastUpdated"), ".meta.lastUpdated");
                    }
                    if (requester != null && !requester.isOrganisation() && !requester.isTeam()) {
                        put("practitioner", requester.name(), ".requester");
                    }
                    String outcome = codeFrom(r, "referral-outcome");
                    if (outcome == null) {
                        outcome = status == ServiceRequest.ServiceRequestStatus.COMPLETED ? "ACCEPTED" : "WITHDRAWN";
                        put("outcome", outcome, ".status");
                    } else {
                        put("outcome", outcome, extensionPath("referral-outcome"));
                    }
                }
                return done();
            }

            Mapped task(Task r) {
                if (r.getStatus() != Task.TaskStatus.COMPLETED) {
                    issue(IssueType.NOTSUPPORTED, at + ".status", statusMessage(r.hasStatus() ? r.getStatus().toCode() : null,
                            "completed (a handoff that happened)"));
                }
                start("HandoffMade", r, "Task", r.getIdentifier(), r.getFor(), ".for");
                if (r.getExecutionPeriod().hasEnd()) {
                    put("occurredAt", instant(r.getExecutionPeriod().getEndElement(), ".executionPeriod.end"), ".executionPeriod.end");
                } else if (r.hasLastModified()) {
                    put("occurredAt", instant(r.getLastModifiedElement(), ".lastModified"), ".lastModified");
                } else {
                    issue(IssueType.REQUIRED, at + ".executionPeriod.end", "a completed Task says when in executionPeriod.end or lastModified");
                }
                service(r, null, null);
                party(named(r.getRequester()), "from", ".requester");
                put("fromTeam", stringFrom(r, "from-team"), extensionPath("from-team"));
                party(named(r.getOwner()), "to", ".owner");
                if (r.getReasonCode().hasText()) {
                    put("reason", r.getReasonCode().getText(), ".reasonCode.text");
                } else if (r.hasDescription()) {
                    put("reason", r.getDescription(), ".description");
                }
                return done();
            }

            Mapped episodeOfCare(EpisodeOfCare r) {
                if (r.getStatus() != EpisodeOfCare.EpisodeOfCareStatus.FINISHED) {
                    issue(IssueType.NOTSUPPORTED, at + ".status", statusMessage(r.hasStatus() ? r.getStatus().toCode() : null, "finished (a case closed)"));
                }
                start("CaseClosed", r, "EpisodeOfCare", r.getIdentifier(), r.getPatient(), ".patient");
                if (!r.getPeriod().hasEnd()) {
                    issue(IssueType.REQUIRED, at + ".period.end", "a finished EpisodeOfCare says when it ended in period.end");
                } else {
                    put("occurredAt", instant(r.getPeriod().getEndElement(), ".period.end"), ".period.end");
                }
                service(r, firstCode(r.getType()), ".type");
                put("organisation", name(r.getManagingOrganization()), ".managingOrganization");
                if (!r.getTeam().isEmpty()) {
                    put("team", name(r.getTeamFirstRep()), ".team[0]");
                }
                put("practitioner", name(r.getCareManager()), ".careManager");
                String outcome = codeFrom(r, "case-outcome");
                if (outcome == null) {
                    issue(IssueType.REQUIRED, at + ".extension('" + FhirR4.EXTENSION + "case-outcome')",
                            "why the case closed is required, in the extension " + FhirR4.EXTENSION + "case-outcome (valueCode: NEEDS_MET, NO_FURTHER_ACTION, "
                                    + "TRANSFERRED_OUT, PERSON_DECLINED, PERSON_DIED or OTHER)");
                }
                put("outcome", outcome, extensionPath("case-outcome"));
                return done();
            }

            /** The common fields: type, eventId (from the identifier, else the id) and the person. */
            private void start(String type, DomainResource r, String resourceType, List<Identifier> identifiers, Reference subject, String subjectPath) {
                event.put("type", type);
                origin.put("type", at + ".status");
                origin.put("eventId", at + ".identifier");
                Identifier id = firstIdentifier(identifiers);
                String eventId;
                if (id != null) {
                    String system = id.hasSystem() ? id.getSystem() : "";
                    eventId = "fhir:" + resourceType + ":" + shortHash(system) + ":" + id.getValue() + ":" + type;
                    origin.put("eventId", at + ".identifier[" + identifiers.indexOf(id) + "].value");
                } else if (rawId(index) != null) {
                    eventId = "fhir:" + resourceType + ":id:" + rawId(index) + ":" + type;
                    origin.put("eventId", at + ".id");
                } else {
                    issue(IssueType.REQUIRED, at + ".identifier", "the resource needs an identifier (or an id) so that its event has a stable eventId and a retry is recognised");
                    eventId = null;
                }
                if (eventId != null && !Fields.ID.matches(eventId)) {
                    issue(IssueType.VALUE, origin.get("eventId"), "'" + eventId + "', the eventId made from it, must be 1-128 characters of A-Z a-z 0-9 . _ : -");
                }
                event.put("eventId", eventId);
                event.put("personId", person(subject, at + subjectPath));
                put("team", stringFrom(r, "team"), extensionPath("team"));
            }

            private void service(DomainResource r, String nativeCode, String nativePath) {
                String fromExtension = stringFrom(r, "service");
                if (fromExtension != null) {
                    put("service", fromExtension, extensionPath("service"));
                } else if (nativeCode != null) {
                    put("service", nativeCode, nativePath);
                } else {
                    issue(IssueType.REQUIRED, nativePath == null ? at + ".extension('" + FhirR4.EXTENSION + "service')" : at + nativePath,
                            "the service is required: " + (nativePath == null ? "" : "a code in " + nativePath.substring(1) + ", or ")
                                    + "the extension " + FhirR4.EXTENSION + "service");
                }
            }

            /** A handoff's side: a team, an organisation or a practitioner. */
            private void party(Named named, String side, String path) {
                if (named == null) {
                    return;
                }
                String field = named.isOrganisation() ? side + "Organisation" : named.isTeam() ? side + "Team" : side + "Practitioner";
                put(field, named.name(), path);
            }

            private String channel(Encounter r) {
                String override = codeFrom(r, "contact-channel");
                if (override != null) {
                    origin.put("channel", extensionPath("contact-channel"));
                    return override;
                }
                Coding c = r.getClass_();
                if (c == null || !c.hasCode()) {
                    issue(IssueType.REQUIRED, at + ".class", "Encounter.class is required: AMB, HH or VR of " + V3_ACT_CODE);
                    return null;
                }
                if (c.hasSystem() && !V3_ACT_CODE.equals(c.getSystem())) {
                    issue(IssueType.CODEINVALID, at + ".class.system", "'" + c.getSystem() + "' is not " + V3_ACT_CODE);
                    return null;
                }
                return switch (c.getCode()) {
                    case "AMB" -> "FACE_TO_FACE";
                    case "HH" -> "HOME_VISIT";
                    case "VR" -> "PHONE";
                    default -> {
                        issue(IssueType.CODEINVALID, at + ".class.code", "'" + c.getCode() + "' is not mapped to a channel (AMB → FACE_TO_FACE, HH → HOME_VISIT, "
                                + "VR → PHONE; or state the channel in the extension " + FhirR4.EXTENSION + "contact-channel)");
                        yield null;
                    }
                };
            }

            /** A FHIR dateTime or instant as an instant: it must carry a time and an offset (a date alone is not a moment). */
            private String instant(BaseDateTimeType value, String path) {
                if (value == null || value.isEmpty()) {
                    issue(IssueType.REQUIRED, at + path, path.substring(1) + " is required: when it happened");
                    return null;
                }
                try {
                    return OffsetDateTime.parse(value.getValueAsString()).toInstant().toString();
                } catch (DateTimeParseException e) {
                    issue(IssueType.VALUE, at + path, "'" + value.getValueAsString()
                            + "' must be a dateTime with a time and an offset, such as 2026-03-02T09:30:00Z");
                    return null;
                }
            }

            private Integer minutes(Encounter r) {
                if (r.hasLength() && r.getLength().hasValue()) {
                    String unit = r.getLength().hasCode() ? r.getLength().getCode() : r.getLength().getUnit();
                    double factor = unit == null ? -1 : switch (unit) {
                        case "min" -> 1;
                        case "h" -> 60;
                        case "s" -> 1.0 / 60;
                        case "d" -> 1440;
                        default -> -1;
                    };
                    if (factor < 0) {
                        issue(IssueType.CODEINVALID, at + ".length.code", "the length's unit must be a UCUM time unit: s, min, h or d");
                        return null;
                    }
                    return (int) Math.round(r.getLength().getValue().doubleValue() * factor);
                }
                Period p = r.getPeriod();
                if (p.hasStart() && p.hasEnd()) {
                    return (int) Math.round((p.getEnd().getTime() - p.getStart().getTime()) / 60_000.0);
                }
                return null;
            }

            private String statusMessage(String status, String expected) {
                return "status " + (status == null ? "is absent" : "'" + status + "' is not mapped") + "; expected " + expected;
            }

            private String extensionPath(String name) {
                return ".extension('" + FhirR4.EXTENSION + name + "')";
            }

            /** A code from the casejourney extension, or a meta.tag of the casejourney code system of that name. */
            private String codeFrom(DomainResource r, String name) {
                String value = stringFrom(r, name);
                if (value != null) {
                    return value;
                }
                for (Coding tag : r.getMeta().getTag()) {
                    if ((FhirR4.CODE_SYSTEM + name).equals(tag.getSystem()) && tag.hasCode()) {
                        origin.put(name, at + ".meta.tag");
                        return tag.getCode();
                    }
                }
                return null;
            }

            private String stringFrom(DomainResource r, String name) {
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
                issue(IssueType.VALUE, at + extensionPath(name), "the extension's value must be a code, a string or a Coding");
                return null;
            }

            private void put(String field, Object value, String path) {
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

            /** The event checked as a plain one would be; each of its problems named by the element it came from. */
            private Mapped done() {
                String personId = event.path("personId").asText(null);
                event.remove("personId");
                if (issues.size() > issuesBefore) {
                    return null;
                }
                try {
                    return new Mapped(index, bundle.getEntry().get(index).getResource().fhirType(), personId, parser.parse(event));
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

            /** The person: the configured identifier of the referenced Patient, on the reference or on the Patient in the Bundle. */
            private String person(Reference ref, String path) {
                if (ref == null || ref.isEmpty()) {
                    issue(IssueType.REQUIRED, path, "the person is required: a reference to a Patient with an identifier of system " + personIdentifierSystem);
                    return null;
                }
                String value = null;
                String valuePath = path + ".identifier.value";
                if (ref.hasIdentifier() && personIdentifierSystem.equals(ref.getIdentifier().getSystem())) {
                    value = ref.getIdentifier().getValue();
                } else if (ref.hasReference() && byUrl.containsKey(ref.getReference())) {
                    int k = byUrl.get(ref.getReference());
                    Resource target = bundle.getEntry().get(k).getResource();
                    if (!(target instanceof Patient patient)) {
                        issue(IssueType.INVALID, path, "refers to a " + target.fhirType() + ", not a Patient");
                        return null;
                    }
                    for (int n = 0; n < patient.getIdentifier().size(); n++) {
                        if (personIdentifierSystem.equals(patient.getIdentifier().get(n).getSystem())) {
                            value = patient.getIdentifier().get(n).getValue();
                            valuePath = "Bundle.entry[" + k + "].resource.identifier[" + n + "].value";
                            break;
                        }
                    }
                    if (value == null) {
                        issue(IssueType.REQUIRED, "Bundle.entry[" + k + "].resource.identifier",
                                "the Patient has no identifier of system " + personIdentifierSystem + ", which names the person");
                        return null;
                    }
                } else {
                    issue(IssueType.NOTFOUND, path, "the person must be named by reference.identifier of system " + personIdentifierSystem
                            + ", or by a reference to a Patient entry of this Bundle (its fullUrl, or Patient/<id>) that carries such an identifier");
                    return null;
                }
                if (value == null || !Fields.PERSON_ID.matches(value)) {
                    issue(IssueType.VALUE, valuePath, "the person's identifier must be 1-64 characters of A-Z a-z 0-9 . _ -");
                    return null;
                }
                return value;
            }
        }

        /** What a reference names: its type (from the reference, its Type/id, or the Bundle entry it points at) and a short name. */
        private record Named(String type, String name) {
            boolean isOrganisation() {
                return "Organization".equals(type);
            }

            boolean isTeam() {
                return type != null && TEAMS.contains(type);
            }
        }

        private Named named(Reference ref) {
            if (ref == null || ref.isEmpty()) {
                return null;
            }
            String type = ref.hasType() ? ref.getType() : null;
            String name = ref.hasIdentifier() && ref.getIdentifier().hasValue() ? ref.getIdentifier().getValue() : null;
            if (ref.hasReference()) {
                Integer k = byUrl.get(ref.getReference());
                if (k != null) {
                    Resource target = bundle.getEntry().get(k).getResource();
                    type = type != null ? type : target.fhirType();
                    if (name == null && target instanceof DomainResource) {
                        Identifier id = firstIdentifier(identifiersOf(target));
                        name = id != null ? id.getValue() : rawId(k);
                    }
                }
                Matcher m = TYPED_REFERENCE.matcher(ref.getReference());
                if (m.matches()) {
                    type = type != null ? type : m.group(1);
                    name = name != null ? name : m.group(2);
                }
            }
            if (name == null && ref.hasDisplay()) {
                name = ref.getDisplay();
            }
            return name == null ? null : new Named(type, name);
        }

        private String name(Reference ref) {
            Named named = named(ref);
            return named == null ? null : named.name();
        }
    }

    private static List<Identifier> identifiersOf(Resource r) {
        try {
            return r.getNamedProperty("identifier") == null ? List.of()
                    : r.getNamedProperty("identifier").getValues().stream().filter(Identifier.class::isInstance).map(Identifier.class::cast).toList();
        } catch (org.hl7.fhir.exceptions.FHIRException e) {
            return List.of();
        }
    }

    private static Identifier firstIdentifier(List<Identifier> identifiers) {
        return identifiers.stream().filter(Identifier::hasValue).findFirst().orElse(null);
    }

    private static String firstCode(CodeableConcept concept) {
        return concept == null ? null : concept.getCoding().stream().filter(Coding::hasCode).map(Coding::getCode).findFirst().orElse(null);
    }

    private static String firstCode(List<CodeableConcept> concepts) {
        return concepts.stream().map(FhirBundleIn::firstCode).filter(java.util.Objects::nonNull).findFirst().orElse(null);
    }

    /** 8 hex characters of the identifier system's SHA-256: the same value in two systems makes two eventIds. */
    static String shortHash(String system) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(system.getBytes(StandardCharsets.UTF_8))).substring(0, 8);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
