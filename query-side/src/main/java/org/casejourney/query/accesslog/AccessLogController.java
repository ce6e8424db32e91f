package org.casejourney.query.accesslog;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.enums.ParameterIn;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.servlet.http.HttpServletRequest;
import org.casejourney.events.Pseudonyms;
import org.casejourney.query.analytics.InvalidQuery;
import org.springframework.http.ProblemDetail;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import java.util.List;

/** Auditors see who read a person's data on the query side, when, through which endpoint, and why. */
@RestController
@Tag(name = "Access log", description = "Every read of one person's data on the query side (auditors)")
class AccessLogController {

    static final int MAX_LIMIT = 10_000;

    @Schema(description = "Access log entries, newest first")
    record AccessLogPage(@Schema(description = "The pseudonym asked for; null for everyone's entries") String pseudonym,
                         List<AccessLog.Entry> entries) {
    }

    private final AccessLog accessLog;

    AccessLogController(AccessLog accessLog) {
        this.accessLog = accessLog;
    }

    @GetMapping("/api/v1/access-log")
    @Operation(summary = "List the query side's access log",
            description = "Every recorded read of a person's journey (who, when, endpoint, stated purpose, client address, the "
                    + "person's pseudonym), newest first; of one person with `pseudonym`, else of everyone. Reading the log is "
                    + "itself recorded first, so the answer starts with this read. Auditors must send X-Purpose.")
    @ApiResponse(responseCode = "200", description = "The entries")
    @ApiResponse(responseCode = "400", description = "No X-Purpose (/problems/purpose-required), a blank or longer one "
            + "(/problems/invalid-purpose), or a malformed pseudonym or limit (/problems/invalid-query)",
            content = @Content(mediaType = "application/problem+json", schema = @Schema(implementation = ProblemDetail.class)))
    @Parameter(in = ParameterIn.HEADER, name = AccessLog.PURPOSE_HEADER, required = true, schema = @Schema(type = "string"),
            description = "Why the log is read, 1-500 characters", example = "complaint 2026-17")
    AccessLogPage listAccessLog(
            @Parameter(description = "Only this person's entries: their pseudonym (ps- and 26 of a-z 2-7)", example = "ps-abcdefghijklmnopqrstuvwxyz")
            @RequestParam(required = false) String pseudonym,
            @Parameter(description = "At most this many entries, 1 to 10000") @RequestParam(defaultValue = "100") int limit,
            HttpServletRequest request) {
        if (pseudonym != null && !Pseudonyms.looksLikeOne(pseudonym)) {
            throw InvalidQuery.of("pseudonym", "must be a pseudonym: ps- and 26 of a-z 2-7");
        }
        if (limit < 1 || limit > MAX_LIMIT) {
            throw InvalidQuery.of("limit", "must be 1 to " + MAX_LIMIT);
        }
        accessLog.record(pseudonym, request);
        return new AccessLogPage(pseudonym, accessLog.entries(pseudonym, limit));
    }
}
