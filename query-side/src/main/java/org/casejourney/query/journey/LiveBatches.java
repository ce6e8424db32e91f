package org.casejourney.query.journey;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.TopicPartition;
import org.casejourney.events.Pseudonyms;
import org.casejourney.events.RecordedEvent;
import org.casejourney.events.journey.JourneyFold;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.transaction.support.TransactionTemplate;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * One batch of records applied in the caller's transaction: positions locked and advanced, records at or below
 * them skipped, each touched person's events stored and their journey folded once, what cannot be applied
 * parked. When a person's batch cannot be folded or stored, their records are retried one at a time, so exactly
 * the events before the first failing one are applied, however the records were batched.
 */
final class LiveBatches {

    private final JourneyRows rows;
    private final ConsumerPositions positions;
    private final ParkedRecords parked;
    private final Parking parking;
    private final Pseudonyms pseudonyms;
    private final PersonHistories histories;
    private final UnfoldedPeople unfolded;
    private final RowsBefore rowsBefore;
    private final TransactionTemplate savepoint;
    private final Clock clock;
    private final Duration returnWindow;
    // one thread of its own: on 2 cores the common pool would start a new thread for every task
    private final ExecutorService foldChecks = Executors.newSingleThreadExecutor(task -> {
        Thread thread = new Thread(task, "journey-fold-check");
        thread.setDaemon(true);
        return thread;
    });

    LiveBatches(JourneyRows rows, ConsumerPositions positions, ParkedRecords parked, Pseudonyms pseudonyms, PersonHistories histories,
                UnfoldedPeople unfolded, TransactionTemplate savepoint, Clock clock, Duration returnWindow) {
        this.rows = rows;
        this.positions = positions;
        this.parked = parked;
        this.parking = new Parking(parked);
        this.pseudonyms = pseudonyms;
        this.histories = histories;
        this.unfolded = unfolded;
        this.rowsBefore = new RowsBefore(unfolded, returnWindow);
        this.savepoint = savepoint;
        this.clock = clock;
        this.returnWindow = returnWindow;
    }

    /**
     * How a batch runs: {@code fromTopic} checks and advances positions (a replay of parked records does not);
     * {@code live} reads the kept events of the live schema; {@code deferFold} stores events and notes their people
     * as unfolded instead of writing journeys and facts (a catch-up far behind the topic's end, ADR 014).
     */
    record Mode(boolean fromTopic, boolean live, boolean deferFold) {
    }

    /** Thrown in a deferred batch's savepoint when a person's events cannot be folded: the batch then goes the live way. */
    private static final class Unfoldable extends RuntimeException {
        Unfoldable() {
            super(null, null, false, false);
        }
    }

    /**
     * Applies the records; {@code committed} gets each touched person's stored events as they stand if the transaction
     * commits, and the fact rows written for those whose journeys were written.
     */
    JourneyProjection.Outcome apply(ReadPoll poll, Mode mode, Committed committed) {
        Instant now = clock.instant();
        Parking.Tally tally = new Parking.Tally();
        Map<TopicPartition, ConsumerRecord<String, String>> reached = new HashMap<>();
        Map<String, List<ReadRecord>> byPerson = read(poll, mode.fromTopic(), reached, tally, now);

        Map<String, String> blockers = parked.firstParked(byPerson.keySet());
        PersonHistories.Read stored = histories.of(byPerson.keySet(), mode.live());
        List<PersonWrite> writes = new ArrayList<>();
        List<Parking.Pending> oneByOne = new ArrayList<>();
        for (Map.Entry<String, List<ReadRecord>> person : byPerson.entrySet()) {
            String personId = person.getKey();
            String unreadable = stored.unreadable().get(personId);
            if (unreadable != null) {
                parking.parkAll(person.getValue(), "the person's stored events could not be read: " + unreadable, tally, now);
                continue;
            }
            List<RecordedEvent> before = stored.events().get(personId);
            committed.events().put(personId, before);
            Parking.Pending pending = parking.triable(personId, before, person.getValue(), blockers.get(personId), tally, now);
            if (pending.fresh().isEmpty()) {
                continue;
            }
            PersonWrite write = new PersonWrite(personId, pending.fresh(), pending.with(pending.fresh()), stored.rows().get(personId),
                    stored.folds().get(personId));
            if (mode.deferFold()) {
                writes.add(write);
                continue;
            }
            try {
                writes.add(write.foldedAt(now, returnWindow));
            } catch (RuntimeException foldFailed) {
                oneByOne.add(pending);
            }
        }
        if (mode.deferFold()) {
            writeDeferred(writes, oneByOne, tally, committed, now);
        } else {
            writeAll(writes, false, oneByOne, tally, committed, now);
        }
        oneByOne.forEach(pending -> applyOneByOne(pending, tally, committed, now));
        if (mode.fromTopic()) {
            positions.advance(reached, now);
        }
        return new JourneyProjection.Outcome(tally.projected, tally.redelivered, tally.parked);
    }

    /** The records beyond the stored positions, read and grouped by person; those naming nobody are parked. */
    private Map<String, List<ReadRecord>> read(ReadPoll poll, boolean fromTopic,
                                               Map<TopicPartition, ConsumerRecord<String, String>> reached, Parking.Tally tally, Instant now) {
        List<ConsumerRecord<String, String>> records = poll.records();
        Map<TopicPartition, Long> stored = Map.of();
        if (fromTopic) {
            Set<TopicPartition> partitions = new HashSet<>();
            records.forEach(r -> partitions.add(new TopicPartition(r.topic(), r.partition())));
            stored = positions.lock(partitions, now);
        }
        Map<String, List<ReadRecord>> byPerson = new LinkedHashMap<>();
        for (int i = 0; i < records.size(); i++) {
            ConsumerRecord<String, String> record = records.get(i);
            if (fromTopic) {
                TopicPartition tp = new TopicPartition(record.topic(), record.partition());
                if (record.offset() <= stored.get(tp)) {
                    tally.redelivered++;
                    continue;
                }
                reached.merge(tp, record, (a, b) -> b.offset() > a.offset() ? b : a);
            }
            ReadRecord read = poll.read(i, pseudonyms);
            if (read.personId() == null) {
                tally.parked += parking.park(record, read.reason(), now); // no person to hold up
            } else {
                byPerson.computeIfAbsent(read.personId(), k -> new ArrayList<>()).add(read);
            }
        }
        return byPerson;
    }

    /**
     * A deferred batch stores everyone's events while another thread folds each person to find one whose events cannot
     * be folded (going on from their kept fold where it can, so a long history is not folded again each batch); only then
     * (rarely) does it undo the store and go the live batch's way, folding and parking as it does. The folds are kept
     * with the events, for the next batch and the deferred fold to go on from.
     */
    private void writeDeferred(List<PersonWrite> unfolded, List<Parking.Pending> oneByOne, Parking.Tally tally,
                               Committed committed, Instant now) {
        CompletableFuture<List<PersonWrite>> foldable = CompletableFuture.supplyAsync(() -> checked(unfolded, now), foldChecks);
        try {
            savepoint.executeWithoutResult(status -> {
                write(unfolded, true, true, now);
                if (foldable.join() == null) {
                    throw new Unfoldable();
                }
            });
            foldable.join().forEach(w -> written(w, null, tally, committed));
            return;
        } catch (DataIntegrityViolationException | Unfoldable liveWay) {
            List<PersonWrite> writes = new ArrayList<>();
            for (PersonWrite w : unfolded) {
                try {
                    writes.add(w.foldedAt(now, returnWindow));
                } catch (RuntimeException foldFailed) {
                    oneByOne.add(new Parking.Pending(w.personId(), w.before(), w.fresh()));
                }
            }
            writeAll(writes, true, oneByOne, tally, committed, now);
        }
    }

    /** The writes with their folds (their journeys left unwritten), or null when someone's events cannot be folded. */
    private List<PersonWrite> checked(List<PersonWrite> writes, Instant now) {
        List<PersonWrite> checked = new ArrayList<>(writes.size());
        for (PersonWrite w : writes) {
            try {
                PersonWrite.Folded folded = w.foldAll(returnWindow);
                folded.fold().at(now);
                checked.add(w.with(folded));
            } catch (RuntimeException e) {
                return null;
            }
        }
        return checked;
    }

    /** Writes everyone at once; when the database refuses, each person alone, and those it still refuses one record at a time. */
    private void writeAll(List<PersonWrite> writes, boolean deferFold, List<Parking.Pending> oneByOne, Parking.Tally tally,
                          Committed committed, Instant now) {
        try {
            Map<String, FactRows> rows = savepoint.execute(status -> write(writes, true, deferFold, now));
            writes.forEach(w -> written(w, rows, tally, committed));
        } catch (DataIntegrityViolationException batchRefused) {
            for (PersonWrite one : writes) {
                try {
                    Map<String, FactRows> rows = savepoint.execute(status -> write(List.of(one), false, false, now));
                    written(one, rows, tally, committed);
                } catch (DataIntegrityViolationException e) {
                    oneByOne.add(new Parking.Pending(one.personId(), one.before(), one.fresh()));
                }
            }
        }
    }

    /** Notes a person's write as done: their events, their fold, and the fact rows written (none when deferred) as they stand. */
    private static void written(PersonWrite write, Map<String, FactRows> rows, Parking.Tally tally, Committed committed) {
        tally.projected += write.fresh().size();
        committed.written(write, rows);
    }

    /** Applies a person's records one at a time, each in its own savepoint, parking from the first that fails. */
    private void applyOneByOne(Parking.Pending pending, Parking.Tally tally, Committed committed, Instant now) {
        List<RecordedEvent> all = new ArrayList<>(pending.stored());
        List<Incoming> fresh = pending.fresh();
        Map<String, FactRows> rows = Map.of();
        try {
            for (int i = 0; i < fresh.size(); i++) {
                Incoming in = fresh.get(i);
                String failure;
                try {
                    List<RecordedEvent> with = new ArrayList<>(all);
                    with.add(in.event());
                    JourneyFold.Tallied fold = JourneyFold.tallied(pending.personId(), with, returnWindow);
                    PersonWrite one = new PersonWrite(pending.personId(), List.of(in), with, null, null)
                            .with(new PersonWrite.Folded(fold, fold.at(now), false));
                    rows = savepoint.execute(status -> write(List.of(one), false, false, now));
                    all.add(in.event());
                    tally.projected++;
                    continue;
                } catch (DataIntegrityViolationException e) {
                    failure = "the database refused the event: " + e.getMostSpecificCause().getMessage();
                } catch (RuntimeException e) {
                    failure = "the person's journey could not be folded with this event: " + e;
                }
                tally.parked += parking.parkFrom(fresh.subList(i, fresh.size()), failure, now);
                return;
            }
        } finally {
            committed.events().put(pending.personId(), all);
            if (rows.containsKey(pending.personId())) {
                committed.rows().put(pending.personId(), rows.get(pending.personId()));
            }
        }
    }

    /**
     * Stores the fresh events (by COPY on the first, bulk try: they were checked against the stored ones) and
     * writes the journeys and facts, giving each person's fact rows as written, or, deferring the fold, notes the people
     * as unfolded (no rows).
     */
    private Map<String, FactRows> write(List<PersonWrite> writes, boolean copy, boolean deferFold, Instant now) {
        List<Incoming> events = new ArrayList<>();
        writes.forEach(w -> events.addAll(w.fresh()));
        if (copy) {
            rows.store(events);
        } else {
            rows.insert(events);
        }
        if (deferFold) {
            unfolded.add(writes.stream().map(PersonWrite::personId).toList());
            return Map.of();
        }
        Map<String, Integer> appended = new HashMap<>();
        writes.stream().filter(w -> w.folded().wentOn()).forEach(w -> appended.put(w.personId(), w.fresh().size()));
        return rows.upsert(writes.stream().map(w -> new JourneyRows.JourneyRow(w.journey(), w.all())).toList(), rowsBefore.of(writes, now),
                appended, now);
    }
}
