package org.casejourney.command.replay;

import jakarta.servlet.http.HttpServletRequest;
import org.casejourney.command.accesslog.AccessLog;
import org.casejourney.command.person.PersonStream;
import org.casejourney.command.personaldata.PersonalDataVault;
import org.casejourney.command.platform.Caller;
import org.casejourney.events.Fields;
import org.casejourney.events.RecordedEvent;
import org.casejourney.platform.problems.ApiProblem;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;

import java.time.Clock;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.List;

/**
 * The auditor's read of a whole person's stream as of an instant, and the access-log entry that
 * comes first: the journey and every other view of it (FHIR out) read through here, so each read
 * is checked and logged the same way. Personal free text is revealed as the replay shows it.
 */
@Component
public class PersonRead {

    /** The person's events recorded by {@code at} (oldest first, personal text revealed); {@code asOf} is null when not asked. */
    public record Stream(String personId, Instant asOf, Instant at, List<RecordedEvent> events, Instant personalDataErasedAt) {
    }

    private final PersonStream stream;
    private final AccessLog accessLog;
    private final PersonalDataVault vault;
    private final Clock clock;

    PersonRead(PersonStream stream, AccessLog accessLog, PersonalDataVault vault, Clock clock) {
        this.stream = stream;
        this.accessLog = accessLog;
        this.vault = vault;
        this.clock = clock;
    }

    /**
     * Checks the personId and {@code asOf} (an ISO-8601 instant, or null/blank for now), records the
     * read in the access log, then reads; 404 when nothing was recorded for the person by then.
     */
    public Stream readAll(String personId, String asOf, HttpServletRequest request) {
        checkPersonId(personId);
        Instant asOfInstant = parseAsOf(asOf);
        Instant at = asOfInstant == null ? clock.instant() : asOfInstant;
        accessLog.record(personId, Caller.principal(), request);
        List<RecordedEvent> events = stream.readAll(personId, at);
        if (events.isEmpty()) {
            throw notFound(personId, asOfInstant);
        }
        PersonalDataVault.Revealed revealed = vault.reveal(personId, events);
        return new Stream(personId, asOfInstant, at, revealed.events(), revealed.erasedAt());
    }

    static Instant parseAsOf(String asOf) {
        if (asOf == null || asOf.isBlank()) {
            return null;
        }
        try {
            return Instant.parse(asOf);
        } catch (DateTimeParseException e) {
            throw new ApiProblem(HttpStatus.BAD_REQUEST, "invalid-as-of", "Invalid asOf",
                    "asOf must be an ISO-8601 instant such as 2026-03-01T09:30:00Z; got '" + asOf + "'.");
        }
    }

    static void checkPersonId(String personId) {
        if (!Fields.PERSON_ID.matches(personId)) {
            throw new ApiProblem(HttpStatus.BAD_REQUEST, "invalid-person-id", "Invalid person id",
                    "A personId is 1-64 characters of A-Z a-z 0-9 . _ -");
        }
    }

    static ApiProblem notFound(String personId, Instant asOf) {
        return new ApiProblem(HttpStatus.NOT_FOUND, "person-not-found", "Person not found",
                "No event is recorded for person '" + personId + "'" + (asOf == null ? "" : " as of " + asOf) + ".");
    }
}
