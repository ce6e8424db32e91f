package org.casejourney.query.cohorts;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.servlet.http.HttpServletRequest;
import org.casejourney.query.analytics.Downloads;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.servlet.mvc.method.annotation.StreamingResponseBody;

import java.io.IOException;
import java.io.OutputStream;

/** A cohort's journeys as event logs for process-mining tools (OCEL 2.0 and XES), streamed as downloads. */
@RestController
@RequestMapping("/api/v1/cohorts")
@Tag(name = "Cohorts", description = "Per-person measures of a cohort, and two cohorts side by side")
class CohortExportsController {

    private final ShownCohorts cohorts;
    private final CohortOcel ocel;
    private final CohortXes xes;

    CohortExportsController(ShownCohorts cohorts, CohortOcel ocel, CohortXes xes) {
        this.cohorts = cohorts;
        this.ocel = ocel;
        this.xes = xes;
    }

    @GetMapping(value = "/ocel", produces = MediaType.APPLICATION_JSON_VALUE)
    @Operation(summary = "Export a cohort's journeys as an OCEL 2.0 event log",
            description = "For process-mining tools (PM4Py, Celonis, ProM): the OCEL 2.0 JSON log of the chosen people's whole "
                    + "journeys, every counted event (corrections applied, retractions left out) related to its person (pseudonym), "
                    + "episode, team, practitioners and referral, with those objects and their attributes. It validates against the "
                    + "published schema (docs/standards/ocel20-schema-json.json). Streamed as a download, so a large cohort is never "
                    + "held in memory; recorded in the access log. A cohort of 1 to min-cohort-size - 1 people is refused with 422.")
    @ApiResponse(responseCode = "200", description = "The log (attachment casejourney-cohort.ocel.json)")
    @ApiResponse(responseCode = "400", description = "A parameter is malformed or unknown (type /problems/invalid-query)",
            content = @Content(mediaType = "application/problem+json", schema = @Schema(implementation = ProblemDetail.class)))
    @ApiResponse(responseCode = "422", description = "The cohort is too small to show (type /problems/cohort-too-small)",
            content = @Content(mediaType = "application/problem+json", schema = @Schema(implementation = ProblemDetail.class)))
    ResponseEntity<StreamingResponseBody> exportOcel(
            CohortParameters filter,
            HttpServletRequest request) {
        return export(filter, request, MediaType.APPLICATION_JSON, "casejourney-cohort.ocel.json", ocel::write);
    }

    @GetMapping(value = "/xes", produces = MediaType.APPLICATION_XML_VALUE)
    @Operation(summary = "Export a cohort's journeys as an XES event log",
            description = "For case-centric process-mining tools (ProM, PM4Py, Disco, Celonis): the IEEE 1849 XES log of the chosen "
                    + "people's whole journeys, one trace per episode (concept:name pseudonym/episode-n, with the person's pseudonym "
                    + "and, once closed, the episode's outcome, returnStatus and endToEndDays), holding each counted event "
                    + "(corrections applied, retractions left out) the journey fold placed in that episode, in time order: "
                    + "concept:name (the event type), time:timestamp, org:resource (practitioner), org:group (team), "
                    + "lifecycle:transition complete, and the same typed attributes as the OCEL export. It validates against the "
                    + "published schema (docs/standards/xes-ieee-1849.xsd). Streamed as a download, so a large cohort is never "
                    + "held in memory; recorded in the access log. A cohort of 1 to min-cohort-size - 1 people is refused with 422.")
    @ApiResponse(responseCode = "200", description = "The log (attachment casejourney-cohort.xes)")
    @ApiResponse(responseCode = "400", description = "A parameter is malformed or unknown (type /problems/invalid-query)",
            content = @Content(mediaType = "application/problem+json", schema = @Schema(implementation = ProblemDetail.class)))
    @ApiResponse(responseCode = "422", description = "The cohort is too small to show (type /problems/cohort-too-small)",
            content = @Content(mediaType = "application/problem+json", schema = @Schema(implementation = ProblemDetail.class)))
    ResponseEntity<StreamingResponseBody> exportXes(
            CohortParameters filter,
            HttpServletRequest request) {
        return export(filter, request, MediaType.APPLICATION_XML, "casejourney-cohort.xes", xes::write);
    }

    /** How a log of the cohort's journeys is written. */
    private interface EventLog {
        void write(CohortFilter.Checked filter, OutputStream out) throws IOException;
    }

    /** The log of the cohort the parameters choose, streamed as a download once the cohort is checked and its reading logged. */
    private ResponseEntity<StreamingResponseBody> export(CohortParameters filter, HttpServletRequest request, MediaType type, String filename,
                                                         EventLog log) {
        CohortFilter.Checked checked = cohorts.read(filter, request, CohortParameters.FILTER).filter();
        return Downloads.attachment(type, filename).body(out -> log.write(checked, out));
    }
}
