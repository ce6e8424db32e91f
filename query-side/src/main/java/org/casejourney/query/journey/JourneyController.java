package org.casejourney.query.journey;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.constraints.Pattern;
import org.casejourney.events.Fields;
import org.casejourney.events.RecordedEvent;
import org.casejourney.events.journey.Journey;
import org.casejourney.events.journey.JourneyFold;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.http.ProblemDetail;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

import java.time.Clock;
import java.time.Duration;
import java.util.List;

/** One person's journey, folded live from the projected events so time-dependent measures are current. */
@RestController
@RequestMapping("/api/v1/journeys")
@Tag(name = "Journeys", description = "One person's end-to-end journey through the services")
class JourneyController {

    private final JourneyRows rows;
    private final Clock clock;
    private final Duration returnWindow;

    JourneyController(JourneyRows rows, Clock clock, @Value("${casejourney.journey.return-window-days:90}") int returnWindowDays) {
        this.rows = rows;
        this.clock = clock;
        this.returnWindow = Duration.ofDays(returnWindowDays);
    }

    @GetMapping("/{personId}")
    @Operation(summary = "Find a person's journey",
            description = "Every per-person measure (contacts by demand type and failure category, referrals, assessments, "
                    + "handoffs, people, teams and organisations involved, hours, face-to-face share, episodes and returns) "
                    + "and the timeline of events with corrections applied, as the projection holds them now.")
    @ApiResponse(responseCode = "200", description = "The journey",
            content = @Content(mediaType = "application/json", schema = @Schema(implementation = Journey.class)))
    @ApiResponse(responseCode = "400", description = "The person id is not 1 to 64 of [A-Za-z0-9._-]",
            content = @Content(mediaType = "application/problem+json", schema = @Schema(implementation = ProblemDetail.class)))
    @ApiResponse(responseCode = "404", description = "No event of this person has been projected",
            content = @Content(mediaType = "application/problem+json", schema = @Schema(implementation = ProblemDetail.class)))
    Journey findJourney(
            @Parameter(description = "The person's id, as used by the front-line systems", example = "person-42")
            @PathVariable @Pattern(regexp = Fields.PERSON_ID_PATTERN, message = "must be 1 to 64 of the characters A-Z a-z 0-9 . _ -")
            String personId) {
        List<RecordedEvent> events = rows.events(personId);
        if (events.isEmpty()) {
            throw new PersonNotFound(personId);
        }
        return JourneyFold.fold(personId, events, clock.instant(), returnWindow);
    }
}
