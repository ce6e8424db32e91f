package org.casejourney.query.projections;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.enums.ParameterIn;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import org.casejourney.query.accesslog.AccessLog;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import java.net.URI;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The projections' state, their rebuild and their parked records. The rebuild and the replay are
 * admin operations; the API has no authentication yet, so they are as open as the rest of it.
 */
@RestController
@RequestMapping("/api/v1/projections")
@Tag(name = "Projections", description = "Projection state, lag, rebuild and parked records (admin)")
class ProjectionsController {

    private final ProjectionLifecycle projection;
    private final ProjectionStatus status;
    private final ProjectionRebuild rebuild;

    private final AccessLog accessLog;

    ProjectionsController(ProjectionLifecycle projection, ProjectionStatus status, ProjectionRebuild rebuild, AccessLog accessLog) {
        this.projection = projection;
        this.status = status;
        this.rebuild = rebuild;
        this.accessLog = accessLog;
    }

    record Listing(List<ProjectionStatus.Status> projections) {
    }

    record ParkedPage(String projection, int page, int size, long total, List<ProjectionLifecycle.Parked> records) {
    }

    @GetMapping
    @Operation(summary = "List the projections",
            description = "Each projection's state (LIVE, or REBUILDING with progress), stored position per partition, lag in records "
                    + "(log end offset minus position) and in seconds (age of the newest applied record while records wait), the count "
                    + "of parked records, the people whose journey and facts a catch-up has yet to write (unfolded), and the last rebuild.")
    Listing listProjections() {
        return new Listing(status.all());
    }

    @PostMapping("/{name}/rebuild")
    @Operation(summary = "Rebuild a projection from the topic",
            description = "Starts rebuilding into a fresh schema from offset 0 while the live projection keeps serving; the new "
                    + "schema is switched in atomically once caught up. Progress shows in the listing.")
    @ApiResponse(responseCode = "202", description = "Started; the Location is the listing")
    @ApiResponse(responseCode = "404", description = "No such projection",
            content = @Content(mediaType = "application/problem+json", schema = @Schema(implementation = ProblemDetail.class)))
    @ApiResponse(responseCode = "409", description = "A rebuild is already running",
            content = @Content(mediaType = "application/problem+json", schema = @Schema(implementation = ProblemDetail.class)))
    ResponseEntity<ProjectionStatus.Status> rebuildProjection(@PathVariable String name) {
        known(name);
        rebuild.start();
        return ResponseEntity.accepted().location(URI.create("/api/v1/projections")).body(status.of());
    }

    @GetMapping("/{name}/parked")
    @Operation(summary = "List parked records",
            description = "Records the projection could not apply, in their order on the topic, with the reason. A person's "
                    + "records after a parked one are parked behind it. Records are shown as they came (so they can be fixed and "
                    + "replayed): key and payload may hold a personId. Each read is therefore recorded in the access log first, one "
                    + "entry per person shown (by pseudonym) and one without a pseudonym when a record's key is no personId; "
                    + "X-Purpose is optional.")
    @Parameter(in = ParameterIn.HEADER, name = AccessLog.PURPOSE_HEADER, schema = @Schema(type = "string"),
            description = "Why the parked records are read, 1-500 characters; kept in the access log", example = "fix parked 2026-07")
    ParkedPage listParked(@PathVariable String name,
                          @RequestParam(defaultValue = "0") @Min(0) int page,
                          @RequestParam(defaultValue = "50") @Min(1) @Max(1000) int size,
                          HttpServletRequest request) {
        known(name);
        List<ProjectionLifecycle.Parked> records = projection.parked((long) page * size, size);
        // the people shown are logged before they are shown; a failed entry shows nothing
        Set<String> people = new LinkedHashSet<>();
        records.forEach(record -> people.add(record.pseudonym()));
        people.forEach(pseudonym -> accessLog.record(pseudonym, request));
        return new ParkedPage(name, page, size, projection.parkedCount(), records);
    }

    @PostMapping("/{name}/parked/replay")
    @Operation(summary = "Replay parked records",
            description = "Applies every parked record again, each person's in their original order; those that still fail stay "
                    + "parked with the new reason. Refused while a rebuild runs.")
    @ApiResponse(responseCode = "409", description = "A rebuild is running",
            content = @Content(mediaType = "application/problem+json", schema = @Schema(implementation = ProblemDetail.class)))
    ProjectionLifecycle.Replayed replayParked(@PathVariable String name) {
        known(name);
        // a replay changes the live schema outside the topic: the rebuilt one would not have it
        if (rebuild.running() != null) {
            throw new RebuildConflict("Parked records cannot be replayed while the " + name + " projection is rebuilt.");
        }
        return projection.replayParked();
    }

    private void known(String name) {
        if (!projection.name().equals(name)) {
            throw new ProjectionNotFound(name);
        }
    }
}
