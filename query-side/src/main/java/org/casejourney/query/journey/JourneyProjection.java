package org.casejourney.query.journey;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.TopicPartition;
import org.casejourney.events.EventJson;
import org.casejourney.events.Fields;
import org.casejourney.events.PersonalData;
import org.casejourney.events.Pseudonyms;
import org.casejourney.events.RecordedEvent;
import org.casejourney.events.journey.Journey;
import org.casejourney.events.journey.JourneyFold;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
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
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Pattern;

/**
 * Applies batches of topic records to the journey tables, effectively once: the partitions'
 * positions are locked, advanced and committed in the same transaction as the rows, records at or
 * below a stored position are skipped, and events already stored for a person are not stored again.
 * Each person touched by a batch has their journey row folded once per batch.
 *
 * <p>A record that cannot be applied is parked with its reason; while a person has a parked record,
 * their later records are parked behind it (their order matters) and other people carry on. When a
 * person's batch cannot be folded or stored, their records are retried one at a time, so exactly the
 * events before the first failing one are applied, however the records were batched.
 */
@Component
class JourneyProjection {

    static final String BLOCKED = "blocked behind parked record ";

    private static final Logger log = LoggerFactory.getLogger(JourneyProjection.class);
    private static final Pattern PERSON_ID = Pattern.compile(Fields.PERSON_ID_PATTERN);
    private static final int REASON_MAX = 1_000;

    private final JourneyRows rows;
    private final ConsumerPositions positions;
    private final ParkedRecords parked;
    private final Pseudonyms pseudonyms;
    private final TransactionTemplate transaction;
    private final TransactionTemplate savepoint;
    private final Clock clock;
    private final Duration returnWindow;
    private final Counter projectedCounter;
    private final Counter redeliveredCounter;
    private final Counter parkedCounter;
    private final AtomicLong lagMillis = new AtomicLong();

    JourneyProjection(JourneyRows rows, ConsumerPositions positions, ParkedRecords parked, Pseudonyms pseudonyms,
                      PlatformTransactionManager transactions, MeterRegistry meters, Clock clock,
                      @Value("${casejourney.journey.return-window-days:90}") int returnWindowDays) {
        this.rows = rows;
        this.positions = positions;
        this.parked = parked;
        this.pseudonyms = pseudonyms;
        this.transaction = new TransactionTemplate(transactions);
        this.savepoint = new TransactionTemplate(transactions);
        this.savepoint.setPropagationBehavior(TransactionDefinition.PROPAGATION_NESTED);
        this.clock = clock;
        this.returnWindow = Duration.ofDays(returnWindowDays);
        this.projectedCounter = Counter.builder("casejourney.projection.projected")
                .description("Events newly stored in the journey projection").register(meters);
        this.redeliveredCounter = Counter.builder("casejourney.projection.redelivered")
                .description("Records skipped because the projection already held them (redeliveries, republished duplicates)")
                .register(meters);
        this.parkedCounter = Counter.builder("casejourney.projection.parked")
                .description("Records the projection could not apply, stored in parked_record").register(meters);
        Gauge.builder("casejourney.projection.lag", lagMillis, millis -> millis.get() / 1000.0)
                .description("Time from the newest record's Kafka timestamp to the commit of its batch, at the last batch")
                .baseUnit("seconds").register(meters);
    }

    /** What one batch did, counted after its transaction committed. */
    record Outcome(int projected, int redelivered, int parked) {
    }

    /** The live consumer's batch, in its own transaction, counted in the metrics. */
    Outcome project(List<ConsumerRecord<String, String>> records) {
        if (records.isEmpty()) {
            return new Outcome(0, 0, 0);
        }
        Outcome outcome = transaction.execute(status -> apply(records));
        projectedCounter.increment(outcome.projected());
        redeliveredCounter.increment(outcome.redelivered());
        parkedCounter.increment(outcome.parked());
        records.stream().mapToLong(ConsumerRecord::timestamp).filter(t -> t >= 0).max()
                .ifPresent(newest -> lagMillis.set(Math.max(0, clock.millis() - newest)));
        return outcome;
    }

    /** Applies topic records in the caller's transaction (the live batch, or a rebuild catching up in its own schema). */
    Outcome apply(List<ConsumerRecord<String, String>> records) {
        return transaction.execute(status -> apply(records, true));
    }

    /** What a replay of parked records did: how many it took out, and the outcome of applying them again. */
    record Replay(int taken, Outcome outcome) {
    }

    /** Takes every parked record out and applies them again in their order; what still fails is parked again. */
    Replay replayParked() {
        return transaction.execute(status -> {
            List<ConsumerRecord<String, String>> taken = parked.takeAll();
            return new Replay(taken.size(), apply(taken, false));
        });
    }

    private Outcome apply(List<ConsumerRecord<String, String>> records, boolean fromTopic) {
        Instant now = clock.instant();
        Map<TopicPartition, Long> stored = Map.of();
        if (fromTopic) {
            Set<TopicPartition> partitions = new HashSet<>();
            records.forEach(r -> partitions.add(new TopicPartition(r.topic(), r.partition())));
            stored = positions.lock(partitions, now);
        }
        Map<TopicPartition, ConsumerRecord<String, String>> reached = new HashMap<>();
        Map<String, List<Item>> byPerson = new LinkedHashMap<>();
        Tally tally = new Tally();

        for (ConsumerRecord<String, String> record : records) {
            if (fromTopic) {
                TopicPartition tp = new TopicPartition(record.topic(), record.partition());
                if (record.offset() <= stored.get(tp)) {
                    tally.redelivered++;
                    continue;
                }
                reached.merge(tp, record, (a, b) -> b.offset() > a.offset() ? b : a);
            }
            Item item = Item.of(record, pseudonyms);
            if (item.personId() == null) {
                tally.parked += park(record, item.reason(), now); // no person to hold up
            } else {
                byPerson.computeIfAbsent(item.personId(), k -> new ArrayList<>()).add(item);
            }
        }

        Map<String, String> blockers = parked.firstParked(byPerson.keySet());
        Map<String, List<String>> storedJson = rows.payloads(byPerson.keySet());
        List<PersonWrite> writes = new ArrayList<>();
        List<Pending> oneByOne = new ArrayList<>();
        for (Map.Entry<String, List<Item>> person : byPerson.entrySet()) {
            Pending pending = pending(person.getKey(), storedJson.getOrDefault(person.getKey(), List.of()), person.getValue(),
                    blockers.get(person.getKey()), tally, now);
            if (pending == null || pending.fresh().isEmpty()) {
                continue;
            }
            try {
                List<RecordedEvent> all = pending.with(pending.fresh());
                writes.add(new PersonWrite(pending.fresh(), JourneyFold.fold(pending.personId(), all, now, returnWindow), all));
            } catch (RuntimeException foldFailed) {
                oneByOne.add(pending);
            }
        }

        try {
            savepoint.executeWithoutResult(status -> write(writes, now));
            writes.forEach(w -> tally.projected += w.fresh().size());
        } catch (DataIntegrityViolationException batchRefused) {
            // Find the person whose events the database refuses, without losing the others.
            for (PersonWrite one : writes) {
                try {
                    savepoint.executeWithoutResult(status -> write(List.of(one), now));
                    tally.projected += one.fresh().size();
                } catch (DataIntegrityViolationException e) {
                    oneByOne.add(new Pending(one.journey().personId(), one.all().subList(0, one.all().size() - one.fresh().size()),
                            one.fresh()));
                }
            }
        }
        oneByOne.forEach(pending -> applyOneByOne(pending, tally, now));
        if (fromTopic) {
            positions.advance(reached, now);
        }
        return tally.outcome();
    }

    /**
     * A person's records of this batch that can be tried: duplicates of stored events are dropped,
     * and everything from a parked record on (earlier or in this batch) is parked behind it.
     */
    private Pending pending(String personId, List<String> storedJson, List<Item> items, String blocker, Tally tally, Instant now) {
        List<RecordedEvent> stored;
        try {
            stored = storedJson.stream().map(json -> EventJson.read(json, RecordedEvent.class)).toList();
        } catch (RuntimeException e) {
            items.forEach(item -> tally.parked += park(item.record(), "the person's stored events could not be read: " + e, now));
            return null;
        }
        Set<Long> known = new HashSet<>();
        stored.forEach(event -> known.add(event.sequence()));
        List<Incoming> fresh = new ArrayList<>();
        for (Item item : items) {
            if (item.event() != null && !known.add(item.event().sequence())) {
                tally.redelivered++;
            } else if (blocker != null) {
                tally.parked += park(item.record(), BLOCKED + blocker, now);
            } else if (item.reason() != null) {
                tally.parked += park(item.record(), item.reason(), now);
                blocker = ParkedRecords.reference(item.record());
            } else {
                fresh.add(new Incoming(item));
            }
        }
        return new Pending(personId, stored, fresh);
    }

    /** Applies a person's records one at a time, each in its own savepoint, parking from the first that fails. */
    private void applyOneByOne(Pending pending, Tally tally, Instant now) {
        List<RecordedEvent> all = new ArrayList<>(pending.stored());
        List<Incoming> fresh = pending.fresh();
        for (int i = 0; i < fresh.size(); i++) {
            Incoming in = fresh.get(i);
            String failure;
            try {
                List<RecordedEvent> with = new ArrayList<>(all);
                with.add(in.event());
                Journey journey = JourneyFold.fold(pending.personId(), with, now, returnWindow);
                savepoint.executeWithoutResult(status -> write(List.of(new PersonWrite(List.of(in), journey, with)), now));
                all.add(in.event());
                tally.projected++;
                continue;
            } catch (DataIntegrityViolationException e) {
                failure = "the database refused the event: " + e.getMostSpecificCause().getMessage();
            } catch (RuntimeException e) {
                failure = "the person's journey could not be folded with this event: " + e;
            }
            tally.parked += parkFrom(fresh.subList(i, fresh.size()), failure, now);
            return;
        }
    }

    /**
     * Rebuild, first pass: stores the records' events (and parks what cannot be read, or is held
     * behind a parked record) without folding, and advances the positions, in the caller's
     * transaction. Every stored event is noted in {@code stored} for {@link #refold}.
     */
    int store(List<ConsumerRecord<String, String>> records, StoredEvents storedEvents) {
        Instant now = clock.instant();
        Set<TopicPartition> partitions = new HashSet<>();
        records.forEach(r -> partitions.add(new TopicPartition(r.topic(), r.partition())));
        Map<TopicPartition, Long> stored = positions.lock(partitions, now);
        Map<TopicPartition, ConsumerRecord<String, String>> reached = new HashMap<>();
        Map<String, List<Item>> byPerson = new LinkedHashMap<>();
        Tally tally = new Tally();
        for (ConsumerRecord<String, String> record : records) {
            TopicPartition tp = new TopicPartition(record.topic(), record.partition());
            if (record.offset() <= stored.get(tp)) {
                continue;
            }
            reached.merge(tp, record, (a, b) -> b.offset() > a.offset() ? b : a);
            Item item = Item.of(record, pseudonyms);
            if (item.personId() == null) {
                park(record, item.reason(), now);
            } else {
                byPerson.computeIfAbsent(item.personId(), k -> new ArrayList<>()).add(item);
            }
        }
        Map<String, String> blockers = parked.firstParked(byPerson.keySet());
        Set<String> held = new HashSet<>(blockers.keySet());
        byPerson.forEach((personId, items) -> {
            if (items.stream().anyMatch(i -> i.reason() != null)) {
                held.add(personId);
            }
        });
        Map<String, List<String>> heldStored = rows.payloads(held);
        List<Incoming> fresh = new ArrayList<>();
        for (Map.Entry<String, List<Item>> person : byPerson.entrySet()) {
            String personId = person.getKey();
            List<Item> items = person.getValue();
            if (held.contains(personId)) {
                // the rare person with a parked record goes the live way; everyone else's duplicates meet "on conflict do nothing"
                Pending pending = pending(personId, heldStored.getOrDefault(personId, List.of()), items,
                        blockers.get(personId), tally, now);
                if (pending != null) {
                    fresh.addAll(pending.fresh());
                }
            } else {
                items.forEach(i -> fresh.add(new Incoming(i)));
            }
        }
        if (copied(fresh, storedEvents)) {
            fresh.forEach(in -> storedEvents.note(in.origin(), in.event()));
            positions.advance(reached, now);
            return records.size();
        }
        try {
            savepoint.executeWithoutResult(status -> rows.insert(fresh.stream().map(Incoming::event).toList()));
            fresh.forEach(in -> storedEvents.note(in.origin(), in.event()));
        } catch (DataIntegrityViolationException batchRefused) {
            Map<String, List<Incoming>> freshByPerson = new LinkedHashMap<>();
            fresh.forEach(in -> freshByPerson.computeIfAbsent(in.event().personId(), k -> new ArrayList<>()).add(in));
            freshByPerson.values().forEach(events -> {
                for (int i = 0; i < events.size(); i++) {
                    Incoming in = events.get(i);
                    try {
                        savepoint.executeWithoutResult(status -> rows.insert(List.of(in.event())));
                        storedEvents.note(in.origin(), in.event());
                    } catch (DataIntegrityViolationException e) {
                        parkFrom(events.subList(i, events.size()),
                                "the database refused the event: " + e.getMostSpecificCause().getMessage(), now);
                        return;
                    }
                }
            });
        }
        positions.advance(reached, now);
        return records.size();
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
        List<RecordedEvent> unstored = new ArrayList<>(fresh.size());
        for (Incoming in : fresh) {
            RecordedEvent event = in.event();
            if (seen.add(new Key(event.personId(), event.sequence())) && !storedEvents.stored(event.personId(), event.sequence())) {
                unstored.add(event);
            }
        }
        try {
            return Boolean.TRUE.equals(savepoint.execute(status -> rows.copy(unstored)));
        } catch (DataAccessException refused) {
            return false;
        }
    }

    /**
     * Rebuild, second pass: folds each of these people once from their stored events and writes
     * their rows as a live batch would. A person whose events cannot all be folded keeps those before
     * the first failing one; it and the later ones are taken out and parked, as one-at-a-time
     * application would have left them.
     */
    void refold(Collection<String> personIds, StoredEvents storedEvents) {
        Instant now = clock.instant();
        Set<String> foldedBefore = storedEvents.folding(personIds);
        Map<String, List<RecordedEvent>> fromMemory = storedEvents.takeKept(personIds);
        Map<String, List<String>> storedJson = rows.payloads(personIds.stream().filter(p -> !fromMemory.containsKey(p)).toList());
        log.debug("Folding {} people, {} of them from kept events", personIds.size(), fromMemory.size());
        List<PersonWrite> writes = new ArrayList<>();
        for (String personId : personIds) {
            List<RecordedEvent> all = fromMemory.containsKey(personId) ? fromMemory.get(personId)
                    : storedJson.getOrDefault(personId, List.of()).stream().map(json -> EventJson.read(json, RecordedEvent.class)).toList();
            if (all.isEmpty()) {
                continue;
            }
            try {
                writes.add(new PersonWrite(List.of(), JourneyFold.fold(personId, all, now, returnWindow), all));
            } catch (RuntimeException e) {
                Unfoldable first = firstUnfoldable(personId, all, now, e);
                int failing = first.index();
                List<Incoming> unfoldable = all.subList(failing, all.size()).stream()
                        .map(event -> new Incoming(storedEvents.recordOf(event), event)).toList();
                parked.unstore(personId, all.get(failing).sequence());
                parkFrom(unfoldable, "the person's journey could not be folded with this event: " + first.failure(), now);
                if (failing > 0) {
                    List<RecordedEvent> kept = all.subList(0, failing);
                    writes.add(new PersonWrite(List.of(), JourneyFold.fold(personId, kept, now, returnWindow), kept));
                }
            }
        }
        rows.writeForRebuild(writes.stream().map(w -> new JourneyRows.JourneyRow(w.journey(), w.all())).toList(), now, foldedBefore);
    }

    /** Rebuild, after the last fold: the counts the folds left to the end (failure_demand_daily), in the caller's transaction. */
    void finishRebuild() {
        rows.recountDaily();
    }

    private record Unfoldable(int index, RuntimeException failure) {
    }

    /** The first event that cannot be folded onto the ones before it, and why, as the live path would meet it. */
    private Unfoldable firstUnfoldable(String personId, List<RecordedEvent> all, Instant now, RuntimeException whole) {
        for (int i = 1; i <= all.size(); i++) {
            try {
                JourneyFold.fold(personId, all.subList(0, i), now, returnWindow);
            } catch (RuntimeException e) {
                return new Unfoldable(i - 1, e);
            }
        }
        return new Unfoldable(all.size() - 1, whole); // the whole list is the last prefix: not reached while the fold is a function
    }

    /** Where the rebuild's first pass stored each event, so a refold can park the original record. */
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

    private static final class Tally {
        int projected;
        int redelivered;
        int parked;

        Outcome outcome() {
            return new Outcome(projected, redelivered, parked);
        }
    }

    /**
     * A record with its person's pseudonym (of the event's personId, else of a well-formed record key) and
     * either its event, as the projection keeps it, or why it cannot be read. A record that could be read is
     * parked, should it be, without its personal free text, as a rebuild would park it; that value is
     * written only when it is parked.
     */
    private static final class Item {
        private final ConsumerRecord<String, String> original;
        private final RecordedEvent withoutText;
        private final String personId;
        private final RecordedEvent event;
        private final String reason;
        private ConsumerRecord<String, String> asParked;

        private Item(ConsumerRecord<String, String> original, RecordedEvent withoutText, String personId, RecordedEvent event,
                     String reason) {
            this.original = original;
            this.withoutText = withoutText;
            this.personId = personId;
            this.event = event;
            this.reason = reason;
        }

        static Item of(ConsumerRecord<String, String> record, Pseudonyms pseudonyms) {
            Parsed parsed = parse(record);
            if (parsed.reason() == null) {
                RecordedEvent withoutText = PersonalData.map(parsed.event(), text -> null);
                RecordedEvent kept = new RecordedEvent(pseudonyms.of(withoutText.personId()), withoutText.sequence(),
                        withoutText.globalPosition(), withoutText.recordedAt(), withoutText.recordedBy(), withoutText.event());
                return new Item(record, withoutText, kept.personId(), kept, null);
            }
            return new Item(record, null, ParkedRecords.pseudonymOfKey(record, pseudonyms), null, parsed.reason());
        }

        String personId() {
            return personId;
        }

        RecordedEvent event() {
            return event;
        }

        String reason() {
            return reason;
        }

        /** The record as it is parked: a readable one without its personal free text. */
        ConsumerRecord<String, String> record() {
            if (asParked == null) {
                asParked = withoutText == null ? original : withValue(original, EventJson.write(withoutText));
            }
            return asParked;
        }

        /** The record as read from the topic (its place, timestamp and key are those of {@link #record}). */
        ConsumerRecord<String, String> original() {
            return original;
        }

        private static ConsumerRecord<String, String> withValue(ConsumerRecord<String, String> record, String value) {
            return new ConsumerRecord<>(record.topic(), record.partition(), record.offset(), record.timestamp(), record.timestampType(),
                    record.serializedKeySize(), record.serializedValueSize(), record.key(), value, record.headers(), record.leaderEpoch());
        }
    }

    /** An event to apply and its record: from the topic ({@code item}), or as a refold rebuilds it ({@code given}). */
    private record Incoming(Item item, ConsumerRecord<String, String> given, RecordedEvent event) {
        Incoming(Item item) {
            this(item, null, item.event());
        }

        Incoming(ConsumerRecord<String, String> given, RecordedEvent event) {
            this(null, given, event);
        }

        /** The record as it is parked. */
        ConsumerRecord<String, String> record() {
            return item != null ? item.record() : given;
        }

        /** The record's place, timestamp and key, without writing the parked value. */
        ConsumerRecord<String, String> origin() {
            return item != null ? item.original() : given;
        }
    }

    /** A person's stored events and the incoming ones still to apply. */
    private record Pending(String personId, List<RecordedEvent> stored, List<Incoming> fresh) {
        List<RecordedEvent> with(List<Incoming> incoming) {
            List<RecordedEvent> all = new ArrayList<>(stored);
            incoming.forEach(in -> all.add(in.event()));
            return all;
        }
    }

    private record PersonWrite(List<Incoming> fresh, Journey journey, List<RecordedEvent> all) {
    }

    private void write(List<PersonWrite> writes, Instant now) {
        rows.insert(writes.stream().flatMap(w -> w.fresh().stream()).map(Incoming::event).toList());
        rows.upsert(writes.stream().map(w -> new JourneyRows.JourneyRow(w.journey(), w.all())).toList(), now);
    }

    /** Parks the first record with the reason and the rest behind it. */
    private int parkFrom(List<Incoming> toPark, String reason, Instant now) {
        int count = 0;
        for (int i = 0; i < toPark.size(); i++) {
            count += park(toPark.get(i).record(), i == 0 ? reason : BLOCKED + ParkedRecords.reference(toPark.get(0).record()), now);
        }
        return count;
    }

    private int park(ConsumerRecord<String, String> record, String reason, Instant now) {
        String shortReason = reason.length() > REASON_MAX ? reason.substring(0, REASON_MAX) + "…" : reason;
        return parked.park(record, shortReason, now) ? 1 : 0;
    }

    private record Parsed(RecordedEvent event, String reason) {
        static Parsed refused(String reason) {
            return new Parsed(null, reason);
        }
    }

    private static Parsed parse(ConsumerRecord<String, String> record) {
        if (record.value() == null) {
            return Parsed.refused("record has no value");
        }
        RecordedEvent event;
        try {
            event = EventJson.mapper().readValue(record.value(), RecordedEvent.class);
        } catch (JsonProcessingException e) {
            return Parsed.refused("not a RecordedEvent: " + e.getOriginalMessage());
        }
        if (event == null || event.event() == null) {
            return Parsed.refused("RecordedEvent has no event");
        }
        if (event.personId() == null || !PERSON_ID.matcher(event.personId()).matches()) {
            return Parsed.refused("personId missing or not " + Fields.PERSON_ID_PATTERN);
        }
        if (!event.personId().equals(record.key())) {
            return Parsed.refused("record key " + record.key() + " is not the event's personId " + event.personId());
        }
        if (event.sequence() < 0) {
            return Parsed.refused("negative sequence " + event.sequence());
        }
        boolean noId = event.event().eventId() == null;
        boolean noTime = event.event().occurredAt() == null;
        if (noId || noTime) {
            return Parsed.refused("missing " + (noId && noTime ? "event.eventId, event.occurredAt" : noId ? "event.eventId" : "event.occurredAt"));
        }
        return new Parsed(event, null);
    }
}
