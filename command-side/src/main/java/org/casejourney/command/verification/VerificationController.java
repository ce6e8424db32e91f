package org.casejourney.command.verification;

import io.swagger.v3.oas.annotations.Operation;
import jakarta.servlet.http.HttpServletRequest;
import org.casejourney.command.accesslog.AccessLog;
import org.casejourney.command.platform.Caller;
import org.casejourney.events.Fields;
import org.casejourney.platform.problems.ApiProblem;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;

/** Auditors check that a person's stream is exactly as it was recorded. */
@RestController
class VerificationController {

    private final ChainVerification verification;
    private final AccessLog accessLog;

    VerificationController(ChainVerification verification, AccessLog accessLog) {
        this.verification = verification;
        this.accessLog = accessLog;
    }

    @Operation(summary = "Recompute the person's hash chain",
            description = "status is intact, or broken with the first broken sequence and why. When signed checkpoints are "
                    + "kept (docs/security.md, Tamper evidence), the stream is also held against the newest checkpoint that "
                    + "anchored it (anchor): a removed tail or a chain recomputed since then is reported as broken.")
    @GetMapping("/api/v1/persons/{personId}/verify")
    ChainVerification.Result verify(@PathVariable String personId, HttpServletRequest request) {
        if (!Fields.PERSON_ID.matches(personId)) {
            throw new ApiProblem(HttpStatus.BAD_REQUEST, "invalid-person-id", "Invalid person id",
                    "A personId is 1-64 characters of A-Z a-z 0-9 . _ -");
        }
        accessLog.record(personId, Caller.principal(), request);
        ChainVerification.Result result = verification.verify(personId);
        if (result.events() == 0 && result.anchor() == null) {
            throw new ApiProblem(HttpStatus.NOT_FOUND, "person-not-found", "Person not found",
                    "No event is recorded for person '" + personId + "'.");
        }
        return result;
    }
}
