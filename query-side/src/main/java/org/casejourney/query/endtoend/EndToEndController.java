package org.casejourney.query.endtoend;

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
import java.time.Instant;
import java.util.Arrays;
import java.util.List;

@RestController
@Tag(name = "End-to-end time", description = "How long people's episodes take, first contact to case closed")
class EndToEndController {

    private final FindEndToEnd find;
    private final Clock clock;

    EndToEndController(FindEndToEnd find, Clock clock) {
        this.find = find;
        this.clock = clock;
    }

    @GetMapping("/api/v1/end-to-end")
    @Operation(summary = "Find end-to-end days of closed episodes over time",
            description = "Per group and bucket of the episodes' closing time (UTC days; ISO weeks start on Monday): the closed "
                    + "episodes and the mean, median and 85th percentile (linear interpolation) of their end-to-end days, first "
                    + "contact to case closed. An episode matches service, team and channel when any of its events carried it, "
                    + "and counts in each such group. XmR summary over the per-bucket means (buckets without episodes skipped). A bucket "
                    + "whose episodes belong to fewer people than the minimum cohort size (default 10) has suppressed true and null "
                    + "figures. An answer of more than casejourney.analytics.max-cells cells (groups times buckets, default 50,000) is "
                    + "refused with 400. Beside each series, `open`: the group's episodes opened before `to` and still open at `asOf` "
                    + "(the instant of the answer), with the median and 85th percentile of the days they have run so far. Their "
                    + "end-to-end time is not yet known, only that it is longer (right-censored), so they are in no bucket's figures.")
    @ApiResponse(responseCode = "200", description = "The series",
            content = @Content(mediaType = "application/json", schema = @Schema(implementation = FindEndToEnd.EndToEnd.class)))
    @ApiResponse(responseCode = "400", description = "A parameter is malformed; `errors` names each one (type /problems/invalid-query)",
            content = @Content(mediaType = "application/problem+json", schema = @Schema(implementation = ProblemDetail.class)))
    FindEndToEnd.EndToEnd findEndToEnd(SeriesParameters parameters, HttpServletRequest request) {
        Instant now = clock.instant();
        return find.find(parameters.series(request, now), now);
    }

    @GetMapping(value = "/api/v1/end-to-end.csv", produces = "text/csv")
    @Operation(summary = "The end-to-end series as CSV",
            description = "The same parameters and figures as /api/v1/end-to-end, one row per group and bucket: group, start, closed "
                    + "episodes, mean, median and 85th percentile days, suppressed, the group's XmR mean and limits, and the group's "
                    + "open (censored) episodes with the median of their days so far. A download for spreadsheets.")
    @ApiResponse(responseCode = "200", description = "The table (attachment end-to-end.csv)")
    ResponseEntity<byte[]> findEndToEndCsv(SeriesParameters parameters, HttpServletRequest request) {
        FindEndToEnd.EndToEnd answer = findEndToEnd(parameters, request);
        return SeriesTable.series(List.of("closed_episodes", "mean_days", "median_days", "p85_days", "suppressed"),
                List.of("open_episodes", "open_median_days_so_far"), answer.groups(),
                point -> Arrays.asList(point.closedEpisodes(), point.mean(), point.median(), point.p85(), point.suppressed()),
                (group, point) -> Arrays.asList(group.open().episodes(), group.open().medianDaysSoFar()))
                .download("end-to-end.csv");
    }

    @GetMapping(value = "/api/v1/end-to-end-distribution.csv", produces = "text/csv")
    @Operation(summary = "The distribution of end-to-end days as CSV",
            description = "The same parameters as /api/v1/end-to-end; each group's distribution of the end-to-end days of the episodes "
                    + "closed in the range, one row per bin: group, from_days, to_days (empty for the open-ended last bin), episodes, "
                    + "suppressed. A download for spreadsheets.")
    @ApiResponse(responseCode = "200", description = "The table (attachment end-to-end-distribution.csv)")
    ResponseEntity<byte[]> findDistributionCsv(SeriesParameters parameters, HttpServletRequest request) {
        return SeriesTable.rows(List.of("from_days", "to_days", "episodes", "suppressed"), findEndToEnd(parameters, request).groups(),
                group -> group.distribution().bins(), (group, bin) -> Arrays.asList(bin.fromDays(), bin.toDays(), bin.episodes(), bin.suppressed()))
                .download("end-to-end-distribution.csv");
    }
}
