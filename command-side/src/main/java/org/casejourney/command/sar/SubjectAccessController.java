package org.casejourney.command.sar;

import io.swagger.v3.oas.annotations.Operation;
import jakarta.servlet.http.HttpServletRequest;
import org.casejourney.command.accesslog.AccessLog;
import org.casejourney.command.person.PersonStream;
import org.casejourney.command.personaldata.PersonalDataVault;
import org.casejourney.command.platform.Caller;
import org.casejourney.events.Fields;
import org.casejourney.events.RecordedEvent;
import org.casejourney.platform.problems.ApiProblem;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;

import java.time.Clock;
import java.util.List;

/** The subject access request pack: a person's whole story, as JSON or as HTML that prints well. */
@RestController
class SubjectAccessController {

    private final PersonStream stream;
    private final AccessLog accessLog;
    private final Clock clock;

    private final PersonalDataVault vault;

    SubjectAccessController(PersonStream stream, AccessLog accessLog, Clock clock, PersonalDataVault vault) {
        this.vault = vault;
        this.stream = stream;
        this.accessLog = accessLog;
        this.clock = clock;
    }

    @Operation(summary = "Subject access pack: every fact in time order with its corrections beside it; practitioners marked for redaction",
            description = "JSON by default; Accept: text/html gives a printable page.")
    @GetMapping(path = "/api/v1/persons/{personId}/sar", produces = MediaType.APPLICATION_JSON_VALUE)
    SubjectAccessPack json(@PathVariable String personId, HttpServletRequest request) {
        return pack(personId, request);
    }

    @GetMapping(path = "/api/v1/persons/{personId}/sar", produces = MediaType.TEXT_HTML_VALUE)
    ResponseEntity<String> html(@PathVariable String personId, HttpServletRequest request) {
        return ResponseEntity.ok().contentType(new MediaType(MediaType.TEXT_HTML, java.nio.charset.StandardCharsets.UTF_8))
                .body(SubjectAccessPage.render(pack(personId, request)));
    }

    private SubjectAccessPack pack(String personId, HttpServletRequest request) {
        if (!Fields.PERSON_ID.matches(personId)) {
            throw new ApiProblem(HttpStatus.BAD_REQUEST, "invalid-person-id", "Invalid person id",
                    "A personId is 1-64 characters of A-Z a-z 0-9 . _ -");
        }
        accessLog.record(personId, Caller.principal(), request);
        List<RecordedEvent> events = stream.readAll(personId, null);
        if (events.isEmpty()) {
            throw new ApiProblem(HttpStatus.NOT_FOUND, "person-not-found", "Person not found",
                    "No event is recorded for person '" + personId + "'.");
        }
        return SubjectAccessPack.of(personId, vault.reveal(personId, events).events(), clock.instant());
    }
}
