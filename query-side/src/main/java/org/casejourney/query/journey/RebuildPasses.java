package org.casejourney.query.journey;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.TopicPartition;
import org.casejourney.events.EventJson;
import org.casejourney.events.Pseudonyms;
import org.casejourney.events.RecordedEvent;
import org.casejourney.events.journey.JourneyFold;
import org.casejourney.query.platform.QuerySideProperties;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DataAccessException;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.support.TransactionTemplate;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A rebuild's two passes over its own schema (ADR 010, 012), each in the caller's transaction: the first
 * stores the records' events without folding, the second folds each person once from them.
 */
@Component
class RebuildPasses {

    private static final Logger log = LoggerFactory.getLogger(RebuildPasses.class);

    private final JourneyRows rows;
    private final ConsumerPositions positions;
    private final ParkedRecords parked;
    private final Parking parking;
    private final Pseudonyms pseudonyms;
    private final TransactionTemplate savepoint;
    private final Clock clock;
    private final Duration returnWindow;

    RebuildPasses(JourneyRows rows, ConsumerPositions positions, ParkedRecords parked, Pseudonyms pseudonyms,
                  PlatformTransactionManager transactions, Clock clock,
                  QuerySideProperties properties) {
        int returnWindowDays = properties.journey().returnWindowDays();
        this.rows = rows;
        this.positions = positions;
        this.parked = parked;
        this.parking = new Parking(parked);
        this.pseudonyms = pseudonyms;
        this.savepoint = new TransactionTemplate(transactions);
        this.savepoint.setPropagationBehavior(TransactionDefinition.PROPAGATION_NESTED);
        this.clock = clock;
        this.returnWindow = Duration.ofDays(returnWindowDays);
    }

    /** Where the first pass stored each event, so the fold can park the original record. */
    interface StoredEvents {
        void note(ConsumerRecord<String, String> record, RecordedEvent event);

        ConsumerRecord<String, String> recordOf(RecordedEvent event);

        /** Whether an event of this person with this sequence was stored by an earlier {@link #note}. */
        boolean stored(String personId, long sequence);

        /**
         * Notes that these people are being folded and returns those among them an earlier {@link #refold}
         * already folded: only they can have journey and fact rows in the rebuild's schema.
         */
        Set<String> folding(Collection<String> personIds);

        /**
         * Takes the events kept in memory for those of these people whose every stored event was kept, in stream
         * order, exactly as their stored rows read back; the others' are read from the database. Nothing of these
         * people is kept from now on.
         */
        Map<String, List<RecordedEvent>> takeKept(Collection<String> personIds);
    }

    /**
     * First pass: stores the records' events (and parks what cannot be read, or is held behind a parked
     * record) without folding, and advances the positions. Every stored event is noted for {@link #refold}.
     */
    int store(List<ConsumerRecord<String, String>> records, StoredEvents storedEvents) {
        Instant now = clock.instant();
        Set<TopicPartition> partitions = new HashSet<>();
        records.forEach(r -> partitions.add(new TopicPartition(r.topic(), r.partition())));
        Map<TopicPartition, Long> stored = positions.lock(partitions, now);
        Map<TopicPartition, ConsumerRecord<String, String>> reached = new HashMap<>();
        Map<String, List<ReadRecord>> byPerson = new LinkedHashMap<>();
        for (ConsumerRecord<String, String> record : records) {
            TopicPartition tp = new TopicPartition(record.topic(), record.partition());
            if (record.offset() <= stored.get(tp)) {
                continue;
            }
            reached.merge(tp, record, (a, b) -> b.offset() > a.offset() ? b : a);
            ReadRecord read = ReadRecord.of(record, pseudonyms);
            if (read.personId() == null) {
                parking.park(record, read.reason(), now);
            } else {
                byPerson.computeIfAbsent(read.personId(), k -> new ArrayList<>()).add(read);
            }
        }
        List<Incoming> fresh = triable(byPerson, now);
        if (!copied(fresh, storedEvents)) {
            insert(fresh, storedEvents, now);
        } else {
            fresh.forEach(in -> storedEvents.note(in.origin(), in.event()));
        }
        positions.advance(reached, now);
        return records.size();
    }

    /** The records to store: everyone's, but the rare person with a parked record goes the live way. */
    private List<Incoming> triable(Map<String, List<ReadRecord>> byPerson, Instant now) {
        Map<String, String> blockers = parked.firstParked(byPerson.keySet());
        Set<String> held = new HashSet<>(blockers.keySet());
        byPerson.forEach((personId, records) -> {
            if (records.stream().anyMatch(r -> r.reason() != null)) {
                held.add(personId);
            }
        });
        Map<String, List<String>> heldStored = rows.payloads(held);
        Parking.Tally tally = new Parking.Tally();
        List<Incoming> fresh = new ArrayList<>();
        for (Map.Entry<String, List<ReadRecord>> person : byPerson.entrySet()) {
            String personId = person.getKey();
            if (!held.contains(personId)) {
                person.getValue().forEach(r -> fresh.add(new Incoming(r))); // duplicates meet "on conflict do nothing"
                continue;
            }
            List<RecordedEvent> storedEvents;
            try {
                storedEvents = heldStored.getOrDefault(personId, List.of()).stream().map(json -> EventJson.read(json, RecordedEvent.class)).toList();
            } catch (RuntimeException e) {
                parking.parkAll(person.getValue(), "the person's stored events could not be read: " + e, tally, now);
                continue;
            }
            fresh.addAll(parking.triable(personId, storedEvents, person.getValue(), blockers.get(personId), tally, now).fresh());
        }
        return fresh;
    }

    /** Inserts the events the way that finds and parks an event the database refuses, with the person's later ones. */
    private void insert(List<Incoming> fresh, StoredEvents storedEvents, Instant now) {
        try {
            savepoint.executeWithoutResult(status -> rows.insert(fresh));
            fresh.forEach(in -> storedEvents.note(in.origin(), in.event()));
        } catch (DataIntegrityViolationException batchRefused) {
            Map<String, List<Incoming>> freshByPerson = new LinkedHashMap<>();
            fresh.forEach(in -> freshByPerson.computeIfAbsent(in.event().personId(), k -> new ArrayList<>()).add(in));
            freshByPerson.values().forEach(events -> {
                for (int i = 0; i < events.size(); i++) {
                    Incoming in = events.get(i);
                    try {
                        savepoint.executeWithoutResult(status -> rows.insert(List.of(in)));
                        storedEvents.note(in.origin(), in.event());
                    } catch (DataIntegrityViolationException e) {
                        parking.parkFrom(events.subList(i, events.size()),
                                "the database refused the event: " + e.getMostSpecificCause().getMessage(), now);
                        return;
                    }
                }
            });
        }
    }

    /**
     * Stores the events with one COPY, leaving out those already stored (which "on conflict do
     * nothing" would skip): true when it did. False, storing nothing, when the database refused the
     * COPY or an instant cannot be copied exactly; the caller then inserts them the way that finds
     * and parks the refused event.
     */
    private boolean copied(List<Incoming> fresh, StoredEvents storedEvents) {
        record Key(String personId, long sequence) {
        }
        Set<Key> seen = new HashSet<>();
        List<Incoming> unstored = new ArrayList<>(fresh.size());
        for (Incoming in : fresh) {
            RecordedEvent event = in.event();
            if (seen.add(new Key(event.personId(), event.sequence())) && !storedEvents.stored(event.personId(), event.sequence())) {
                unstored.add(in);
            }
        }
        try {
            return Boolean.TRUE.equals(savepoint.execute(status -> rows.copy(unstored)));
        } catch (DataAccessException refused) {
            return false;
        }
    }

    /**
     * Second pass: folds each of these people once from their stored events and writes their rows as a
     * live batch would. A person whose events cannot all be folded keeps those before the first failing
     * one; it and the later ones are taken out and parked, as one-at-a-time application would have left them.
     */
    void refold(Collection<String> personIds, StoredEvents storedEvents) {
        Instant now = clock.instant();
        Set<String> foldedBefore = storedEvents.folding(personIds);
        Map<String, List<RecordedEvent>> fromMemory = storedEvents.takeKept(personIds);
        Map<String, List<String>> storedJson = rows.payloads(personIds.stream().filter(p -> !fromMemory.containsKey(p)).toList());
        log.debug("Folding {} people, {} of them from kept events", personIds.size(), fromMemory.size());
        List<JourneyRows.JourneyRow> writes = new ArrayList<>();
        for (String personId : personIds) {
            List<RecordedEvent> all = fromMemory.containsKey(personId) ? fromMemory.get(personId)
                    : storedJson.getOrDefault(personId, List.of()).stream().map(json -> EventJson.read(json, RecordedEvent.class)).toList();
            if (all.isEmpty()) {
                continue;
            }
            try {
                writes.add(new JourneyRows.JourneyRow(JourneyFold.fold(personId, all, now, returnWindow), all));
            } catch (RuntimeException e) {
                List<RecordedEvent> kept = parkUnfoldable(personId, all, storedEvents, now, e);
                if (!kept.isEmpty()) {
                    writes.add(new JourneyRows.JourneyRow(JourneyFold.fold(personId, kept, now, returnWindow), kept));
                }
            }
        }
        rows.writeForRebuild(writes, now, foldedBefore);
    }

    /** After the last fold: the counts the folds left to the end (failure_demand_daily). */
    void finish() {
        rows.recountDaily();
    }

    /** Takes the first event that cannot be folded and the later ones out and parks them; returns the events before it. */
    private List<RecordedEvent> parkUnfoldable(String personId, List<RecordedEvent> all, StoredEvents storedEvents, Instant now,
                                               RuntimeException whole) {
        int failing = all.size() - 1; // the whole list is the last prefix: not reached while the fold is a function
        RuntimeException failure = whole;
        for (int i = 1; i <= all.size(); i++) {
            try {
                JourneyFold.fold(personId, all.subList(0, i), now, returnWindow);
            } catch (RuntimeException e) {
                failing = i - 1;
                failure = e;
                break;
            }
        }
        List<Incoming> unfoldable = all.subList(failing, all.size()).stream()
                .map(event -> new Incoming(storedEvents.recordOf(event), event)).toList();
        parked.unstore(personId, all.get(failing).sequence());
        parking.parkFrom(unfoldable, "the person's journey could not be folded with this event: " + failure, now);
        return all.subList(0, failing);
    }
}
