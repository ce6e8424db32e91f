package org.casejourney.command.fhir;

import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.Encounter;
import org.hl7.fhir.r4.model.OperationOutcome.IssueType;
import org.hl7.fhir.r4.model.Period;

import static org.casejourney.command.fhir.Elements.codeFrom;
import static org.casejourney.command.fhir.Elements.extensionPath;
import static org.casejourney.command.fhir.Elements.firstCode;

/** Encounter → ContactRecorded (docs/fhir.md): a finished or in-progress contact with the person. */
final class EncounterMapping {

    static final String V3_ACT_CODE = "http://terminology.hl7.org/CodeSystem/v3-ActCode";

    private EncounterMapping() {
    }

    static FhirBundleIn.Mapped map(EntryEvent e, Encounter r) {
        if (r.getStatus() != Encounter.EncounterStatus.FINISHED && r.getStatus() != Encounter.EncounterStatus.INPROGRESS) {
            e.issue(IssueType.NOTSUPPORTED, e.at() + ".status",
                    Elements.statusMessage(r.hasStatus() ? r.getStatus().toCode() : null, "finished or in-progress"));
        }
        EventIdentity.start(e, "ContactRecorded", r, "Encounter", r.getIdentifier(), r.getSubject(), ".subject");
        e.put("occurredAt", Elements.instant(e, r.getPeriod().getStartElement(), ".period.start"), ".period.start");
        Elements.service(e, r, firstCode(r.getServiceType()) != null ? firstCode(r.getServiceType()) : firstCode(r.getType()),
                r.hasServiceType() ? ".serviceType" : ".type");
        for (int k = 0; k < r.getParticipant().size(); k++) {
            if (r.getParticipant().get(k).hasIndividual()) {
                e.put("practitioner", e.name(r.getParticipant().get(k).getIndividual()), ".participant[" + k + "].individual");
                break;
            }
        }
        e.put("organisation", e.name(r.getServiceProvider()), ".serviceProvider");
        e.put("channel", channel(e, r), ".class");
        String demand = codeFrom(e, r, "demand-type");
        if (demand == null) {
            e.issue(IssueType.REQUIRED, e.at() + extensionPath("demand-type"),
                    "demandType is required: VALUE or FAILURE, in the extension " + FhirR4.EXTENSION + "demand-type (valueCode) or a meta.tag of system "
                            + FhirR4.CODE_SYSTEM + "demand-type");
        }
        e.put("demandType", demand, extensionPath("demand-type"));
        e.put("failureCategory", codeFrom(e, r, "failure-category"), extensionPath("failure-category"));
        e.put("durationMinutes", minutes(e, r), r.hasLength() ? ".length" : ".period");
        if (!r.getReasonCode().isEmpty() && r.getReasonCodeFirstRep().hasText()) {
            e.put("whatMatters", r.getReasonCodeFirstRep().getText(), ".reasonCode[0].text");
        }
        return e.done();
    }

    private static String channel(EntryEvent e, Encounter r) {
        String override = codeFrom(e, r, "contact-channel");
        if (override != null) {
            e.origin("channel", extensionPath("contact-channel"));
            return override;
        }
        Coding c = r.getClass_();
        if (c == null || !c.hasCode()) {
            e.issue(IssueType.REQUIRED, e.at() + ".class", "Encounter.class is required: AMB, HH or VR of " + V3_ACT_CODE);
            return null;
        }
        if (c.hasSystem() && !V3_ACT_CODE.equals(c.getSystem())) {
            e.issue(IssueType.CODEINVALID, e.at() + ".class.system", "'" + c.getSystem() + "' is not " + V3_ACT_CODE);
            return null;
        }
        return switch (c.getCode()) {
            case "AMB" -> "FACE_TO_FACE";
            case "HH" -> "HOME_VISIT";
            case "VR" -> "PHONE";
            default -> {
                e.issue(IssueType.CODEINVALID, e.at() + ".class.code", "'" + c.getCode() + "' is not mapped to a channel (AMB → FACE_TO_FACE, HH → HOME_VISIT, "
                        + "VR → PHONE; or state the channel in the extension " + FhirR4.EXTENSION + "contact-channel)");
                yield null;
            }
        };
    }

    private static Integer minutes(EntryEvent e, Encounter r) {
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
                e.issue(IssueType.CODEINVALID, e.at() + ".length.code", "the length's unit must be a UCUM time unit: s, min, h or d");
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
}
