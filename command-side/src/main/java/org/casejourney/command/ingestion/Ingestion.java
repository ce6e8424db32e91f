package org.casejourney.command.ingestion;

import io.micrometer.core.instrument.MeterRegistry;
import org.axonframework.modelling.command.AggregateStreamCreationException;
import org.axonframework.modelling.command.ConcurrencyException;
import org.casejourney.command.personaldata.PersonalDataVault;
import org.casejourney.command.platform.CaseJourneyProperties;
import org.casejourney.command.platform.StoreFailures;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.stereotype.Service;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.support.TransactionTemplate;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;

import static org.casejourney.command.ingestion.PersonDecisions.CONCURRENCY_RETRIES;
import static org.casejourney.command.ingestion.PersonDecisions.LOCK_RETRIES;

/**
 * Records events idempotently. A known event id answers from the index (200 for the same content,
 * 409 for different); new ones go, one command per person, to that person's aggregate, which
 * decides each event as if it were sent alone. A batch (or a group of single requests) is one
 * transaction: written at once when nothing fails, else again with a savepoint per person, so a
 * failure costs only that person's items (ADR 013). {@link AllOrNothing} is the other way, for
 * requests that are stored whole or not at all.
 */
@Service
class Ingestion {

    private static final int PASSES = 3;
    private static final Logger log = LoggerFactory.getLogger(Ingestion.class);
    static final int TRANSACTION_TIMEOUT_SECONDS = 60;

    private final PersonDecisions decisions;
    private final EventIdIndex index;
    private final TransactionTemplate transaction;
    private final TransactionTemplate savepoint;
    private final MeterRegistry meters;
    private final PersonalDataVault vault;
    private final OneTransactionWriter groupWriter;
    private final boolean axonDefaults;

    Ingestion(PersonDecisions decisions, EventIdIndex index, PlatformTransactionManager transactions, MeterRegistry meters,
              PersonalDataVault vault, OneTransactionWriter groupWriter, CaseJourneyProperties properties) {
        this.decisions = decisions;
        this.vault = vault;
        this.groupWriter = groupWriter;
        this.axonDefaults = properties.ingestion().axonDefaults();
        this.index = index;
        this.transaction = new TransactionTemplate(transactions);
        // bounded, so a gap it leaves in the global sequence closes well within the publisher's gap timeout
        this.transaction.setTimeout(TRANSACTION_TIMEOUT_SECONDS);
        this.savepoint = new TransactionTemplate(transactions);
        this.savepoint.setPropagationBehavior(TransactionDefinition.PROPAGATION_NESTED);
        this.meters = meters;
    }

    List<Outcome> recordBatch(List<Item> items, Provenance provenance) {
        return recordAll(items.stream().map(item -> new Request(item, provenance)).toList());
    }

    /** Records the items of one or several requests, each decided as if sent alone; one outcome per item, in order. */
    List<Outcome> recordAll(List<Request> requests) {
        return recordAll(requests, () -> { });
    }

    /**
     * As {@link #recordAll(List)}; {@code committing} runs when a transaction of theirs written the fast way has
     * everything in it and is about to commit (the group writer then lets the next group be prepared meanwhile).
     */
    List<Outcome> recordAll(List<Request> requests, Runnable committing) {
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
            pending = pass(requests, pending, outcomes, pass == PASSES, committing);
        }
        List<Outcome> result = List.of(outcomes);
        result.forEach(decisions::count);
        return result;
    }

    /**
     * Decides what it can of {@code pending} and returns the items left for another pass: an id
     * that appears for a second person in the same request waits until the first is decided, and a
     * person whose ids were taken meanwhile by another request is tried again. People are written
     * in the order of their ids, so concurrent writers take their locks in one order.
     */
    private List<Integer> pass(List<Request> requests, List<Integer> pending, Outcome[] outcomes, boolean last, Runnable committing) {
        PersonDecisions.Sorted sorted = decisions.sort(requests, pending, outcomes);
        List<Integer> later = new ArrayList<>(sorted.takenByAnother());
        if (!sorted.byPerson().isEmpty()) {
            later.addAll(writeRetryingDeadlocks(requests, sorted.byPerson(), outcomes, committing));
        }
        if (last) {
            for (int i : later) {
                Item item = requests.get(i).item();
                outcomes[i] = Outcome.failed(item.event().eventId(), item.personId(), PersonDecisions.concurrentWrite());
            }
            return List.of();
        }
        later.sort(Integer::compare);
        return later;
    }

    /** A deadlock or lock timeout between concurrent writers is retried here; the client sees it only if it persists. */
    private List<Integer> writeRetryingDeadlocks(List<Request> requests, SortedMap<String, List<Integer>> byPerson, Outcome[] outcomes,
                                                 Runnable committing) {
        for (int attempt = 1; ; attempt++) {
            try {
                return write(requests, byPerson, outcomes, committing);
            } catch (RuntimeException e) {
                if (!LockConflicts.isLockConflict(e) || attempt >= LOCK_RETRIES) {
                    throw LockConflicts.isLockConflict(e) ? PersonDecisions.lockConflict() : e;
                }
                decisions.pauseAfterLockConflict(attempt);
            }
        }
    }

    /**
     * The fast way first: every person's command in one unit of work that owns the transaction,
     * streams read ahead together, all events appended by one batched insert, no savepoints. If
     * anything in it fails, nothing of it stays, and the same people are written the careful way:
     * a savepoint each, so a failure costs only its own person's items.
     */
    private List<Integer> write(List<Request> requests, SortedMap<String, List<Integer>> byPerson, Outcome[] outcomes,
                                Runnable committing) {
        Instant recordedAt = decisions.recordedAt();
        if (!axonDefaults) {
            try {
                Map<Integer, Outcome> decided = groupWriter.write(byPerson, (personId, sealer, stored) ->
                        decisions.decidePerson(personId, byPerson.get(personId), requests, recordedAt, sealer, stored), committing);
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

    /** One person's items in one savepoint; false when an event id was taken meanwhile by another request. */
    private boolean recordPerson(String personId, List<Integer> indexes, List<Request> requests, Outcome[] outcomes,
                                 Instant recordedAt, PersonalDataVault.Sealer sealer) {
        Map<Integer, Outcome> refused = new HashMap<>();
        PersonDecisions.Prepared prepared = decisions.prepare(personId, indexes, requests, recordedAt, sealer, refused);
        refused.forEach((i, outcome) -> outcomes[i] = outcome);
        if (prepared == null) {
            return true;
        }
        for (int attempt = 1; ; attempt++) {
            try {
                Map<Integer, Outcome> decided = savepoint.execute(status -> {
                    List<EventIdIndex.Entry> stored = new ArrayList<>();
                    Map<Integer, Outcome> result = decisions.decide(prepared.command(), prepared.submitted(), stored);
                    index.insertAll(stored);
                    return result;
                });
                decided.forEach((i, outcome) -> outcomes[i] = outcome);
                return true;
            } catch (ConcurrencyException | AggregateStreamCreationException e) {
                // another instance appended to this person's stream first: reload and decide again
                if (attempt >= CONCURRENCY_RETRIES) {
                    prepared.submitted().forEach(i -> outcomes[i] = Outcome.failed(requests.get(i).item().event().eventId(), personId,
                            PersonDecisions.concurrentWrite()));
                    return true;
                }
            } catch (DuplicateKeyException e) {
                return false;
            }
        }
    }
}
