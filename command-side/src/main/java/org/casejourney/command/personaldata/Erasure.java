package org.casejourney.command.personaldata;

import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.modelling.command.ConcurrencyException;
import org.casejourney.command.person.Decision;
import org.casejourney.command.person.PersonStream;
import org.casejourney.command.person.RecordEvents;
import org.casejourney.events.EventJson;
import org.casejourney.events.PersonalDataErased;
import org.casejourney.platform.problems.ApiProblem;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpStatus;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Service;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.UUID;

/**
 * Erases a person's personal data by destroying their data keys and recording a
 * {@link PersonalDataErased} event on their stream, both in one transaction: either the keys are
 * gone and the erasure is on the record, or neither.
 */
@Service
class Erasure {

    private static final Logger log = LoggerFactory.getLogger(Erasure.class);

    /** What an erasure did; {@code sequence} is null when there was nothing left to erase. */
    record Outcome(String personId, Instant erasedAt, int keysDestroyed, String eventId, Long sequence) {
    }

    private final CommandGateway commands;
    private final PersonStream stream;
    private final PersonKeys keys;
    private final TransactionTemplate transaction;
    private final JdbcTemplate jdbc;
    private final Clock clock;

    Erasure(CommandGateway commands, PersonStream stream, PersonKeys keys, PlatformTransactionManager transactions,
            JdbcTemplate jdbc, Clock clock) {
        this.commands = commands;
        this.stream = stream;
        this.keys = keys;
        this.transaction = new TransactionTemplate(transactions);
        this.jdbc = jdbc;
        this.clock = clock;
    }

    Outcome erase(String personId, String reason, String principal) {
        Outcome outcome;
        try {
            outcome = transaction.execute(status -> eraseInTransaction(personId, reason, principal));
        } catch (ConcurrencyException e) {
            throw new ApiProblem(HttpStatus.SERVICE_UNAVAILABLE, "concurrent-write", "Concurrent writes",
                    "Events were being recorded for this person at the same moment; nothing was erased. Send the request again.");
        }
        if (outcome.keysDestroyed() > 0) {
            // the destroyed keys' old row versions stay on disk until vacuumed: remove them now, not at autovacuum's leisure
            try {
                jdbc.execute("vacuum person_data_key");
            } catch (RuntimeException e) {
                log.warn("vacuum person_data_key after an erasure failed; autovacuum will remove the old key versions later", e);
            }
        }
        return outcome;
    }

    private Outcome eraseInTransaction(String personId, String reason, String principal) {
        if (stream.read(personId, 0, 1, null).isEmpty()) {
            throw new ApiProblem(HttpStatus.NOT_FOUND, "person-not-found", "Person not found",
                    "No event is recorded for person '" + personId + "'.");
        }
        Instant now = clock.instant().truncatedTo(ChronoUnit.MICROS);
        int destroyed = keys.destroy(personId, now);
        if (destroyed == 0) {
            return new Outcome(personId, keys.erasedAt(personId), 0, null, null);
        }
        PersonalDataErased event = new PersonalDataErased("erasure-" + UUID.randomUUID(), now, null, null, null, null,
                "casejourney", null, null, null, reason);
        List<Decision> decisions = commands.sendAndWait(new RecordEvents(personId,
                List.of(new RecordEvents.Submission(event, EventJson.contentHash(event), principal)), now));
        if (!(decisions.get(0) instanceof Decision.Recorded recorded)) {
            throw new IllegalStateException("the erasure event was not recorded: " + decisions.get(0));
        }
        return new Outcome(personId, now, destroyed, event.eventId(), recorded.sequence());
    }

    /** Rewraps every key still under a retired master key with the active one, in chunks; returns how many. */
    int rewrapAll() {
        int total = 0;
        for (int done; (done = transaction.execute(status -> keys.rewrap(1000))) > 0; ) {
            total += done;
        }
        return total;
    }

    long wrappedByRetiredKeys() {
        return keys.wrappedByRetiredKeys();
    }
}
