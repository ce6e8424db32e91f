package org.casejourney.command.replay;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Schema;
import jakarta.servlet.http.HttpServletRequest;
import org.casejourney.command.accesslog.AccessLog;
import org.casejourney.command.person.PersonStream;
import org.casejourney.command.person.StoredStreams;
import org.casejourney.command.personaldata.PersonalDataVault;
import org.casejourney.events.Pseudonyms;
import org.casejourney.command.platform.Caller;
import org.casejourney.command.platform.CaseJourneyProperties;
import org.casejourney.events.PersonEvent;
import org.casejourney.events.RecordedEvent;
import org.casejourney.events.journey.Journey;
import org.casejourney.events.journey.JourneyFold;
import org.casejourney.platform.problems.ApiProblem;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * Auditors replay a person's stream as recorded (an event stored in an older form shown in today's, naming the
 * version it was recorded in), and see the journey as it stood at any past instant.
 */
@RestController
@RequestMapping("/api/v1/persons/{personId}")
class ReplayController {

    static final int MAX_PAGE = 1000;

    /** A page of the stream; {@code nextFromSequence} is null on the last page. */
    record StreamPage(String personId, String pseudonym, Instant asOf, Instant personalDataErasedAt, List<ReplayedEvent> events,
                      Long nextFromSequence) {
    }

    /**
     * A stored event as {@link RecordedEvent} writes it, and, when it was stored in an older form and is shown
     * in today's (read through an upcaster), the version it was recorded in.
     */
    record ReplayedEvent(String personId, long sequence, Long globalPosition, Instant recordedAt, String recordedBy, PersonEvent event,
                         @Schema(description = "Present only when the event was stored in an older form of its type: that form's "
                                 + "version (such as 0.9). The event is shown in today's form, read through an upcaster; the stored row "
                                 + "is unchanged and the hash chain covers it as stored.") String recordedVersion) {

        static ReplayedEvent of(RecordedEvent recorded, String recordedVersion) {
            return new ReplayedEvent(recorded.personId(), recorded.sequence(), recorded.globalPosition(), recorded.recordedAt(),
                    recorded.recordedBy(), recorded.event(), recordedVersion);
        }
    }

    private final PersonRead personRead;
    private final StoredStreams stored;
    private final AccessLog accessLog;
    private final PersonalDataVault vault;
    private final Pseudonyms pseudonyms;
    private final int defaultReturnWindowDays;

    ReplayController(PersonRead personRead, StoredStreams stored, AccessLog accessLog, PersonalDataVault vault,
                     Pseudonyms pseudonyms, CaseJourneyProperties properties) {
        this.defaultReturnWindowDays = properties.journey().returnWindowDays();
        this.stored = stored;
        this.vault = vault;
        this.pseudonyms = pseudonyms;
        this.personRead = personRead;
        this.accessLog = accessLog;
    }

    @Operation(summary = "Replay a person's stream in order, with all metadata, corrections and retractions as recorded",
            description = "Paged by sequence: pass nextFromSequence back as fromSequence. asOf keeps only what was recorded by then. "
                    + "An event stored in an older form of its type is shown in today's form and names that form in recordedVersion.")
    @GetMapping("/events")
    StreamPage events(@PathVariable String personId,
                      @RequestParam(defaultValue = "0") long fromSequence,
                      @RequestParam(defaultValue = "100") int limit,
                      @RequestParam(required = false) String asOf,
                      HttpServletRequest request) {
        PersonRead.checkPersonId(personId);
        if (fromSequence < 0 || limit < 1 || limit > MAX_PAGE) {
            throw new ApiProblem(HttpStatus.BAD_REQUEST, "invalid-page", "Invalid page",
                    "fromSequence must be 0 or more and limit 1 to " + MAX_PAGE + ".");
        }
        Instant asOfInstant = PersonRead.parseAsOf(asOf);
        accessLog.record(personId, Caller.principal(), request);
        PersonStream.Stretch page = stored.page(personId, fromSequence, limit + 1, asOfInstant);
        List<RecordedEvent> events = page.events();
        if (events.isEmpty() && fromSequence == 0) {
            throw PersonRead.notFound(personId, asOfInstant);
        }
        Long next = events.size() > limit ? events.get(limit).sequence() : null;
        PersonalDataVault.Revealed revealed = vault.reveal(personId, events.subList(0, Math.min(limit, events.size())));
        List<ReplayedEvent> replayed = revealed.events().stream()
                .map(e -> ReplayedEvent.of(e, page.recordedVersions().get(e.sequence()))).toList();
        return new StreamPage(personId, pseudonyms.of(personId), asOfInstant, revealed.erasedAt(), replayed, next);
    }

    @Operation(summary = "The person's journey measures as they stood at asOf (default now), from the shared fold",
            description = "Returns are judged at asOf: a closed episode whose return window had not elapsed by then, with no "
                    + "return yet, is PENDING and in no rate. returnWindowDays defaults to casejourney.journey.return-window-days "
                    + "(90), the setting the query side binds too.")
    @GetMapping("/journey")
    Journey journey(@PathVariable String personId,
                    @RequestParam(required = false) String asOf,
                    @RequestParam(required = false) Integer returnWindowDays,
                    HttpServletRequest request) {
        PersonRead.checkPersonId(personId);
        int window = returnWindowDays == null ? defaultReturnWindowDays : returnWindowDays;
        if (window < 1 || window > CaseJourneyProperties.Journey.MAX_RETURN_WINDOW_DAYS) {
            throw new ApiProblem(HttpStatus.BAD_REQUEST, "invalid-return-window", "Invalid return window",
                    "returnWindowDays must be 1 to " + CaseJourneyProperties.Journey.MAX_RETURN_WINDOW_DAYS + ".");
        }
        PersonRead.Stream read = personRead.readAll(personId, asOf, request);
        return JourneyFold.fold(personId, read.events(), read.at(), Duration.ofDays(window));
    }
}
