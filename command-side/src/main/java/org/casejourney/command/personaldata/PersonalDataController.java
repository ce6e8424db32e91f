package org.casejourney.command.personaldata;

import io.swagger.v3.oas.annotations.Operation;
import org.casejourney.command.platform.Caller;
import org.casejourney.events.Fields;
import org.casejourney.platform.problems.ApiProblem;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/** Administrators erase a person's personal data, and rewrap data keys after a master-key rotation. */
@RestController
class PersonalDataController {

    /** Why the data is erased, for example the reference of the erasure request (1-100 characters). */
    record ErasureRequest(String reason) {
    }

    record RewrapResult(int rewrapped, long remaining) {
    }

    private final Erasure erasure;

    PersonalDataController(Erasure erasure) {
        this.erasure = erasure;
    }

    @Operation(summary = "Erase the person's personal free text (crypto-shredding)",
            description = "Destroys the person's data keys and records a PersonalDataErased event. Afterwards every whatMatters "
                    + "and reason recorded so far is unreadable everywhere (event store, topic, replay, subject access pack); "
                    + "every count and measure stays as it was and the hash chain still verifies. Events recorded later get "
                    + "a new key. Repeating the call when nothing is left to erase answers 200 with keysDestroyed 0.")
    @DeleteMapping("/api/v1/persons/{personId}/personal-data")
    Erasure.Outcome erase(@PathVariable String personId, @RequestBody(required = false) ErasureRequest request) {
        if (!Fields.PERSON_ID.matches(personId)) {
            throw new ApiProblem(HttpStatus.BAD_REQUEST, "invalid-person-id", "Invalid person id",
                    "A personId is 1-64 characters of A-Z a-z 0-9 . _ -");
        }
        String reason = request == null ? null : request.reason();
        if (reason == null || reason.isBlank() || reason.length() > Fields.CODE_MAX) {
            String message = "state why, in 1-" + Fields.CODE_MAX + " characters (for example the erasure request's reference): "
                    + "send {\"reason\": \"...\"} as the JSON body";
            throw new ApiProblem(HttpStatus.BAD_REQUEST, "invalid-erasure-request", "Invalid erasure request", "reason: " + message,
                    java.util.List.of(new ApiProblem.FieldError("reason", message)));
        }
        return erasure.erase(personId, reason, Caller.principal());
    }

    @Operation(summary = "Rewrap every data key with the active master key (step 2 of a master-key rotation)",
            description = "After adding a new master key and making it active, call this; when remaining is 0 the old master "
                    + "key can be removed from configuration (docs/security.md).")
    @PostMapping("/api/v1/admin/personal-data-keys/rewrap")
    RewrapResult rewrap() {
        int rewrapped = erasure.rewrapAll();
        return new RewrapResult(rewrapped, erasure.wrappedByRetiredKeys());
    }
}
