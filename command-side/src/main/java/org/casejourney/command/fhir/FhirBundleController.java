package org.casejourney.command.fhir;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import org.casejourney.command.ingestion.EventIntake;
import org.casejourney.command.ingestion.Item;
import org.casejourney.command.ingestion.Outcome;
import org.casejourney.command.ingestion.Provenance;
import org.casejourney.platform.problems.ApiProblem;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.InstantType;
import org.hl7.fhir.r4.model.OperationOutcome.IssueSeverity;
import org.hl7.fhir.r4.model.OperationOutcome.IssueType;
import org.hl7.fhir.r4.model.Resource;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

import java.util.ArrayList;
import java.util.Date;
import java.util.List;

/**
 * FHIR R4 in: a {@code transaction} or {@code batch} Bundle of Encounter, ServiceRequest, Task and
 * EpisodeOfCare resources becomes the events they mean (docs/fhir.md). Every entry is mapped and
 * checked before any is recorded; the answers are FHIR resources (a response Bundle, or an
 * OperationOutcome naming the element), as {@code application/fhir+json}.
 */
@RestController
@RequestMapping("/fhir")
class FhirBundleController {

    private final FhirBundleIn bundles;
    private final EventIntake intake;

    FhirBundleController(FhirBundleIn bundles, EventIntake intake) {
        this.bundles = bundles;
        this.intake = intake;
    }

    @Operation(summary = "Record the events a FHIR R4 transaction or batch Bundle means",
            description = "Encounter → ContactRecorded, ServiceRequest → ReferralMade or ReferralResolved, Task → HandoffMade, "
                    + "EpisodeOfCare → CaseClosed; Patient entries name the person. Mapping table and extensions: docs/fhir.md. "
                    + "Idempotent: the eventIds come from the resources' identifiers. A transaction is all or nothing.",
            requestBody = @io.swagger.v3.oas.annotations.parameters.RequestBody(content = @Content(mediaType = FhirR4.MEDIA_TYPE)),
            responses = {
                    @ApiResponse(responseCode = "200", description = "a transaction-response or batch-response Bundle, one entry per entry sent",
                            content = @Content(mediaType = FhirR4.MEDIA_TYPE)),
                    @ApiResponse(responseCode = "400", description = "not JSON: OperationOutcome", content = @Content(mediaType = FhirR4.MEDIA_TYPE)),
                    @ApiResponse(responseCode = "409", description = "transaction: an eventId already used with different content; nothing stored",
                            content = @Content(mediaType = FhirR4.MEDIA_TYPE)),
                    @ApiResponse(responseCode = "422", description = "an entry cannot be mapped (OperationOutcome naming each element); nothing stored",
                            content = @Content(mediaType = FhirR4.MEDIA_TYPE)),
                    @ApiResponse(responseCode = "503", description = "nothing stored; retry the same Bundle", content = @Content(mediaType = FhirR4.MEDIA_TYPE))})
    @PostMapping(path = "/Bundle", consumes = {FhirR4.MEDIA_TYPE, MediaType.APPLICATION_JSON_VALUE})
    ResponseEntity<String> post(@RequestBody(required = false) byte[] body,
                                @RequestHeader(name = "X-Source-System", required = false) String sourceSystem,
                                @RequestHeader(name = "X-Correlation-Id", required = false) String correlationId) {
        FhirBundleIn.Mapping mapping = bundles.read(body);
        Provenance provenance = intake.provenance(sourceSystem, correlationId);
        List<FhirBundleIn.Mapped> events = mapping.entries().stream().filter(m -> m.event() != null).toList();
        List<Item> items = events.stream().map(m -> new Item(m.personId(), m.event(), null)).toList();
        boolean transaction = mapping.type() == Bundle.BundleType.TRANSACTION;
        List<Outcome> outcomes = items.isEmpty() ? List.of()
                : transaction ? intake.recordAllOrNothing(items, provenance) : intake.recordBatch(items, provenance);
        if (transaction && outcomes.stream().anyMatch(o -> o == null || o.problem() != null)) {
            return refusedTransaction(events, outcomes);
        }
        Bundle response = new Bundle();
        response.setType(transaction ? Bundle.BundleType.TRANSACTIONRESPONSE : Bundle.BundleType.BATCHRESPONSE);
        int k = 0;
        for (FhirBundleIn.Mapped mapped : mapping.entries()) {
            Bundle.BundleEntryResponseComponent answer = response.addEntry().getResponse();
            if (mapped.event() == null) {
                answer.setStatus("200 OK").setOutcome(Issues.outcome(List.of(new Issue(IssueSeverity.INFORMATION, IssueType.INFORMATIONAL,
                        "Bundle.entry[" + mapped.index() + "].resource", "the Patient names the person (" + bundles.personIdentifierSystem()
                                + "); it is not stored"))));
                continue;
            }
            Outcome outcome = outcomes.get(k++);
            if (outcome.problem() == null) {
                answer.setStatus(outcome.status() == 201 ? "201 Created" : "200 OK")
                        .setLocation("/api/v1/persons/" + outcome.personId() + "/events?fromSequence=" + outcome.sequence() + "&limit=1")
                        .setEtag("W/\"" + outcome.eventId() + "\"")
                        .setLastModifiedElement(recordedAt(outcome));
            } else {
                ApiProblem problem = outcome.problem();
                answer.setStatus(problem.status().value() + " " + problem.status().getReasonPhrase())
                        .setOutcome(Issues.outcome(issues(problem, "Bundle.entry[" + mapped.index() + "]")));
            }
        }
        return fhir(HttpStatus.OK, response);
    }

    private static InstantType recordedAt(Outcome outcome) {
        InstantType at = new InstantType(Date.from(outcome.recordedAt()));
        at.setTimeZoneZulu(true);
        return at;
    }

    /** A transaction of which something was refused: nothing of it is stored; the refusals, each naming its entry. */
    private ResponseEntity<String> refusedTransaction(List<FhirBundleIn.Mapped> events, List<Outcome> outcomes) {
        List<Issue> issues = new ArrayList<>();
        HttpStatus status = null;
        for (int i = 0; i < outcomes.size(); i++) {
            Outcome outcome = outcomes.get(i);
            if (outcome != null && outcome.problem() != null) {
                status = status != null ? status : outcome.problem().status();
                issues.addAll(issues(outcome.problem(), "Bundle.entry[" + events.get(i).index() + "]"));
            }
        }
        issues.add(new Issue(IssueSeverity.INFORMATION, IssueType.INFORMATIONAL, "Bundle",
                "Bundle.type is transaction: nothing of this Bundle was stored (entries already stored by an earlier request stay as they were)"));
        return fhir(status, Issues.outcome(issues));
    }

    private static List<Issue> issues(ApiProblem problem, String entry) {
        IssueType type = switch (problem.status()) {
            case CONFLICT -> problem.type().equals("event-id-conflict") ? IssueType.DUPLICATE : IssueType.CONFLICT;
            case UNPROCESSABLE_ENTITY -> IssueType.BUSINESSRULE;
            case SERVICE_UNAVAILABLE -> IssueType.TRANSIENT;
            default -> IssueType.PROCESSING;
        };
        if (problem.errors().isEmpty()) {
            return List.of(Issue.error(type, entry, problem.getMessage()));
        }
        return problem.errors().stream().map(e -> Issue.error(type, entry + ".resource", e.field() + ": " + e.message())).toList();
    }

    @ExceptionHandler(FhirBundleIn.Unmappable.class)
    ResponseEntity<String> unmappable(FhirBundleIn.Unmappable e) {
        return fhir(HttpStatus.UNPROCESSABLE_ENTITY, Issues.outcome(e.issues()));
    }

    @ExceptionHandler(FhirBundleIn.Malformed.class)
    ResponseEntity<String> malformed(FhirBundleIn.Malformed e) {
        return fhir(HttpStatus.BAD_REQUEST, Issues.outcome(List.of(Issue.error(IssueType.STRUCTURE, null, e.getMessage()))));
    }

    /** A problem of the ingest path (a bad header, a store or lock failure) as an OperationOutcome. */
    @ExceptionHandler(ApiProblem.class)
    ResponseEntity<String> problem(ApiProblem problem) {
        ResponseEntity<String> answer = fhir(problem.status(), Issues.outcome(issues(problem, null)));
        if (problem.status() == HttpStatus.SERVICE_UNAVAILABLE) {
            return ResponseEntity.status(answer.getStatusCode()).headers(answer.getHeaders()).header(HttpHeaders.RETRY_AFTER, "5").body(answer.getBody());
        }
        return answer;
    }

    private static ResponseEntity<String> fhir(HttpStatus status, Resource resource) {
        return ResponseEntity.status(status).contentType(MediaType.parseMediaType(FhirR4.MEDIA_TYPE + ";charset=UTF-8"))
                .body(FhirR4.encode(resource));
    }
}
