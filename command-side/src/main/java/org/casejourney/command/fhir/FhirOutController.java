package org.casejourney.command.fhir;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import jakarta.servlet.http.HttpServletRequest;
import org.casejourney.command.accesslog.AccessLog;
import org.casejourney.command.platform.CaseJourneyProperties;
import org.casejourney.command.replay.PersonRead;
import org.casejourney.platform.problems.ApiProblem;
import org.hl7.fhir.r4.model.OperationOutcome.IssueType;
import org.hl7.fhir.r4.model.Resource;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import java.time.Clock;
import java.util.List;

/**
 * FHIR R4 out, for auditors (docs/fhir.md, "FHIR out"): a person's journey as a Bundle of Patient,
 * EpisodeOfCare, Encounter, ServiceRequest and Task, and the person's access log as AuditEvents.
 * Each read is checked and access-logged before anything is read, exactly as the replay and the
 * access log's own endpoint are (it goes through their steps); answers are {@code application/fhir+json}.
 */
@RestController
class FhirOutController {

    private final PersonRead personRead;
    private final AccessLog accessLog;
    private final Clock clock;
    private final String personSystem;

    FhirOutController(PersonRead personRead, AccessLog accessLog, Clock clock, CaseJourneyProperties properties) {
        this.personRead = personRead;
        this.accessLog = accessLog;
        this.clock = clock;
        this.personSystem = properties.fhir().personIdentifierSystem();
    }

    @Operation(summary = "The person's journey as a FHIR R4 collection Bundle, as it stood at asOf (default now)",
            description = "Patient, an EpisodeOfCare per episode, an Encounter per contact, a ServiceRequest per referral and a Task per "
                    + "handoff, with corrections applied and retracted events left out, as the journey shows them; each resource's "
                    + "identifier carries its eventId. Mapping: docs/fhir.md. Header X-Purpose required; the read is access-logged.",
            responses = {
                    @ApiResponse(responseCode = "200", description = "a collection Bundle", content = @Content(mediaType = FhirR4.MEDIA_TYPE)),
                    @ApiResponse(responseCode = "400", description = "invalid personId or asOf, or no X-Purpose: OperationOutcome",
                            content = @Content(mediaType = FhirR4.MEDIA_TYPE)),
                    @ApiResponse(responseCode = "404", description = "nothing recorded for the person by asOf: OperationOutcome",
                            content = @Content(mediaType = FhirR4.MEDIA_TYPE))})
    @GetMapping("/api/v1/persons/{personId}/fhir")
    ResponseEntity<String> journey(@PathVariable String personId, @RequestParam(required = false) String asOf, HttpServletRequest request) {
        PersonRead.Stream read = personRead.readAll(personId, asOf, request);
        return fhir(HttpStatus.OK, JourneyOut.of(personId, personSystem, read.events(), read.at()));
    }

    @Operation(summary = "Every recorded read of this person's data as FHIR R4 AuditEvents (IHE BALP shape), oldest first",
            description = "A collection Bundle of AuditEvents: who (agent, requestor), when (recorded), what (entity: the Patient, and the "
                    + "request), why (purposeOfEvent: the X-Purpose stated). Reading it is itself recorded first, as for /access-log.",
            responses = {
                    @ApiResponse(responseCode = "200", description = "a collection Bundle", content = @Content(mediaType = FhirR4.MEDIA_TYPE)),
                    @ApiResponse(responseCode = "400", description = "invalid personId or limit, or no X-Purpose: OperationOutcome",
                            content = @Content(mediaType = FhirR4.MEDIA_TYPE))})
    @GetMapping("/api/v1/persons/{personId}/access-log/fhir")
    ResponseEntity<String> accessLog(@PathVariable String personId, @RequestParam(defaultValue = "1000") int limit,
                                     HttpServletRequest request) {
        List<AccessLog.Entry> entries = accessLog.readLogged(personId, limit, request);
        return fhir(HttpStatus.OK, AuditEventsOut.of(personSystem, entries, clock.instant()));
    }

    /** A refusal (a bad parameter, no purpose, nobody recorded, a store failure) as an OperationOutcome. */
    @ExceptionHandler(ApiProblem.class)
    ResponseEntity<String> problem(ApiProblem problem) {
        IssueType type = switch (problem.status()) {
            case NOT_FOUND -> IssueType.NOTFOUND;
            case BAD_REQUEST -> problem.type().equals("purpose-required") ? IssueType.REQUIRED : IssueType.INVALID;
            case SERVICE_UNAVAILABLE -> IssueType.TRANSIENT;
            default -> IssueType.PROCESSING;
        };
        return fhir(problem.status(), Issues.outcome(List.of(Issue.error(type, null, problem.getMessage()))));
    }

    private static ResponseEntity<String> fhir(HttpStatus status, Resource resource) {
        return ResponseEntity.status(status).contentType(MediaType.parseMediaType(FhirR4.MEDIA_TYPE + ";charset=UTF-8"))
                .body(FhirR4.encode(resource));
    }
}
