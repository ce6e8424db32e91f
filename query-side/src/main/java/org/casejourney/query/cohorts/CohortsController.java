package org.casejourney.query.cohorts;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.JsonNode;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.ExampleObject;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.casejourney.query.analytics.CsvTable;
import org.casejourney.query.analytics.InvalidQuery;
import org.casejourney.query.analytics.QueryChecks;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.Set;

@RestController
@RequestMapping("/api/v1/cohorts")
@Tag(name = "Cohorts", description = "Per-person measures of a cohort, and two cohorts side by side")
class CohortsController {

    static final int MAX_RETURN_WINDOW_DAYS = 3_650;

    private final CountCohortMeasures measures;
    private final ShownCohorts cohorts;

    CohortsController(CountCohortMeasures measures, ShownCohorts cohorts) {
        this.measures = measures;
        this.cohorts = cohorts;
    }

    @Schema(description = "Two cohorts to compare")
    record CompareRequest(CohortFilter a, CohortFilter b,
                          @Schema(description = "Days after a closure in which a contact counts as a return; default the projection's (90)",
                                  example = "90") Integer returnWindowDays,
                          @Schema(description = "Leave the people who match both filters out of both cohorts (default false: they "
                                  + "count in both, and `overlap.people` says how many they are)") Boolean excludeOverlap) {
    }

    @JsonInclude(JsonInclude.Include.ALWAYS)
    @Schema(description = "People matching both cohorts' filters, and whether they were left out of both")
    record Overlap(int people, boolean excluded) {
    }

    @Schema(description = "One cohort")
    record MeasuresRequest(String team, String service, String tag, String firstContactFrom, String firstContactTo,
                           @Schema(description = "Only these people, by pseudonym") List<String> pseudonyms,
                           @Schema(description = "Count only this part of their journeys") CohortFilter.ScopeFilter scope,
                           @Schema(description = "Days after a closure in which a contact counts as a return; default the projection's (90)",
                                   example = "90") Integer returnWindowDays) {
    }

    @JsonInclude(JsonInclude.Include.ALWAYS)
    record Comparison(int returnWindowDays,
                      @Schema(description = "The instant returns were judged at: an episode whose window had not elapsed by then, "
                              + "with no return yet, is pending and in no rate") Instant asOf,
                      Overlap overlap, CountCohortMeasures.Measures a, CountCohortMeasures.Measures b, CountCohortMeasures.Change change) {
    }

    @JsonInclude(JsonInclude.Include.ALWAYS)
    record CohortMeasures(int returnWindowDays,
                          @Schema(description = "The instant returns were judged at: an episode whose window had not elapsed by then, "
                                  + "with no return yet, is pending and in no rate") Instant asOf,
                          CountCohortMeasures.Measures measures) {
    }

    @PostMapping("/compare")
    @Operation(summary = "Compare two cohorts",
            description = "For each cohort: people and the per-person means of assessments, people involved end to end, referrals, "
                    + "total hours and face-to-face share (over people with recorded minutes), and returns: closed episodes split "
                    + "into returned, not returned and pending (window not yet elapsed at `asOf`, no return yet), and the return rate "
                    + "returned / (returned + not returned), null when no window has elapsed. A cohort's `scope` limits what is "
                    + "counted to the events of a service, team or period (each person's journey is folded and only that part "
                    + "counted; `scope` in the answer says which applied, null for whole journeys). `overlap.people` counts the "
                    + "people matching both filters; `excludeOverlap` leaves them out of both. `change` is the percent change from a to b (null when a is 0 or null). A cohort "
                    + "matching nobody has people 0 and null measures; one matching fewer than the minimum cohort size (default 10) "
                    + "is refused with 422.",
            requestBody = @io.swagger.v3.oas.annotations.parameters.RequestBody(required = true, content = @Content(
                    schema = @Schema(implementation = CompareRequest.class), examples = @ExampleObject(
                    value = "{\"a\": {\"team\": \"reablement-east\"}, \"b\": {\"team\": \"reablement-west\", \"tag\": \"trial-2026\"}, \"returnWindowDays\": 90}"))))
    @ApiResponse(responseCode = "200", description = "Both cohorts and the change",
            content = @Content(mediaType = "application/json", schema = @Schema(implementation = Comparison.class)))
    @ApiResponse(responseCode = "400", description = "A field is malformed; `errors` names each one, e.g. a.firstContactFrom (type /problems/invalid-query)",
            content = @Content(mediaType = "application/problem+json", schema = @Schema(implementation = ProblemDetail.class)))
    @ApiResponse(responseCode = "422", description = "Cohort a or b matches 1 to casejourney.analytics.min-cohort-size - 1 people (default 10): "
            + "no figures are shown; `cohort` names it (type /problems/cohort-too-small)",
            content = @Content(mediaType = "application/problem+json", schema = @Schema(implementation = ProblemDetail.class)))
    Comparison compareCohorts(@RequestBody JsonNode body) {
        List<InvalidQuery.FieldError> errors = new ArrayList<>();
        if (body == null || !body.isObject()) {
            throw InvalidQuery.of("body", "must be an object {\"a\": FILTER, \"b\": FILTER, \"returnWindowDays\": 90}");
        }
        for (Iterator<String> it = body.fieldNames(); it.hasNext(); ) {
            String field = it.next();
            if (!Set.of("a", "b", "returnWindowDays", "excludeOverlap").contains(field)) {
                errors.add(new InvalidQuery.FieldError(field, "is not a field; use a, b, returnWindowDays and excludeOverlap"));
            }
        }
        JsonNode exclude = body.get("excludeOverlap");
        if (exclude != null && !exclude.isNull() && !exclude.isBoolean()) {
            errors.add(new InvalidQuery.FieldError("excludeOverlap", "must be true or false"));
        }
        boolean excludeOverlap = exclude != null && exclude.asBoolean(false);
        CohortFilter.Checked a = CohortFilter.parse(body.get("a"), "a.", errors);
        CohortFilter.Checked b = CohortFilter.parse(body.get("b"), "b.", errors);
        int window = returnWindow(body, errors);
        QueryChecks.throwIfAny(errors);
        Instant asOf = measures.now();
        Overlap overlap = new Overlap(measures.overlap(a, b), excludeOverlap);
        CountCohortMeasures.Measures measuresA = cohorts.shown("a", measures.count(a, excludeOverlap ? b : null, window, asOf));
        CountCohortMeasures.Measures measuresB = cohorts.shown("b", measures.count(b, excludeOverlap ? a : null, window, asOf));
        return new Comparison(window, asOf, overlap, measuresA, measuresB, CountCohortMeasures.Change.between(measuresA, measuresB));
    }

    @PostMapping(value = "/compare.csv", produces = "text/csv")
    @Operation(summary = "Compare two cohorts, as CSV",
            description = "The same body, checks and figures as /api/v1/cohorts/compare, in the shape of the trial table: one row per "
                    + "measure with cohort a, cohort b and the percent change, then the return window, the instant returns were "
                    + "judged at and the people in both cohorts.")
    @ApiResponse(responseCode = "200", description = "The table (attachment cohorts.csv)")
    ResponseEntity<byte[]> compareCohortsCsv(@RequestBody JsonNode body) {
        Comparison comparison = compareCohorts(body);
        CountCohortMeasures.Measures a = comparison.a();
        CountCohortMeasures.Measures b = comparison.b();
        CountCohortMeasures.Change change = comparison.change();
        CsvTable table = new CsvTable(List.of("measure", "a", "b", "change_percent"));
        table.row(Arrays.asList("people", a.people(), b.people(), change.people()));
        table.row(Arrays.asList("assessments", a.assessments(), b.assessments(), change.assessments()));
        table.row(Arrays.asList("people_involved", a.peopleInvolved(), b.peopleInvolved(), change.peopleInvolved()));
        table.row(Arrays.asList("referrals", a.referrals(), b.referrals(), change.referrals()));
        table.row(Arrays.asList("total_hours", a.totalHours(), b.totalHours(), change.totalHours()));
        table.row(Arrays.asList("face_to_face_share", a.faceToFaceShare(), b.faceToFaceShare(), change.faceToFaceShare()));
        table.row(Arrays.asList("return_rate", a.returnRate(), b.returnRate(), change.returnRate()));
        table.row(Arrays.asList("closed_episodes", a.closedEpisodes(), b.closedEpisodes(), null));
        table.row(Arrays.asList("returned_episodes", a.returnedEpisodes(), b.returnedEpisodes(), null));
        table.row(Arrays.asList("not_returned_episodes", a.notReturnedEpisodes(), b.notReturnedEpisodes(), null));
        table.row(Arrays.asList("pending_episodes", a.pendingEpisodes(), b.pendingEpisodes(), null));
        table.row(Arrays.asList("return_window_days", comparison.returnWindowDays(), comparison.returnWindowDays(), null));
        table.row(Arrays.asList("as_of", comparison.asOf().toString(), comparison.asOf().toString(), null));
        table.row(Arrays.asList("people_in_both", comparison.overlap().people(), comparison.overlap().people(), null));
        return table.download("cohorts.csv");
    }

    @PostMapping("/measures")
    @Operation(summary = "Count one cohort's measures",
            description = "People and the per-person means of assessments, people involved, referrals, total hours, face-to-face share, "
                    + "and returns (returned, not returned, pending, and the rate over the episodes whose window has elapsed at `asOf`), "
                    + "for the people matching the filter (all given conditions hold).",
            requestBody = @io.swagger.v3.oas.annotations.parameters.RequestBody(required = true, content = @Content(
                    schema = @Schema(implementation = MeasuresRequest.class), examples = @ExampleObject(
                    value = "{\"service\": \"adult-social-care\", \"firstContactFrom\": \"2026-01-01\", \"returnWindowDays\": 90}"))))
    @ApiResponse(responseCode = "200", description = "The cohort's measures",
            content = @Content(mediaType = "application/json", schema = @Schema(implementation = CohortMeasures.class)))
    @ApiResponse(responseCode = "400", description = "A field is malformed; `errors` names each one (type /problems/invalid-query)",
            content = @Content(mediaType = "application/problem+json", schema = @Schema(implementation = ProblemDetail.class)))
    @ApiResponse(responseCode = "422", description = "The cohort matches 1 to casejourney.analytics.min-cohort-size - 1 people (default 10): "
            + "no figures are shown (type /problems/cohort-too-small)",
            content = @Content(mediaType = "application/problem+json", schema = @Schema(implementation = ProblemDetail.class)))
    CohortMeasures countCohortMeasures(@RequestBody JsonNode body) {
        List<InvalidQuery.FieldError> errors = new ArrayList<>();
        CohortFilter.Checked filter = CohortFilter.parse(body, "", errors);
        int window = body != null && body.isObject() ? returnWindow(body, errors) : measures.defaultReturnWindowDays();
        QueryChecks.throwIfAny(errors);
        Instant asOf = measures.now();
        return new CohortMeasures(window, asOf, cohorts.shown("", measures.count(filter, window, asOf)));
    }

    @ExceptionHandler(HttpMessageNotReadableException.class)
    ResponseEntity<ProblemDetail> unreadable(HttpMessageNotReadableException e) {
        InvalidQuery invalid = InvalidQuery.of("body", "must be a JSON object: " + e.getMostSpecificCause().getMessage());
        return ResponseEntity.status(invalid.status()).contentType(MediaType.APPLICATION_PROBLEM_JSON).body(invalid.toProblemDetail());
    }

    private int returnWindow(JsonNode body, List<InvalidQuery.FieldError> errors) {
        JsonNode window = body.get("returnWindowDays");
        if (window == null || window.isNull()) {
            return measures.defaultReturnWindowDays();
        }
        if (!window.isIntegralNumber() || window.asLong() < 1 || window.asLong() > MAX_RETURN_WINDOW_DAYS) {
            errors.add(new InvalidQuery.FieldError("returnWindowDays", "must be a whole number of days from 1 to " + MAX_RETURN_WINDOW_DAYS));
            return measures.defaultReturnWindowDays();
        }
        return window.asInt();
    }
}
