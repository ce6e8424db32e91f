package org.casejourney.query.journey;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.TopicPartition;
import org.casejourney.events.EventJson;
import org.casejourney.events.Fields;
import org.casejourney.events.RecordedEvent;
import org.casejourney.events.journey.Journey;
import org.casejourney.events.journey.JourneyFold;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionDefinition;
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
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Applies batches of topic records to the journey tables, effectively once: the partitions'
 * positions are locked, advanced and committed in the same transaction as the rows, records at or
 * below a stored position are skipped, and events already stored for a person are not stored again.
 * Each person touched by a batch has their journey row folded once per batch.
 */
@Component
class JourneyProjection {

    private static final Pattern PERSON_ID = Pattern.compile(Fields.PERSON_ID_PATTERN);
    private static final int REASON_MAX = 1_000;

    private final JourneyRows rows;
    private final ConsumerPositions positions;
    private final ParkedRecords parked;
    private final TransactionTemplate transaction;
    private final TransactionTemplate savepoint;
    private final Clock clock;
    private final Duration returnWindow;
    private final Counter projectedCounter;
    private final Counter redeliveredCounter;
    private final Counter parkedCounter;
    private final AtomicLong lagMillis = new AtomicLong();

    JourneyProjection(JourneyRows rows, ConsumerPositions positions, ParkedRecords parked,
                      PlatformTransactionManager transactions, MeterRegistry meters, Clock clock,
                      @Value("${casejourney.journey.return-window-days:90}") int returnWindowDays) {
        this.rows = rows;
        this.positions = positions;
        this.parked = parked;
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

    private Outcome apply(List<ConsumerRecord<String, String>> records) {
        Instant now = clock.instant();
        Set<TopicPartition> partitions = new HashSet<>();
        records.forEach(r -> partitions.add(new TopicPartition(r.topic(), r.partition())));
        Map<TopicPartition, Long> stored = positions.lock(partitions, now);
        Map<TopicPartition, Long> reached = new HashMap<>();
        Map<String, List<Incoming>> byPerson = new LinkedHashMap<>();
        int redelivered = 0;
        int parkedCount = 0;

        for (ConsumerRecord<String, String> record : records) {
            TopicPartition tp = new TopicPartition(record.topic(), record.partition());
            if (record.offset() <= stored.get(tp)) {
                redelivered++;
                continue;
            }
            reached.merge(tp, record.offset(), Math::max);
            Parsed parsed = parse(record);
            if (parsed.reason() != null) {
                parkedCount += park(record, parsed.reason(), now);
            } else {
                byPerson.computeIfAbsent(parsed.event().personId(), k -> new ArrayList<>()).add(new Incoming(record, parsed.event()));
            }
        }

        Map<String, List<String>> storedJson = rows.payloads(byPerson.keySet());
        List<PersonWrite> writes = new ArrayList<>();
        for (Map.Entry<String, List<Incoming>> person : byPerson.entrySet()) {
            List<Incoming> incoming = person.getValue();
            Folded folded = fold(person.getKey(), storedJson.getOrDefault(person.getKey(), List.of()), incoming, now);
            redelivered += incoming.size() - folded.fresh().size();
            if (folded.failure() != null) {
                parkedCount += parkAll(folded.fresh(), folded.failure(), now);
            } else if (!folded.fresh().isEmpty()) {
                writes.add(new PersonWrite(folded.fresh(), folded.journey(), folded.all()));
            }
        }

        int projected = 0;
        try {
            savepoint.executeWithoutResult(status -> write(writes, now));
            projected = writes.stream().mapToInt(w -> w.fresh().size()).sum();
        } catch (DataIntegrityViolationException batchRefused) {
            // Find the person whose events the database refuses, without losing the others.
            for (PersonWrite one : writes) {
                try {
                    savepoint.executeWithoutResult(status -> write(List.of(one), now));
                    projected += one.fresh().size();
                } catch (DataIntegrityViolationException e) {
                    parkedCount += parkAll(one.fresh(), "the database refused the event: " + e.getMostSpecificCause().getMessage(), now);
                }
            }
        }
        positions.advance(reached, now);
        return new Outcome(projected, redelivered, parkedCount);
    }

    private record Incoming(ConsumerRecord<String, String> record, RecordedEvent event) {
    }

    /** A person's events not yet stored, and their journey with them; or why they cannot be applied. */
    private record Folded(List<Incoming> fresh, List<RecordedEvent> all, Journey journey, String failure) {
    }

    private record PersonWrite(List<Incoming> fresh, Journey journey, List<RecordedEvent> all) {
    }

    private Folded fold(String personId, List<String> storedJson, List<Incoming> incoming, Instant now) {
        Set<Long> known = new HashSet<>();
        List<Incoming> fresh = new ArrayList<>();
        List<RecordedEvent> all = new ArrayList<>();
        try {
            storedJson.forEach(json -> {
                RecordedEvent event = EventJson.read(json, RecordedEvent.class);
                known.add(event.sequence());
                all.add(event);
            });
            for (Incoming in : incoming) {
                if (known.add(in.event().sequence())) {
                    fresh.add(in);
                    all.add(in.event());
                }
            }
            Journey journey = fresh.isEmpty() ? null : JourneyFold.fold(personId, all, now, returnWindow);
            return new Folded(fresh, all, journey, null);
        } catch (RuntimeException e) {
            return new Folded(fresh.isEmpty() ? incoming : fresh, all, null,
                    "the person's journey could not be folded with this event: " + e);
        }
    }

    private void write(List<PersonWrite> writes, Instant now) {
        rows.insert(writes.stream().flatMap(w -> w.fresh().stream()).map(Incoming::event).toList());
        rows.upsert(writes.stream().map(w -> new JourneyRows.JourneyRow(w.journey(), w.all())).toList(), now);
    }

    private int parkAll(List<Incoming> toPark, String reason, Instant now) {
        int count = 0;
        for (Incoming in : toPark) {
            count += park(in.record(), reason, now);
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
        List<String> missing = Stream.of(
                        event.event().eventId() == null ? "event.eventId" : null,
                        event.event().occurredAt() == null ? "event.occurredAt" : null)
                .filter(s -> s != null).toList();
        if (!missing.isEmpty()) {
            return Parsed.refused("missing " + String.join(", ", missing));
        }
        return new Parsed(event, null);
    }
}
