package org.casejourney.query.journey;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.TopicPartition;
import org.casejourney.events.EventJson;
import org.casejourney.events.RecordedEvent;
import org.casejourney.query.platform.QuerySideProperties;
import org.casejourney.query.projections.ProjectionLifecycle;
import org.springframework.stereotype.Component;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** The journey projection (every table of the read model) as the projection lifecycle sees it. */
@Component
class JourneyLifecycle implements ProjectionLifecycle {

    private final JourneyProjection projection;
    private final RebuildPasses passes;
    private final ConsumerPositions positions;
    private final ParkedRecords parked;
    private final UnfoldedPeople unfoldedPeople;
    private final String topic;
    private final long keptEventsBudget;

    JourneyLifecycle(JourneyProjection projection, RebuildPasses passes, ConsumerPositions positions, ParkedRecords parked,
                     UnfoldedPeople unfoldedPeople, QuerySideProperties properties) {
        long keptEvents = properties.projections().rebuild().cachedEvents();
        this.projection = projection;
        this.passes = passes;
        this.positions = positions;
        this.parked = parked;
        this.unfoldedPeople = unfoldedPeople;
        this.topic = properties.topic().name();
        this.keptEventsBudget = keptEvents >= 0 ? keptEvents : Runtime.getRuntime().maxMemory() / 4 / BYTES_PER_KEPT_EVENT;
    }

    /**
     * A parsed event's heap (record, strings, instants, list slot), for the default budgets: a heap histogram of a
     * catch-up holding 798,432 of the benchmark's events came to about 1.16 KB each, a dozen strings of them.
     */
    static final long BYTES_PER_KEPT_EVENT = 1_200;

    @Override
    public String name() {
        return "journey";
    }

    @Override
    public String topic() {
        return topic;
    }

    @Override
    public Map<Integer, Position> positions() {
        Map<Integer, Position> byPartition = new LinkedHashMap<>();
        positions.all(topic).forEach((tp, p) -> byPartition.put(tp.partition(), new Position(p.lastOffset(), p.lastRecordAt())));
        return byPartition;
    }

    @Override
    public long parkedCount() {
        return parked.count();
    }

    @Override
    public long unfoldedCount() {
        return unfoldedPeople.count();
    }

    @Override
    public List<Parked> parked(long offset, int limit) {
        return parked.page(offset, limit).stream()
                .map(p -> new Parked(p.id(), p.topic(), p.partition(), p.offset(), p.key(), p.pseudonym(), p.reason(), p.parkedAt(), p.payload()))
                .toList();
    }

    @Override
    public Replayed replayParked() {
        JourneyProjection.Replay replay = projection.replayParked();
        JourneyProjection.Outcome outcome = replay.outcome();
        return new Replayed(replay.taken(), outcome.projected(), outcome.parked(), outcome.redelivered());
    }

    /**
     * A rebuild keeps its own events in memory, up to a quarter of the heap; the live projection's kept events, another
     * quarter, are forgotten when the rebuilt schema is switched in, so they are forgotten now, at its start, and the
     * rebuild has their room. With both kept, a rebuild after a replay ran a 6 GB heap 4-5 GB full, and the collector took
     * about half of the query side's CPU (docs/performance.md). Live batches keep events again as they touch people.
     */
    @Override
    public Rebuilding rebuilding() {
        projection.forgetKept();
        return new JourneyRebuilding();
    }

    /**
     * Remembers where each stored event came from, and whose journeys still need their fold; safe for parallel workers.
     * Up to a budget, it also keeps the events it was told were stored, so the fold need not read and parse them back
     * (ADR 012): a person's events are kept only while every one of them is, and never once they have been folded.
     */
    private final class JourneyRebuilding implements Rebuilding, RebuildPasses.StoredEvents {

        private final Map<String, RebuiltPerson> people = new HashMap<>(); // by pseudonym
        private final ArrayDeque<RebuiltPerson> unfolded = new ArrayDeque<>();
        private long keptEvents;
        private boolean admitting = true;

        @Override
        public void store(List<ConsumerRecord<String, String>> records) {
            passes.store(records, this);
        }

        @Override
        public void refold(int count) {
            List<String> next = new ArrayList<>(count);
            long events = 0;
            synchronized (this) {
                // bounded by events as well as people, as the live catch-up's fold is (DeferredFolds)
                while (!unfolded.isEmpty() && next.size() < count
                        && (next.isEmpty() || events + unfolded.peek().stored <= DeferredFolds.EVENTS_PER_TRANSACTION)) {
                    RebuiltPerson person = unfolded.poll();
                    person.queued = false;
                    next.add(person.pseudonym);
                    events += person.stored;
                }
            }
            passes.refold(next, this);
        }

        @Override
        public synchronized int unfolded() {
            return unfolded.size();
        }

        @Override
        public void finish() {
            passes.finish();
        }

        @Override
        public void apply(List<ConsumerRecord<String, String>> records) {
            projection.apply(records);
        }

        @Override
        public synchronized void note(ConsumerRecord<String, String> record, RecordedEvent event) {
            RebuiltPerson person = people.computeIfAbsent(event.personId(), pseudonym -> new RebuiltPerson(pseudonym, record.key()));
            if (!person.queued) {
                person.queued = true;
                unfolded.add(person);
            }
            if (person.add(event.sequence(), record.partition(), record.offset())) {
                keep(person, event, record.value());
            }
        }

        /** Keeps the stored event for the person's fold, or gives up keeping theirs when that might not fold alike. */
        private void keep(RebuiltPerson person, RecordedEvent event, String value) {
            if (person.kept == null) {
                return;
            }
            boolean full = keptEvents >= keptEventsBudget;
            if (full || !StoredAlike.sure(value) || (person.kept.isEmpty() && !admitting)) {
                // once full, nobody new is taken on: the space others' let-go events free goes to those already kept
                admitting &= !full;
                keptEvents -= person.kept.size();
                person.kept = null;
                return;
            }
            person.kept.add(event);
            keptEvents++;
        }

        @Override
        public synchronized Map<String, List<RecordedEvent>> takeKept(Collection<String> personIds) {
            Map<String, List<RecordedEvent>> taken = new HashMap<>();
            for (String personId : personIds) {
                RebuiltPerson person = people.get(personId);
                if (person == null || person.kept == null) {
                    continue;
                }
                List<RecordedEvent> events = person.kept;
                person.kept = null; // what arrives for them later is folded from their stored rows
                keptEvents -= events.size();
                events.sort(Comparator.comparingLong(RecordedEvent::sequence));
                taken.put(personId, events);
            }
            return taken;
        }

        @Override
        public synchronized boolean stored(String personId, long sequence) {
            RebuiltPerson person = people.get(personId);
            return person != null && person.find(sequence) >= 0;
        }

        @Override
        public synchronized Set<String> folding(Collection<String> personIds) {
            Set<String> before = new HashSet<>();
            for (String personId : personIds) {
                RebuiltPerson person = people.get(personId);
                if (person == null) {
                    continue;
                }
                if (person.folded) {
                    before.add(personId);
                }
                person.folded = true;
            }
            return before;
        }

        /**
         * The original record's place; its value is the stored event under the record's own key, without personal
         * text, exactly as the live path parks a readable record, so a replay reads the person as the topic named them.
         */
        @Override
        public synchronized ConsumerRecord<String, String> recordOf(RecordedEvent event) {
            RebuiltPerson person = people.get(event.personId());
            int at = person == null ? -1 : person.find(event.sequence());
            TopicPartition tp = new TopicPartition(topic, at < 0 ? -1 : (int) person.origins[at * 3 + 1]);
            String key = person == null ? event.personId() : person.key;
            RecordedEvent asSent = new RecordedEvent(key, event.sequence(), event.globalPosition(), event.recordedAt(), event.recordedBy(),
                    event.event());
            return ReadRecord.asParked(new ConsumerRecord<>(tp.topic(), tp.partition(), at < 0 ? -1 : person.origins[at * 3 + 2], key, ""),
                    EventJson.write(asSent));
        }
    }

    /**
     * What a rebuild knows of one person: the record key they first came under, each stored event's sequence and
     * origin (partition, offset), whether they wait for a fold or were folded, and the events kept for it.
     */
    private static final class RebuiltPerson {
        /** Past this many events a person's sequences are also indexed, so looking one up stays cheap. */
        private static final int SCAN_LIMIT = 32;

        final String pseudonym;
        final String key;
        long[] origins = new long[3 * 8]; // sequence, partition, offset per stored event
        int stored;
        Map<Long, Integer> index; // sequence to slot, once there are more than SCAN_LIMIT
        List<RecordedEvent> kept = new ArrayList<>(8); // null once let go
        boolean queued;
        boolean folded;

        RebuiltPerson(String pseudonym, String key) {
            this.pseudonym = pseudonym;
            this.key = key;
        }

        int find(long sequence) {
            if (index != null) {
                Integer at = index.get(sequence);
                return at == null ? -1 : at;
            }
            for (int i = 0; i < stored; i++) {
                if (origins[i * 3] == sequence) {
                    return i;
                }
            }
            return -1;
        }

        /** Notes a stored event's origin; false when this sequence was noted already (the first one stays). */
        boolean add(long sequence, long partition, long offset) {
            if (find(sequence) >= 0) {
                return false;
            }
            if (origins.length < (stored + 1) * 3) {
                origins = Arrays.copyOf(origins, origins.length * 2);
            }
            int at = stored * 3;
            origins[at] = sequence;
            origins[at + 1] = partition;
            origins[at + 2] = offset;
            if (index == null && stored == SCAN_LIMIT) {
                index = new HashMap<>();
                for (int i = 0; i < stored; i++) {
                    index.put(origins[i * 3], i);
                }
            }
            if (index != null) {
                index.put(sequence, stored);
            }
            stored++;
            return true;
        }
    }
}
