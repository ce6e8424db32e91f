package org.casejourney.query.failuredemand;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.servlet.http.HttpServletRequest;
import org.casejourney.query.analytics.SeriesQuery;
import org.springframework.http.ProblemDetail;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import java.time.Clock;

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
    FindFailureDemand.FailureDemand findFailureDemand(
            @Parameter(description = "Only contacts of this service", example = "adult-social-care") @RequestParam(required = false) String service,
            @Parameter(description = "Only contacts of this team", example = "front-door") @RequestParam(required = false) String team,
            @Parameter(description = "Only contacts through this channel: PHONE, FACE_TO_FACE, HOME_VISIT, ONLINE, EMAIL, LETTER", example = "PHONE")
            @RequestParam(required = false) String channel,
            @Parameter(description = "Start, inclusive: a date (a UTC day) or an instant with offset. Default: the Monday 51 weeks "
                    + "before the week holding `to`", example = "2026-01-05") @RequestParam(required = false) String from,
            @Parameter(description = "End: a date is inclusive (through the end of that UTC day), an instant exclusive. "
                    + "Default: the end of today (UTC)", example = "2026-12-31") @RequestParam(required = false) String to,
            @Parameter(description = "day, week (ISO, Monday, UTC) or month. Default week", example = "week")
            @RequestParam(required = false) String bucket,
            @Parameter(description = "service, team, channel or none (one series). Default none", example = "service")
            @RequestParam(required = false) String groupBy,
            HttpServletRequest request) {
        SeriesQuery.refuseUnknown(request.getParameterMap(), SeriesQuery.PARAMETERS);
        return find.find(SeriesQuery.parse(service, team, channel, from, to, bucket, groupBy, clock.instant()));
    }
}
