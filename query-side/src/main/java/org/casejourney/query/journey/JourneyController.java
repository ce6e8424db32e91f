package org.casejourney.query.journey;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.enums.ParameterIn;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.validation.constraints.Pattern;
import org.casejourney.events.journey.Journey;
import com.fasterxml.jackson.databind.JsonNode;
import org.casejourney.events.EventJson;
import org.casejourney.query.accesslog.AccessLog;
import org.casejourney.query.analytics.CsvTable;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;

/** One person's journey, under their pseudonym, folded live from the projected events so time-dependent measures are current. */
@RestController
@RequestMapping("/api/v1/journeys")
@Tag(name = "Journeys", description = "One person's end-to-end journey through the services")
class JourneyController {

    private final JourneyViews views;
    private final AccessLog accessLog;
    private final Clock clock;

    JourneyController(JourneyViews views, AccessLog accessLog, Clock clock) {
        this.views = views;
        this.accessLog = accessLog;
        this.clock = clock;
    }

    /** The shape of {@link org.casejourney.events.Pseudonyms#of}: {@code ps-} and 26 base32 characters. */
    static final String PSEUDONYM_PATTERN = "ps-[a-z2-7]{26}";

    @GetMapping("/{pseudonym}")
    @Operation(summary = "Find a person's journey",
            description = "Every per-person measure (contacts by demand type and failure category, referrals, assessments, "
                    + "handoffs, people, teams and organisations involved, hours, face-to-face share, episodes and returns) "
                    + "and the timeline of events with corrections applied, as the projection holds them now. The person is named "
                    + "by their pseudonym (a keyed HMAC of the personId, docs/analytics.md): the query side never holds personIds, "
                    + "so the journey's `personId` and every `personId` in its timeline carry the pseudonym, and personal free text "
                    + "(`whatMatters`, every `reason`) is absent. The read is recorded in the access log first; X-Purpose is optional.")
    @ApiResponse(responseCode = "200", description = "The journey; its personId field holds the pseudonym",
            content = @Content(mediaType = "application/json", schema = @Schema(implementation = Journey.class)))
    @ApiResponse(responseCode = "400", description = "Not a pseudonym (ps- and 26 of a-z 2-7), or an X-Purpose that is blank or over 500 characters",
            content = @Content(mediaType = "application/problem+json", schema = @Schema(implementation = ProblemDetail.class)))
    @ApiResponse(responseCode = "404", description = "No event of this person has been projected",
            content = @Content(mediaType = "application/problem+json", schema = @Schema(implementation = ProblemDetail.class)))
    @Parameter(in = ParameterIn.HEADER, name = AccessLog.PURPOSE_HEADER, schema = @Schema(type = "string"),
            description = "Why the journey is read, 1-500 characters; kept in the access log", example = "cohort review 2026-Q2")
    void findJourney(
            @Parameter(description = "The person's pseudonym, as the analytics views and other answers show it", example = "ps-abcdefghijklmnopqrstuvwxyz")
            @PathVariable @Pattern(regexp = PSEUDONYM_PATTERN, message = "must be a pseudonym: ps- and 26 of the characters a-z 2-7")
            String pseudonym,
            HttpServletRequest request, HttpServletResponse response) throws IOException {
        JourneyViews.JourneyJson journey = journeyJson(pseudonym, request);
        // written straight from the kept parts: a long journey is a megabyte, and an answer body would copy it
        response.setStatus(HttpServletResponse.SC_OK);
        response.setContentType(MediaType.APPLICATION_JSON_VALUE);
        response.setContentLength(journey.length());
        journey.writeTo(response.getOutputStream());
    }

    /** The timeline's columns: the entry's own, then the fields of the event as it counts (empty where it has none). */
    private static final List<String> ENTRY_COLUMNS = List.of("sequence", "eventId", "type", "status", "episode", "recordedAt", "recordedBy");
    private static final List<String> EVENT_COLUMNS = List.of("occurredAt", "service", "team", "organisation", "practitioner", "channel",
            "demandType", "failureCategory", "durationMinutes", "faceToFace", "assessmentType", "activity", "referralId", "fromTeam", "toTeam",
            "fromOrganisation", "toOrganisation", "outcome", "correctsEventId");

    @GetMapping(value = "/{pseudonym}.csv", produces = "text/csv")
    @Operation(summary = "A person's timeline as CSV",
            description = "The journey's timeline, one row per event in stream order: sequence, event id (pseudonym), type, status, "
                    + "episode, recorded at and by, then the event's fields as it counts (corrections applied): occurred at, service, team, "
                    + "organisation, practitioner, channel, demand type, failure category, minutes, face to face, assessment type, "
                    + "activity, referral, from and to team and organisation, outcome, corrected event. Recorded in the access log like "
                    + "the journey itself.")
    @ApiResponse(responseCode = "200", description = "The table (attachment journey-<pseudonym>.csv)")
    ResponseEntity<byte[]> findTimelineCsv(
            @PathVariable @Pattern(regexp = PSEUDONYM_PATTERN, message = "must be a pseudonym: ps- and 26 of the characters a-z 2-7")
            String pseudonym,
            HttpServletRequest request) {
        byte[] journey = journeyJson(pseudonym, request).bytes();
        List<String> header = new ArrayList<>(ENTRY_COLUMNS);
        header.addAll(EVENT_COLUMNS);
        CsvTable table = new CsvTable(header.stream().map(JourneyController::snake).toList());
        try {
            for (JsonNode entry : EventJson.mapper().readTree(journey).path("timeline")) {
                JsonNode event = entry.hasNonNull("effective") ? entry.path("effective") : entry.path("event");
                List<Object> row = new ArrayList<>();
                ENTRY_COLUMNS.forEach(column -> row.add(text(entry.path(column))));
                EVENT_COLUMNS.forEach(column -> row.add(text(event.path(column))));
                table.row(row);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return table.download("journey-" + pseudonym + ".csv");
    }

    /** The journey as JSON, its reading recorded in the access log first (also when nobody is found). */
    private JourneyViews.JourneyJson journeyJson(String pseudonym, HttpServletRequest request) {
        AccessLog.Pending entry = accessLog.pending(pseudonym, request);
        JourneyViews.JourneyJson journey = views.journeyJson(pseudonym, clock.instant(), entry);
        if (!entry.written()) {
            throw new IllegalStateException("a journey read without its access-log entry");
        }
        if (journey == null) {
            throw new PersonNotFound(pseudonym);
        }
        return journey;
    }

    private static String text(JsonNode value) {
        return value.isMissingNode() || value.isNull() ? null : value.asText();
    }

    private static String snake(String camel) {
        return camel.replaceAll("([a-z])([A-Z])", "$1_$2").toLowerCase(java.util.Locale.ROOT);
    }
}
