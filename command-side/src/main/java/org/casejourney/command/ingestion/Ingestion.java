package org.casejourney.command.ingestion;

import io.micrometer.core.instrument.MeterRegistry;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.modelling.command.ConcurrencyException;
import org.casejourney.command.person.EventIdConflict;
import org.casejourney.command.person.PersonStream;
import org.casejourney.command.person.RecordEvent;
import org.casejourney.command.person.Recorded;
import org.casejourney.command.person.StreamRuleViolation;
import org.casejourney.command.platform.ApiProblem;
import org.casejourney.command.platform.ApiProblem.FieldError;
import org.casejourney.events.Corrections;
import org.casejourney.events.EventCorrected;
import org.casejourney.events.EventJson;
import org.casejourney.events.PersonEvent;
import org.casejourney.events.journey.JourneyFold;
import org.casejourney.events.journey.TimelineEntry;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Service;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Records events idempotently. A known event id answers from the index (200 for the same content,
 * 409 for different); a new one goes to the person's aggregate, which applies the stream's rules.
 * A batch is one transaction with a savepoint per item: one commit for all, one bad item costs
 * only itself.
 */
@Service
class Ingestion {

    private static final int CONCURRENCY_RETRIES = 3;
    static final int TRANSACTION_TIMEOUT_SECONDS = 60;

    /** Who sent an event and how to trace it; fills the event's own fields only where it left them empty. */
    record Provenance(String sourceSystem, String correlationId, String recordedBy) {
    }

    /** What became of one event; {@code problem} is set when it was not stored. */
    record Outcome(int status, String eventId, String personId, Long sequence, Instant recordedAt, ApiProblem problem) {

        static Outcome stored(Recorded recorded, String eventId, String personId) {
            return new Outcome(recorded.alreadyRecorded() ? 200 : 201, eventId, personId, recorded.sequence(), recorded.recordedAt(), null);
        }

        static Outcome failed(String eventId, String personId, ApiProblem problem) {
            return new Outcome(problem.status().value(), eventId, personId, null, null, problem);
        }

        boolean eventIdTakenMeanwhile() {
            return status == 0;
        }
    }

    /** One item of a batch, already parsed: either an event or the problem that stopped it. */
    record Item(String personId, PersonEvent event, ApiProblem problem) {
    }

    private final CommandGateway commands;
    private final EventIdIndex index;
    private final PersonStream personStream;
    private final EventParser parser;
    private final TransactionTemplate transaction;
    private final Clock clock;
    private final MeterRegistry meters;

    Ingestion(CommandGateway commands, EventIdIndex index, PersonStream personStream, EventParser parser,
              PlatformTransactionManager transactions, Clock clock, MeterRegistry meters) {
        this.meters = meters;
        this.transaction = new TransactionTemplate(transactions);
        // bounded, so a gap it leaves in the global sequence closes well within the publisher's gap timeout
        this.transaction.setTimeout(TRANSACTION_TIMEOUT_SECONDS);
        this.commands = commands;
        this.index = index;
        this.personStream = personStream;
        this.parser = parser;
        this.clock = clock;
    }

    Outcome record(String personId, PersonEvent event, Provenance provenance) {
        return recordBatch(List.of(new Item(personId, event, null)), provenance).get(0);
    }

    List<Outcome> recordBatch(List<Item> items, Provenance provenance) {
        Map<String, EventIdIndex.Entry> known = index.findAll(items.stream()
                .filter(i -> i.event() != null).map(i -> i.event().eventId()).distinct().toList());
        List<Outcome> outcomes = new ArrayList<>(items.size());
        for (Item item : items) {
            outcomes.add(item.problem() != null ? Outcome.failed(null, item.personId(), item.problem()) : null);
        }
        transaction.executeWithoutResult(status -> {
            for (int i = 0; i < items.size(); i++) {
                Item item = items.get(i);
                if (outcomes.get(i) != null) {
                    continue;
                }
                EventIdIndex.Entry entry = known.get(item.event().eventId());
                outcomes.set(i, entry != null ? fromIndex(entry, item) : attempt(item, provenance));
            }
        });
        // An id stored meanwhile by another request (or another instance) is answered from the index.
        List<String> raced = new ArrayList<>();
        for (Outcome o : outcomes) {
            if (o.eventIdTakenMeanwhile()) {
                raced.add(o.eventId());
            }
        }
        if (!raced.isEmpty()) {
            Map<String, EventIdIndex.Entry> now = index.findAll(raced);
            for (int i = 0; i < items.size(); i++) {
                if (outcomes.get(i).eventIdTakenMeanwhile()) {
                    outcomes.set(i, fromIndex(now.get(items.get(i).event().eventId()), items.get(i)));
                }
            }
        }
        outcomes.forEach(this::count);
        return outcomes;
    }

    private void count(Outcome outcome) {
        String result = outcome.status() == 201 ? "stored" : outcome.status() == 200 ? "duplicate" : "rejected";
        String reason = outcome.problem() == null ? "none" : outcome.problem().type();
        meters.counter("casejourney.ingest.events", "outcome", result, "reason", reason).increment();
    }

    private Outcome fromIndex(EventIdIndex.Entry entry, Item item) {
        String eventId = item.event().eventId();
        if (entry == null) {
            // the clashing write was rolled back after all: nothing holds the id, so a retry will store it
            return Outcome.failed(eventId, item.personId(), new ApiProblem(HttpStatus.SERVICE_UNAVAILABLE, "concurrent-write",
                    "Concurrent writes", "Another request was writing eventId '" + eventId + "' at the same time; retry with the same eventId."));
        }
        if (entry.personId().equals(item.personId()) && entry.contentHash().equals(EventJson.contentHash(item.event()))) {
            return new Outcome(200, eventId, item.personId(), entry.sequence(), entry.recordedAt(), null);
        }
        String where = entry.personId().equals(item.personId()) ? "with different content" : "for another person";
        return Outcome.failed(eventId, item.personId(), new ApiProblem(HttpStatus.CONFLICT, "event-id-conflict",
                "Event id already used", "eventId '" + eventId + "' was already recorded " + where
                + "; an event id identifies one event: send a new id for a new event"));
    }

    private Outcome attempt(Item item, Provenance provenance) {
        PersonEvent sent = item.event();
        String eventId = sent.eventId();
        try {
            PersonEvent event = sent.withProvenance(provenance.sourceSystem(),
                    provenance.correlationId() != null ? provenance.correlationId() : UUID.randomUUID().toString());
            checkCorrection(item.personId(), event);
            // PostgreSQL keeps microseconds: a retry answered from the index must show the same instant
            RecordEvent command = new RecordEvent(item.personId(), event, EventJson.contentHash(sent),
                    provenance.recordedBy(), clock.instant().truncatedTo(ChronoUnit.MICROS));
            for (int attempt = 1; ; attempt++) {
                try {
                    Recorded recorded = commands.sendAndWait(command);
                    return Outcome.stored(recorded, eventId, item.personId());
                } catch (ConcurrencyException e) {
                    // another instance appended to this person's stream first: reload and decide again
                    if (attempt >= CONCURRENCY_RETRIES) {
                        throw new ApiProblem(HttpStatus.SERVICE_UNAVAILABLE, "concurrent-write", "Concurrent writes",
                                "This person's stream is being written by several requests at once; retry with the same eventId.");
                    }
                }
            }
        } catch (ApiProblem problem) {
            return Outcome.failed(eventId, item.personId(), problem);
        } catch (EventIdConflict e) {
            return Outcome.failed(eventId, item.personId(), new ApiProblem(HttpStatus.CONFLICT, "event-id-conflict",
                    "Event id already used", e.getMessage() + "; send a new id for a new event"));
        } catch (StreamRuleViolation e) {
            return Outcome.failed(eventId, item.personId(), ApiProblem.invalidEvent(List.of(new FieldError(e.field(), e.getMessage()))));
        } catch (RuntimeException e) {
            if (isEventIdIndexClash(e)) {
                return new Outcome(0, eventId, item.personId(), null, null, null);
            }
            throw e;
        }
    }

    /**
     * A correction must leave a valid event behind: apply it to the event as it now reads and check
     * the result like a new event. Missing or unamendable targets are the aggregate's to refuse.
     */
    private void checkCorrection(String personId, PersonEvent event) {
        if (!(event instanceof EventCorrected correction)) {
            return;
        }
        TimelineEntry target = JourneyFold.timeline(personStream.readAll(personId, null)).stream()
                .filter(e -> e.eventId().equals(correction.correctsEventId()))
                .findFirst().orElse(null);
        if (target == null || target.status() == TimelineEntry.Status.AMENDMENT || target.status() == TimelineEntry.Status.RETRACTED) {
            return;
        }
        PersonEvent corrected;
        try {
            corrected = Corrections.apply(target.effective(), correction.changes());
        } catch (IllegalArgumentException e) {
            throw ApiProblem.invalidEvent(List.of(new FieldError("changes", "cannot apply to a " + target.type() + ": " + e.getMessage())));
        }
        parser.check(corrected, "changes.");
    }

    private static boolean isEventIdIndexClash(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof DuplicateKeyException && String.valueOf(t.getMessage()).contains("event_id_index")) {
                return true;
            }
        }
        return false;
    }
}
