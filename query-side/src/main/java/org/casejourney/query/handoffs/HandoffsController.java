package org.casejourney.query.handoffs;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.servlet.http.HttpServletRequest;
import org.casejourney.query.analytics.CsvTable;
import org.casejourney.query.analytics.SeriesParameters;
import org.casejourney.query.analytics.SeriesQuery;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

import java.time.Clock;
import java.util.Arrays;
import java.util.List;

@RestController
@Tag(name = "Handoffs", description = "The handover-of-work network between teams and organisations")
class HandoffsController {

    private final FindHandoffs find;
    private final Clock clock;

    HandoffsController(FindHandoffs find, Clock clock) {
        this.find = find;
        this.clock = clock;
    }

    @GetMapping("/api/v1/handoffs")
    @Operation(summary = "Find the handoff and referral network",
            description = "Edges {from, to, count} between teams and between organisations, handoffs and referrals counted "
                    + "separately, corrections and retractions applied. A missing from-team (organisation) is the event's own; a "
                    + "handoff without a to-team stays in the from-team. Edges with an unknown end are left out. An edge whose moves "
                    + "concern fewer people than the minimum cohort size (default 10) has count null and suppressed true, after the others.")
    @ApiResponse(responseCode = "200", description = "The network",
            content = @Content(mediaType = "application/json", schema = @Schema(implementation = FindHandoffs.Network.class)))
    @ApiResponse(responseCode = "400", description = "A parameter is malformed; `errors` names each one (type /problems/invalid-query)",
            content = @Content(mediaType = "application/problem+json", schema = @Schema(implementation = ProblemDetail.class)))
    FindHandoffs.Network findHandoffs(SeriesParameters parameters, HttpServletRequest request) {
        SeriesQuery query = parameters.network(request, clock.instant());
        return find.find(query.filters().service(), query.filters().team(), query.from(), query.to());
    }

    @GetMapping(value = "/api/v1/handoffs.csv", produces = "text/csv")
    @Operation(summary = "The handoff and referral network as CSV",
            description = "The same parameters and edges as /api/v1/handoffs, one row per edge: network (teams or organisations), "
                    + "kind (handoff or referral), from, to, count, suppressed. An edge list for graph tools and spreadsheets.")
    @ApiResponse(responseCode = "200", description = "The edge list (attachment handoffs.csv)")
    ResponseEntity<byte[]> findHandoffsCsv(SeriesParameters parameters, HttpServletRequest request) {
        FindHandoffs.Network network = findHandoffs(parameters, request);
        CsvTable table = new CsvTable(List.of("network", "kind", "from", "to", "count", "suppressed"));
        edges(table, "teams", network.teams());
        edges(table, "organisations", network.organisations());
        return table.download("handoffs.csv");
    }

    private static void edges(CsvTable table, String network, FindHandoffs.Edges edges) {
        edges.handoffs().forEach(e -> table.row(Arrays.asList(network, "handoff", e.from(), e.to(), e.count(), e.suppressed())));
        edges.referrals().forEach(e -> table.row(Arrays.asList(network, "referral", e.from(), e.to(), e.count(), e.suppressed())));
    }
}
