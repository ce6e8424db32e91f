package org.casejourney.command.ingestion;

import org.axonframework.modelling.command.AggregateStreamCreationException;
import org.axonframework.modelling.command.ConcurrencyException;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.stereotype.Service;

import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.stream.IntStream;

import static org.casejourney.command.ingestion.PersonDecisions.CONCURRENCY_RETRIES;
import static org.casejourney.command.ingestion.PersonDecisions.LOCK_RETRIES;

/**
 * All of the items or none of them (a FHIR transaction Bundle): each is decided as in a batch of
 * {@link Ingestion}, but the new ones are written in one unit of work that rolls back as soon as
 * any item is refused. Items already stored with the same content answer 200 either way (they
 * were stored by an earlier request); when anything is refused, the outcomes of the refused items
 * carry their problems, the others are null, and nothing of this request is stored.
 */
@Service
class AllOrNothing {

    private final PersonDecisions decisions;
    private final OneTransactionWriter groupWriter;

    AllOrNothing(PersonDecisions decisions, OneTransactionWriter groupWriter) {
        this.decisions = decisions;
        this.groupWriter = groupWriter;
    }

    /** The items must be free of problems. */
    List<Outcome> record(List<Item> items, Provenance provenance) {
        List<Request> requests = items.stream().map(item -> new Request(item, provenance)).toList();
        for (int attempt = 1; ; attempt++) {
            Outcome[] outcomes = new Outcome[requests.size()];
            try {
                write(requests, outcomes);
            } catch (RuntimeException e) {
                boolean lockConflict = LockConflicts.isLockConflict(e);
                boolean raced = LockConflicts.causedBy(e, ConcurrencyException.class)
                        || LockConflicts.causedBy(e, AggregateStreamCreationException.class)
                        || LockConflicts.causedBy(e, DuplicateKeyException.class);
                if (lockConflict && attempt < LOCK_RETRIES) {
                    decisions.pauseAfterLockConflict(attempt);
                    continue;
                }
                if (raced && attempt < CONCURRENCY_RETRIES) {
                    continue; // another request wrote one of these people or ids first: decide again on what it stored
                }
                throw lockConflict ? PersonDecisions.lockConflict() : raced ? PersonDecisions.concurrentWrite() : e;
            }
            // null: not refused itself, but not stored because another item was
            List<Outcome> result = Arrays.asList(outcomes);
            result.stream().filter(Objects::nonNull).forEach(decisions::count);
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

    private void write(List<Request> requests, Outcome[] outcomes) {
        PersonDecisions.Sorted sorted = decisions.sort(requests, IntStream.range(0, requests.size()).boxed().toList(), outcomes);
        for (int i : sorted.takenByAnother()) {
            Item item = requests.get(i).item();
            String eventId = item.event().eventId();
            outcomes[i] = Outcome.failed(eventId, item.personId(), PersonDecisions.conflict(eventId, "for another person in the same request"));
        }
        boolean refused = Arrays.stream(outcomes).anyMatch(o -> o != null && o.problem() != null);
        if (refused || sorted.byPerson().isEmpty()) {
            return;
        }
        Instant recordedAt = decisions.recordedAt();
        try {
            Map<Integer, Outcome> decided = groupWriter.write(sorted.byPerson(), (personId, sealer, stored) -> {
                Map<Integer, Outcome> ofPerson = decisions.decidePerson(personId, sorted.byPerson().get(personId), requests, recordedAt, sealer, stored);
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
}
