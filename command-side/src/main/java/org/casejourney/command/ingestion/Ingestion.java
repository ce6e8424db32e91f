package org.casejourney.command.ingestion;

import io.micrometer.core.instrument.MeterRegistry;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.modelling.command.AggregateStreamCreationException;
import org.axonframework.modelling.command.ConcurrencyException;
import org.casejourney.command.person.Decision;
import org.casejourney.command.person.PersonStream;
import org.casejourney.command.person.RecordEvents;
import org.casejourney.command.personaldata.PersonalDataVault;
import org.casejourney.command.platform.ApiProblem;
import org.casejourney.command.platform.ApiProblem.FieldError;
import org.casejourney.events.Corrections;
import org.casejourney.events.EventCorrected;
import org.casejourney.events.EventJson;
import org.casejourney.events.PersonEvent;
import org.casejourney.events.RecordedEvent;
import org.casejourney.events.journey.JourneyFold;
import org.casejourney.events.journey.TimelineEntry;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Service;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.support.TransactionTemplate;

import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Records events idempotently. A known event id answers from the index (200 for the same content,
 * 409 for different); new ones go, one command per person, to that person's aggregate, which
 * decides each event as if it were sent alone. A request is one transaction with a savepoint per
 * person: one commit for the whole batch, and a failure costs only that person's items.
 */
@Service
class Ingestion {

    private static final int CONCURRENCY_RETRIES = 3;
    private static final int PASSES = 3;
    static final int TRANSACTION_TIMEOUT_SECONDS = 60;

    /** Who sent an event and how to trace it; fills the event's own fields only where it left them empty. */
    record Provenance(String sourceSystem, String correlationId, String recordedBy) {
    }

    /** What became of one event; {@code problem} is set when it was not stored. */
    record Outcome(int status, String eventId, String personId, Long sequence, Instant recordedAt, ApiProblem problem) {

        static Outcome failed(String eventId, String personId, ApiProblem problem) {
            return new Outcome(problem.status().value(), eventId, personId, null, null, problem);
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
    private final TransactionTemplate savepoint;
    private final Clock clock;
    private final MeterRegistry meters;
    private final PersonalDataVault vault;

    Ingestion(CommandGateway commands, EventIdIndex index, PersonStream personStream, EventParser parser,
              PlatformTransactionManager transactions, Clock clock, MeterRegistry meters, PersonalDataVault vault) {
        this.vault = vault;
        this.commands = commands;
        this.index = index;
        this.personStream = personStream;
        this.parser = parser;
        this.transaction = new TransactionTemplate(transactions);
        // bounded, so a gap it leaves in the global sequence closes well within the publisher's gap timeout
        this.transaction.setTimeout(TRANSACTION_TIMEOUT_SECONDS);
        this.savepoint = new TransactionTemplate(transactions);
        this.savepoint.setPropagationBehavior(TransactionDefinition.PROPAGATION_NESTED);
        this.clock = clock;
        this.meters = meters;
    }

    Outcome record(String personId, PersonEvent event, Provenance provenance) {
        return recordBatch(List.of(new Item(personId, event, null)), provenance).get(0);
    }

    List<Outcome> recordBatch(List<Item> items, Provenance provenance) {
        Outcome[] outcomes = new Outcome[items.size()];
        List<Integer> pending = new ArrayList<>();
        for (int i = 0; i < items.size(); i++) {
            if (items.get(i).problem() != null) {
                outcomes[i] = Outcome.failed(null, items.get(i).personId(), items.get(i).problem());
            } else {
                pending.add(i);
            }
        }
        for (int pass = 1; !pending.isEmpty(); pass++) {
            pending = pass(items, pending, outcomes, provenance, pass == PASSES);
        }
        List<Outcome> result = List.of(outcomes);
        result.forEach(this::count);
        return result;
    }

    /**
     * Decides what it can of {@code pending} and returns the items left for another pass: an id
     * that appears for a second person in the same request waits until the first is decided, and a
     * person whose ids were taken meanwhile by another request is tried again.
     */
    private List<Integer> pass(List<Item> items, List<Integer> pending, Outcome[] outcomes, Provenance provenance, boolean last) {
        Map<String, EventIdIndex.Entry> known = index.findAll(pending.stream().map(i -> items.get(i).event().eventId()).distinct().toList());
        Map<String, List<Integer>> byPerson = new LinkedHashMap<>();
        Map<String, String> idOwner = new HashMap<>();
        List<Integer> later = new ArrayList<>();
        for (int i : pending) {
            Item item = items.get(i);
            EventIdIndex.Entry entry = known.get(item.event().eventId());
            if (entry != null) {
                outcomes[i] = fromIndex(entry, item);
            } else if (!idOwner.getOrDefault(item.event().eventId(), item.personId()).equals(item.personId())) {
                later.add(i);
            } else {
                idOwner.put(item.event().eventId(), item.personId());
                byPerson.computeIfAbsent(item.personId(), p -> new ArrayList<>()).add(i);
            }
        }
        Instant recordedAt = clock.instant().truncatedTo(ChronoUnit.MICROS);
        List<Integer> raced = new ArrayList<>();
        transaction.executeWithoutResult(status -> {
            if (byPerson.isEmpty()) {
                return;
            }
            PersonalDataVault.Sealer sealer = vault.sealerFor(byPerson.keySet());
            byPerson.forEach((personId, indexes) -> {
                if (!recordPerson(personId, indexes, items, outcomes, provenance, recordedAt, sealer)) {
                    raced.addAll(indexes);
                }
            });
        });
        later.addAll(raced);
        if (last) {
            for (int i : later) {
                outcomes[i] = Outcome.failed(items.get(i).event().eventId(), items.get(i).personId(), concurrentWrite());
            }
            return List.of();
        }
        later.sort(Integer::compare);
        return later;
    }

    /** One person's items in one savepoint; false when an event id was taken meanwhile by another request. */
    private boolean recordPerson(String personId, List<Integer> indexes, List<Item> items, Outcome[] outcomes,
                                 Provenance provenance, Instant recordedAt, PersonalDataVault.Sealer sealer) {
        List<RecordEvents.Submission> submissions = new ArrayList<>();
        List<Integer> submitted = new ArrayList<>();
        List<PersonEvent> earlier = new ArrayList<>();
        for (int i : indexes) {
            PersonEvent sent = items.get(i).event();
            PersonEvent event = sent.withProvenance(provenance.sourceSystem(),
                    provenance.correlationId() != null ? provenance.correlationId() : UUID.randomUUID().toString());
            try {
                checkCorrection(personId, event, earlier);
            } catch (ApiProblem problem) {
                outcomes[i] = Outcome.failed(sent.eventId(), personId, problem);
                continue;
            }
            earlier.add(event);
            // the hash is of the text as sent, so a retry matches; what is stored has the personal text sealed
            submissions.add(new RecordEvents.Submission(sealer.seal(personId, event), EventJson.contentHash(sent)));
            submitted.add(i);
        }
        if (submissions.isEmpty()) {
            return true;
        }
        RecordEvents command = new RecordEvents(personId, submissions, provenance.recordedBy(), recordedAt);
        for (int attempt = 1; ; attempt++) {
            try {
                Map<Integer, Outcome> decided = savepoint.execute(status -> decide(command, submitted, items));
                decided.forEach((i, outcome) -> outcomes[i] = outcome);
                return true;
            } catch (ConcurrencyException | AggregateStreamCreationException e) {
                // another instance appended to this person's stream first: reload and decide again
                if (attempt >= CONCURRENCY_RETRIES) {
                    submitted.forEach(i -> outcomes[i] = Outcome.failed(items.get(i).event().eventId(), personId, concurrentWrite()));
                    return true;
                }
            } catch (DuplicateKeyException e) {
                return false;
            }
        }
    }

    private Map<Integer, Outcome> decide(RecordEvents command, List<Integer> submitted, List<Item> items) {
        List<Decision> decisions = commands.sendAndWait(command);
        Map<Integer, Outcome> outcomes = new HashMap<>();
        List<EventIdIndex.Entry> stored = new ArrayList<>();
        for (int k = 0; k < decisions.size(); k++) {
            int i = submitted.get(k);
            RecordEvents.Submission submission = command.submissions().get(k);
            String eventId = submission.event().eventId();
            Decision decision = decisions.get(k);
            if (decision instanceof Decision.Recorded r) {
                outcomes.put(i, new Outcome(r.alreadyRecorded() ? 200 : 201, eventId, command.personId(), r.sequence(), r.recordedAt(), null));
                if (!r.alreadyRecorded()) {
                    stored.add(new EventIdIndex.Entry(eventId, command.personId(), r.sequence(), submission.contentHash(), r.recordedAt()));
                }
            } else if (decision instanceof Decision.Conflict) {
                outcomes.put(i, Outcome.failed(eventId, command.personId(), conflict(eventId, "with different content")));
            } else if (decision instanceof Decision.Refused r) {
                outcomes.put(i, Outcome.failed(eventId, command.personId(), ApiProblem.invalidEvent(List.of(new FieldError(r.field(), r.message())))));
            }
        }
        index.insertAll(stored);
        return outcomes;
    }

    /**
     * A correction must leave a valid event behind: apply it to the event as it will then read
     * (stored events and this request's earlier ones) and check the result like a new event.
     * Missing or unamendable targets are the aggregate's to refuse.
     */
    private void checkCorrection(String personId, PersonEvent event, List<PersonEvent> earlier) {
        if (!(event instanceof EventCorrected correction)) {
            return;
        }
        List<RecordedEvent> stream = new ArrayList<>(vault.reveal(personId, personStream.readAll(personId, null)).events());
        long next = stream.size();
        for (PersonEvent e : earlier) {
            stream.add(new RecordedEvent(personId, next++, null, clock.instant(), null, e));
        }
        TimelineEntry target = JourneyFold.timeline(stream).stream()
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

    private Outcome fromIndex(EventIdIndex.Entry entry, Item item) {
        String eventId = item.event().eventId();
        if (entry.personId().equals(item.personId()) && entry.contentHash().equals(EventJson.contentHash(item.event()))) {
            return new Outcome(200, eventId, item.personId(), entry.sequence(), entry.recordedAt(), null);
        }
        return Outcome.failed(eventId, item.personId(),
                conflict(eventId, entry.personId().equals(item.personId()) ? "with different content" : "for another person"));
    }

    private static ApiProblem conflict(String eventId, String how) {
        return new ApiProblem(HttpStatus.CONFLICT, "event-id-conflict", "Event id already used",
                "eventId '" + eventId + "' was already recorded " + how
                        + "; an event id identifies one event: send a new id for a new event");
    }

    private static ApiProblem concurrentWrite() {
        return new ApiProblem(HttpStatus.SERVICE_UNAVAILABLE, "concurrent-write", "Concurrent writes",
                "This person's stream, or this eventId, is being written by several requests at once; retry with the same eventId.");
    }

    private void count(Outcome outcome) {
        String result = outcome.status() == 201 ? "stored" : outcome.status() == 200 ? "duplicate" : "rejected";
        String reason = outcome.problem() == null ? "none" : outcome.problem().type();
        meters.counter("casejourney.ingest.events", "outcome", result, "reason", reason).increment();
    }
}
