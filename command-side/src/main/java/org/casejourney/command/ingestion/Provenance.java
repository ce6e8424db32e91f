package org.casejourney.command.ingestion;

import org.casejourney.platform.problems.ApiProblem;
import org.casejourney.command.platform.Caller;
import org.casejourney.events.Fields;
import org.springframework.http.HttpStatus;

import java.util.ArrayList;
import java.util.List;

/** Who sent an event and how to trace it; fills the event's own fields only where it left them empty. */
public record Provenance(String sourceSystem, String correlationId, String recordedBy) {

    /** From a request's headers, for its caller. Header values end up in stored events, so they obey the same limits as the fields they fill. */
    static Provenance fromHeaders(String sourceSystem, String correlationId) {
        List<ApiProblem.FieldError> errors = new ArrayList<>();
        if (sourceSystem != null && sourceSystem.length() > Fields.CODE_MAX) {
            errors.add(new ApiProblem.FieldError("X-Source-System", "is longer than " + Fields.CODE_MAX + " characters"));
        }
        if (correlationId != null && !correlationId.isBlank() && !Fields.ID.matches(correlationId)) {
            errors.add(new ApiProblem.FieldError("X-Correlation-Id", "must be 1-128 characters of A-Z a-z 0-9 . _ : -"));
        }
        if (!errors.isEmpty()) {
            throw new ApiProblem(HttpStatus.BAD_REQUEST, "invalid-header", "Invalid header",
                    errors.get(0).field() + " " + errors.get(0).message(), errors);
        }
        return new Provenance(blankToNull(sourceSystem), blankToNull(correlationId), Caller.principal());
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s;
    }
}
