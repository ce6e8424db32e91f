package org.casejourney.command.ingestion;

import io.micrometer.core.instrument.MeterRegistry;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.casejourney.command.person.Decision;
import org.casejourney.command.person.RecordEvents;
import org.casejourney.command.personaldata.PersonalDataVault;
import org.casejourney.platform.problems.ApiProblem;
import org.casejourney.platform.problems.ApiProblem.FieldError;
import org.casejourney.events.PersonEvent;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;

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
 * What the two ways of recording share ({@link Ingestion}: each person's items on their own;
 * {@link AllOrNothing}: every item or none): sorting items into those the event-id index already
 * knows and the new ones by person, deciding one person's items through their aggregate, the
 * problems they answer with, and the counts.
 */
@Component
class PersonDecisions {

    static final int CONCURRENCY_RETRIES = 3;
    static final int LOCK_RETRIES = 5;

    /** New items by person, people in key order (the lock order of every writer); items whose id another person of the same request took first. */
    record Sorted(SortedMap<String, List<Integer>> byPerson, List<Integer> takenByAnother) {
    }

    /** A person's command, and which items it carries. */
    record Prepared(RecordEvents command, List<Integer> submitted) {
    }

    private final CommandGateway commands;
    private final EventIdIndex index;
    private final Clock clock;
    private final MeterRegistry meters;
    private final PersonalDataVault vault;
    private final CorrectionCheck correctionCheck;

    PersonDecisions(CommandGateway commands, EventIdIndex index, Clock clock, MeterRegistry meters, PersonalDataVault vault,
                    CorrectionCheck correctionCheck) {
        this.commands = commands;
        this.index = index;
        this.clock = clock;
        this.meters = meters;
        this.vault = vault;
        this.correctionCheck = correctionCheck;
    }

    /** The items of {@code pending} the index knows are answered in {@code outcomes}; the others are sorted. */
    Sorted sort(List<Request> requests, List<Integer> pending, Outcome[] outcomes) {
        Map<String, EventIdIndex.Entry> known = index.findAll(pending.stream().map(i -> requests.get(i).item().event().eventId()).distinct().toList());
        PersonalDataVault.ContentMatcher matcher = vault.contentMatcher();
        SortedMap<String, List<Integer>> byPerson = new TreeMap<>();
        Map<String, String> idOwner = new HashMap<>();
        List<Integer> takenByAnother = new ArrayList<>();
        for (int i : pending) {
            Item item = requests.get(i).item();
            String eventId = item.event().eventId();
            EventIdIndex.Entry entry = known.get(eventId);
            if (entry != null) {
                outcomes[i] = fromIndex(entry, item, matcher);
            } else if (!idOwner.getOrDefault(eventId, item.personId()).equals(item.personId())) {
                takenByAnother.add(i);
            } else {
                idOwner.put(eventId, item.personId());
                byPerson.computeIfAbsent(item.personId(), p -> new ArrayList<>()).add(i);
            }
        }
        return new Sorted(byPerson, takenByAnother);
    }

    /** The time every event written together is recorded at. */
    Instant recordedAt() {
        return clock.instant().truncatedTo(ChronoUnit.MICROS);
    }

    /** Checks and seals one person's items and sends their command; the outcomes of items refused before the command are included. */
    Map<Integer, Outcome> decidePerson(String personId, List<Integer> indexes, List<Request> requests, Instant recordedAt,
                                       PersonalDataVault.Sealer sealer, List<EventIdIndex.Entry> stored) {
        Map<Integer, Outcome> decided = new HashMap<>();
        Prepared prepared = prepare(personId, indexes, requests, recordedAt, sealer, decided);
        if (prepared != null) {
            decided.putAll(decide(prepared.command(), prepared.submitted(), stored));
        }
        return decided;
    }

    /** A person's command; null when every item was refused before it (those outcomes go to {@code refused}). */
    Prepared prepare(String personId, List<Integer> indexes, List<Request> requests, Instant recordedAt,
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

    /** Sends the person's command; the index entries of newly stored events are added to {@code stored}. */
    Map<Integer, Outcome> decide(RecordEvents command, List<Integer> submitted, List<EventIdIndex.Entry> stored) {
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

    /** Counted, then a short pause before the next attempt of a write that met a deadlock or lock timeout. */
    void pauseAfterLockConflict(int attempt) {
        meters.counter("casejourney.ingest.lock.retries").increment();
        LockConflicts.pause(attempt);
    }

    void count(Outcome outcome) {
        String result = outcome.status() == 201 ? "stored" : outcome.status() == 200 ? "duplicate" : "rejected";
        String reason = outcome.problem() == null ? "none" : outcome.problem().type();
        meters.counter("casejourney.ingest.events", "outcome", result, "reason", reason).increment();
    }

    static ApiProblem conflict(String eventId, String how) {
        return new ApiProblem(HttpStatus.CONFLICT, "event-id-conflict", "Event id already used",
                "eventId '" + eventId + "' was already recorded " + how
                        + "; an event id identifies one event: send a new id for a new event");
    }

    static ApiProblem lockConflict() {
        return new ApiProblem(HttpStatus.SERVICE_UNAVAILABLE, "lock-conflict", "Concurrent writes kept colliding",
                "Other requests writing the same people held their locks through " + LOCK_RETRIES
                        + " attempts (a deadlock or lock timeout in the database, not an outage); nothing of this request was stored. "
                        + "Retry with the same eventIds.");
    }

    static ApiProblem concurrentWrite() {
        return new ApiProblem(HttpStatus.SERVICE_UNAVAILABLE, "concurrent-write", "Concurrent writes",
                "This person's stream, or this eventId, is being written by several requests at once; retry with the same eventId.");
    }
}
