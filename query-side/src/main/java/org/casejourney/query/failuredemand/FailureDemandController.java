package org.casejourney.query.failuredemand;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.servlet.http.HttpServletRequest;
import org.casejourney.query.analytics.SeriesParameters;
import org.casejourney.query.analytics.SeriesTable;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

import java.time.Clock;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;

@RestController
@Tag(name = "Failure demand", description = "How much of the demand is failure demand, where, and whether it is changing")
class FailureDemandController {

    private final FindFailureDemand find;
    private final Clock clock;

    FailureDemandController(FindFailureDemand find, Clock clock) {
        this.find = find;
        this.clock = clock;
    }

    @GetMapping("/api/v1/failure-demand")
    @Operation(summary = "Find the failure-demand rate over time",
            description = "Per group and time bucket (UTC days; ISO weeks start on Monday): contacts, failure contacts, the rate "
                    + "(failure / all contacts, null when a bucket has no contacts) and the failure contacts by category. Empty "
                    + "buckets inside the range are listed with zero contacts. Each series has its XmR summary over the rates "
                    + "(buckets without a rate are skipped): mean, natural process limits mean ± 2.66 × mean moving range "
                    + "(lower limit floored at 0) and the signals (buckets outside the limits, runs of 8 or more on one side of the mean). "
                    + "Corrections and retractions are applied. A bucket whose contacts came from fewer people than the minimum "
                    + "cohort size (casejourney.analytics.min-cohort-size, default 10) is listed with suppressed true and null figures.")
    @ApiResponse(responseCode = "200", description = "The series",
            content = @Content(mediaType = "application/json", schema = @Schema(implementation = FindFailureDemand.FailureDemand.class)))
    @ApiResponse(responseCode = "400", description = "A parameter is malformed; `errors` names each one (type /problems/invalid-query)",
            content = @Content(mediaType = "application/problem+json", schema = @Schema(implementation = ProblemDetail.class)))
    FindFailureDemand.FailureDemand findFailureDemand(SeriesParameters parameters, HttpServletRequest request) {
        return find.find(parameters.series(request, clock.instant()));
    }

    @GetMapping(value = "/api/v1/failure-demand.csv", produces = "text/csv")
    @Operation(summary = "The failure-demand series as CSV",
            description = "The same parameters and figures as /api/v1/failure-demand, one row per group and bucket: group, start, "
                    + "contacts, failure contacts, rate, suppressed, the group's XmR mean and limits, and a column per failure "
                    + "category. A download for spreadsheets (UTF-8 with a byte-order mark, RFC 4180).")
    @ApiResponse(responseCode = "200", description = "The table (attachment failure-demand.csv)")
    ResponseEntity<byte[]> findFailureDemandCsv(SeriesParameters parameters, HttpServletRequest request) {
        FindFailureDemand.FailureDemand answer = findFailureDemand(parameters, request);
        Set<String> categories = new TreeSet<>();
        answer.groups().forEach(g -> g.series().forEach(p -> {
            if (p.byCategory() != null) {
                categories.addAll(p.byCategory().keySet());
            }
        }));
        return SeriesTable.series(List.of("contacts", "failure_contacts", "rate", "suppressed"),
                categories.stream().map(c -> "failure_" + c.toLowerCase(Locale.ROOT)).toList(), answer.groups(),
                point -> Arrays.asList(point.contacts(), point.failureContacts(), point.rate(), point.suppressed()),
                (group, point) -> categories.stream().map(c -> (Object) (point.byCategory() == null ? null
                        : point.byCategory().getOrDefault(c, 0))).toList())
                .download("failure-demand.csv");
    }
}
