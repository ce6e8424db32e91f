package org.casejourney.command.ingestion;

import io.micrometer.core.instrument.MeterRegistry;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.modelling.command.AggregateStreamCreationException;
import org.axonframework.modelling.command.ConcurrencyException;
import org.casejourney.command.person.Decision;
import org.casejourney.command.person.RecordEvents;
import org.casejourney.command.personaldata.PersonalDataVault;
import org.casejourney.command.platform.ApiProblem;
import org.casejourney.command.platform.CaseJourneyProperties;
import org.casejourney.command.platform.StoreFailures;
import org.casejourney.command.platform.ApiProblem.FieldError;
import org.casejourney.events.PersonEvent;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
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
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.UUID;

/**
 * Records events idempotently. A known event id answers from the index (200 for the same content,
 * 409 for different); new ones go, one command per person, to that person's aggregate, which
 * decides each event as if it were sent alone. A batch (or a group of single requests) is one
 * transaction: written at once when nothing fails, else again with a savepoint per person, so a
 * failure costs only that person's items (ADR 013).
 */
@Service
class Ingestion {

    private static final int CONCURRENCY_RETRIES = 3;
    private static final int PASSES = 3;
    private static final int LOCK_RETRIES = 5;
    private static final Logger log = LoggerFactory.getLogger(Ingestion.class);
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
    private final TransactionTemplate transaction;
    private final TransactionTemplate savepoint;
    private final Clock clock;
    private final MeterRegistry meters;
    private final PersonalDataVault vault;
    private final OneTransactionWriter groupWriter;
    private final CorrectionCheck correctionCheck;
    private final boolean axonDefaults;

    Ingestion(CommandGateway commands, EventIdIndex index,
              PlatformTransactionManager transactions, Clock clock, MeterRegistry meters, PersonalDataVault vault,
              OneTransactionWriter groupWriter, CorrectionCheck correctionCheck, CaseJourneyProperties properties) {
        this.correctionCheck = correctionCheck;
        this.vault = vault;
        this.groupWriter = groupWriter;
        this.axonDefaults = properties.ingestion().axonDefaults();
        this.commands = commands;
        this.index = index;
        this.transaction = new TransactionTemplate(transactions);
        // bounded, so a gap it leaves in the global sequence closes well within the publisher's gap timeout
        this.transaction.setTimeout(TRANSACTION_TIMEOUT_SECONDS);
        this.savepoint = new TransactionTemplate(transactions);
        this.savepoint.setPropagationBehavior(TransactionDefinition.PROPAGATION_NESTED);
        this.clock = clock;
        this.meters = meters;
    }

    /** One item with the provenance of the request that carried it: requests written together may differ. */
    record Request(Item item, Provenance provenance) {
    }

    List<Outcome> recordBatch(List<Item> items, Provenance provenance) {
        return recordAll(items.stream().map(item -> new Request(item, provenance)).toList());
    }

    /**
     * All of the items or none of them (a FHIR transaction Bundle): each is decided as in a batch,
     * but the new ones are written in one unit of work that rolls back as soon as any item is
     * refused. Items already stored with the same content answer 200 either way (they were stored
     * by an earlier request); when anything is refused, the outcomes of the refused items carry
     * their problems, the others are null, and nothing of this request is stored. The items must
     * be free of problems.
     */
    List<Outcome> recordAllOrNothing(List<Item> items, Provenance provenance) {
        List<Request> requests = items.stream().map(item -> new Request(item, provenance)).toList();
        for (int attempt = 1; ; attempt++) {
            Outcome[] outcomes = new Outcome[requests.size()];
            try {
                allOrNothing(requests, outcomes);
            } catch (RuntimeException e) {
                boolean lockConflict = LockConflicts.isLockConflict(e);
                boolean raced = causedBy(e, ConcurrencyException.class) || causedBy(e, AggregateStreamCreationException.class)
                        || causedBy(e, DuplicateKeyException.class);
                if (lockConflict && attempt < LOCK_RETRIES) {
                    meters.counter("casejourney.ingest.lock.retries").increment();
                    LockConflicts.pause(attempt);
                    continue;
                }
                if (raced && attempt < CONCURRENCY_RETRIES) {
                    continue; // another request wrote one of these people or ids first: decide again on what it stored
                }
                throw lockConflict ? lockConflict() : raced ? concurrentWrite() : e;
            }
            // null: not refused itself, but not stored because another item was
            List<Outcome> result = java.util.Arrays.asList(outcomes);
            result.stream().filter(java.util.Objects::nonNull).forEach(this::count);
            return result;
        }
    }

    /** Thrown inside the unit of work to roll it back; carries the outcomes decided for the refused person. */
    private static final class Refused extends RuntimeException {
        private final transient Map<Integer, Outcome> outcomes;

        Refused(Map<Integer, Outcome> outcomes) {
            super("an item of an all-or-nothing request was refused", null, false, false);
            this.outcomes = outcomes;
        }
    }

    private void allOrNothing(List<Request> requests, Outcome[] outcomes) {
        Map<String, EventIdIndex.Entry> known = index.findAll(requests.stream().map(r -> r.item().event().eventId()).distinct().toList());
        PersonalDataVault.ContentMatcher matcher = vault.contentMatcher();
        SortedMap<String, List<Integer>> byPerson = new TreeMap<>();
        Map<String, String> idOwner = new HashMap<>();
        boolean refused = false;
        for (int i = 0; i < requests.size(); i++) {
            Item item = requests.get(i).item();
            String eventId = item.event().eventId();
            EventIdIndex.Entry entry = known.get(eventId);
            if (entry != null) {
                outcomes[i] = fromIndex(entry, item, matcher);
                refused |= outcomes[i].problem() != null;
            } else if (!idOwner.getOrDefault(eventId, item.personId()).equals(item.personId())) {
                outcomes[i] = Outcome.failed(eventId, item.personId(), conflict(eventId, "for another person in the same request"));
                refused = true;
            } else {
                idOwner.put(eventId, item.personId());
                byPerson.computeIfAbsent(item.personId(), p -> new ArrayList<>()).add(i);
            }
        }
        if (refused || byPerson.isEmpty()) {
            return;
        }
        Instant recordedAt = clock.instant().truncatedTo(ChronoUnit.MICROS);
        try {
            Map<Integer, Outcome> decided = groupWriter.write(byPerson, (personId, sealer, stored) -> {
                Map<Integer, Outcome> ofPerson = decidePerson(personId, byPerson.get(personId), requests, recordedAt, sealer, stored);
                if (ofPerson.values().stream().anyMatch(o -> o.problem() != null)) {
                    throw new Refused(ofPerson);
                }
                return ofPerson;
            });
            decided.forEach((i, outcome) -> outcomes[i] = outcome);
        } catch (Refused r) {
            r.outcomes.forEach((i, outcome) -> {
                if (outcome.problem() != null) {
                    outcomes[i] = outcome;
                }
            });
        }
    }

    private static boolean causedBy(Throwable e, Class<? extends Throwable> type) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (type.isInstance(t)) {
                return true;
            }
        }
        return false;
    }

    /** Records the items of one or several requests, each decided as if sent alone; one outcome per item, in order. */
    List<Outcome> recordAll(List<Request> requests) {
        Outcome[] outcomes = new Outcome[requests.size()];
        List<Integer> pending = new ArrayList<>();
        for (int i = 0; i < requests.size(); i++) {
            Item item = requests.get(i).item();
            if (item.problem() != null) {
                outcomes[i] = Outcome.failed(null, item.personId(), item.problem());
            } else {
                pending.add(i);
            }
        }
        for (int pass = 1; !pending.isEmpty(); pass++) {
            pending = pass(requests, pending, outcomes, pass == PASSES);
        }
        List<Outcome> result = List.of(outcomes);
        result.forEach(this::count);
        return result;
    }

    /**
     * Decides what it can of {@code pending} and returns the items left for another pass: an id
     * that appears for a second person in the same request waits until the first is decided, and a
     * person whose ids were taken meanwhile by another request is tried again. People are written
     * in the order of their ids, so concurrent writers take their locks in one order.
     */
    private List<Integer> pass(List<Request> requests, List<Integer> pending, Outcome[] outcomes, boolean last) {
        Map<String, EventIdIndex.Entry> known = index.findAll(pending.stream().map(i -> requests.get(i).item().event().eventId()).distinct().toList());
        SortedMap<String, List<Integer>> byPerson = new TreeMap<>();
        Map<String, String> idOwner = new HashMap<>();
        List<Integer> later = new ArrayList<>();
        PersonalDataVault.ContentMatcher matcher = vault.contentMatcher();
        for (int i : pending) {
            Item item = requests.get(i).item();
            EventIdIndex.Entry entry = known.get(item.event().eventId());
            if (entry != null) {
                outcomes[i] = fromIndex(entry, item, matcher);
            } else if (!idOwner.getOrDefault(item.event().eventId(), item.personId()).equals(item.personId())) {
                later.add(i);
            } else {
                idOwner.put(item.event().eventId(), item.personId());
                byPerson.computeIfAbsent(item.personId(), p -> new ArrayList<>()).add(i);
            }
        }
        if (!byPerson.isEmpty()) {
            later.addAll(writeRetryingDeadlocks(requests, byPerson, outcomes));
        }
        if (last) {
            for (int i : later) {
                Item item = requests.get(i).item();
                outcomes[i] = Outcome.failed(item.event().eventId(), item.personId(), concurrentWrite());
            }
            return List.of();
        }
        later.sort(Integer::compare);
        return later;
    }

    /** A deadlock or lock timeout between concurrent writers is retried here; the client sees it only if it persists. */
    private List<Integer> writeRetryingDeadlocks(List<Request> requests, SortedMap<String, List<Integer>> byPerson, Outcome[] outcomes) {
        for (int attempt = 1; ; attempt++) {
            try {
                return write(requests, byPerson, outcomes);
            } catch (RuntimeException e) {
                if (!LockConflicts.isLockConflict(e) || attempt >= LOCK_RETRIES) {
                    throw LockConflicts.isLockConflict(e) ? lockConflict() : e;
                }
                meters.counter("casejourney.ingest.lock.retries").increment();
                LockConflicts.pause(attempt);
            }
        }
    }

    /**
     * The fast way first: every person's command in one unit of work that owns the transaction,
     * streams read ahead together, all events appended by one batched insert, no savepoints. If
     * anything in it fails, nothing of it stays, and the same people are written the careful way:
     * a savepoint each, so a failure costs only its own person's items.
     */
    private List<Integer> write(List<Request> requests, SortedMap<String, List<Integer>> byPerson, Outcome[] outcomes) {
        Instant recordedAt = clock.instant().truncatedTo(ChronoUnit.MICROS);
        if (!axonDefaults) {
            try {
                Map<Integer, Outcome> decided = groupWriter.write(byPerson, (personId, sealer, stored) ->
                        decidePerson(personId, byPerson.get(personId), requests, recordedAt, sealer, stored));
                decided.forEach((i, outcome) -> outcomes[i] = outcome);
                return List.of();
            } catch (RuntimeException e) {
                if (StoreFailures.isStoreUnavailable(e) && !LockConflicts.isLockConflict(e)) {
                    throw e; // the careful way would only wait as long again for the same answer
                }
                meters.counter("casejourney.ingest.fallbacks", "cause",
                        LockConflicts.isLockConflict(e) ? "lock-conflict" : e.getClass().getSimpleName()).increment();
                log.debug("Writing {} people at once failed ({}); writing them one savepoint each", byPerson.size(), e.toString());
            }
        }
        List<Integer> raced = new ArrayList<>();
        transaction.executeWithoutResult(status -> {
            PersonalDataVault.Sealer sealer = vault.sealerFor(byPerson.keySet());
            byPerson.forEach((personId, indexes) -> {
                if (!recordPerson(personId, indexes, requests, outcomes, recordedAt, sealer)) {
                    raced.addAll(indexes);
                }
            });
        });
        return raced;
    }

    /** Checks and seals one person's items and sends their command; the outcomes of items refused before the command are included. */
    private Map<Integer, Outcome> decidePerson(String personId, List<Integer> indexes, List<Request> requests, Instant recordedAt,
                                               PersonalDataVault.Sealer sealer, List<EventIdIndex.Entry> stored) {
        Map<Integer, Outcome> decided = new HashMap<>();
        Prepared prepared = prepare(personId, indexes, requests, recordedAt, sealer, decided);
        if (prepared != null) {
            decided.putAll(decide(prepared.command(), prepared.submitted(), stored));
        }
        return decided;
    }

    /** A person's command, and which items it carries; null when every item was refused before it. */
    private record Prepared(RecordEvents command, List<Integer> submitted) {
    }

    private Prepared prepare(String personId, List<Integer> indexes, List<Request> requests, Instant recordedAt,
                             PersonalDataVault.Sealer sealer, Map<Integer, Outcome> refused) {
        List<RecordEvents.Submission> submissions = new ArrayList<>();
        List<Integer> submitted = new ArrayList<>();
        List<PersonEvent> earlier = new ArrayList<>();
        CorrectionCheck.OfPerson corrections = correctionCheck.of(personId);
        for (int i : indexes) {
            PersonEvent sent = requests.get(i).item().event();
            Provenance provenance = requests.get(i).provenance();
            PersonEvent event = sent.withProvenance(provenance.sourceSystem(),
                    provenance.correlationId() != null ? provenance.correlationId() : UUID.randomUUID().toString());
            try {
                corrections.check(event, earlier);
            } catch (ApiProblem problem) {
                refused.put(i, Outcome.failed(sent.eventId(), personId, problem));
                continue;
            }
            earlier.add(event);
            // the hash is of the text as sent, so a retry matches; what is stored has the personal text sealed
            submissions.add(new RecordEvents.Submission(sealer.seal(personId, event), sealer.contentHash(personId, sent), provenance.recordedBy()));
            submitted.add(i);
        }
        return submissions.isEmpty() ? null : new Prepared(new RecordEvents(personId, submissions, recordedAt), submitted);
    }

    /** One person's items in one savepoint; false when an event id was taken meanwhile by another request. */
    private boolean recordPerson(String personId, List<Integer> indexes, List<Request> requests, Outcome[] outcomes,
                                 Instant recordedAt, PersonalDataVault.Sealer sealer) {
        Map<Integer, Outcome> refused = new HashMap<>();
        Prepared prepared = prepare(personId, indexes, requests, recordedAt, sealer, refused);
        refused.forEach((i, outcome) -> outcomes[i] = outcome);
        if (prepared == null) {
            return true;
        }
        for (int attempt = 1; ; attempt++) {
            try {
                Map<Integer, Outcome> decided = savepoint.execute(status -> {
                    List<EventIdIndex.Entry> stored = new ArrayList<>();
                    Map<Integer, Outcome> result = decide(prepared.command(), prepared.submitted(), stored);
                    index.insertAll(stored);
                    return result;
                });
                decided.forEach((i, outcome) -> outcomes[i] = outcome);
                return true;
            } catch (ConcurrencyException | AggregateStreamCreationException e) {
                // another instance appended to this person's stream first: reload and decide again
                if (attempt >= CONCURRENCY_RETRIES) {
                    prepared.submitted().forEach(i -> outcomes[i] = Outcome.failed(requests.get(i).item().event().eventId(), personId, concurrentWrite()));
                    return true;
                }
            } catch (DuplicateKeyException e) {
                return false;
            }
        }
    }

    /** Sends the person's command; the index entries of newly stored events are added to {@code stored}. */
    private Map<Integer, Outcome> decide(RecordEvents command, List<Integer> submitted, List<EventIdIndex.Entry> stored) {
        List<Decision> decisions = commands.sendAndWait(command);
        Map<Integer, Outcome> outcomes = new HashMap<>();
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
        return outcomes;
    }

    private Outcome fromIndex(EventIdIndex.Entry entry, Item item, PersonalDataVault.ContentMatcher matcher) {
        String eventId = item.event().eventId();
        if (entry.personId().equals(item.personId()) && matcher.sameContent(item.personId(), entry.contentHash(), item.event())) {
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

    private static ApiProblem lockConflict() {
        return new ApiProblem(HttpStatus.SERVICE_UNAVAILABLE, "lock-conflict", "Concurrent writes kept colliding",
                "Other requests writing the same people held their locks through " + LOCK_RETRIES
                        + " attempts (a deadlock or lock timeout in the database, not an outage); nothing of this request was stored. "
                        + "Retry with the same eventIds.");
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
