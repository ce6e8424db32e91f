package org.casejourney.query.journey;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.TopicPartition;
import org.casejourney.events.EventJson;
import org.casejourney.events.RecordedEvent;
import org.casejourney.query.projections.ProjectionLifecycle;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** The journey projection (every table of the read model) as the projection lifecycle sees it. */
@Component
class JourneyLifecycle implements ProjectionLifecycle {

    private final JourneyProjection projection;
    private final ConsumerPositions positions;
    private final ParkedRecords parked;
    private final String topic;

    JourneyLifecycle(JourneyProjection projection, ConsumerPositions positions, ParkedRecords parked,
                     @Value("${casejourney.topic.name}") String topic) {
        this.projection = projection;
        this.positions = positions;
        this.parked = parked;
        this.topic = topic;
    }

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
    public List<Parked> parked(long offset, int limit) {
        return parked.page(offset, limit).stream()
                .map(p -> new Parked(p.id(), p.topic(), p.partition(), p.offset(), p.key(), p.reason(), p.parkedAt(), p.payload()))
                .toList();
    }

    @Override
    public Replayed replayParked() {
        JourneyProjection.Replay replay = projection.replayParked();
        JourneyProjection.Outcome outcome = replay.outcome();
        return new Replayed(replay.taken(), outcome.projected(), outcome.parked(), outcome.redelivered());
    }

    @Override
    public Rebuilding rebuilding() {
        return new JourneyRebuilding();
    }

    /** Remembers where each stored event came from, and whose journeys still need their fold; safe for parallel workers. */
    private final class JourneyRebuilding implements Rebuilding, JourneyProjection.StoredEvents {

        private final Map<String, Map<Long, long[]>> origins = new HashMap<>();
        private final Map<String, String> keys = new HashMap<>(); // pseudonym to the record key it came under
        private final Set<String> unfolded = new LinkedHashSet<>();
        private final Set<String> folded = new HashSet<>();

        @Override
        public void store(List<ConsumerRecord<String, String>> records) {
            projection.store(records, this);
        }

        @Override
        public void refold(int people) {
            List<String> next = new ArrayList<>(people);
            synchronized (this) {
                var it = unfolded.iterator();
                while (it.hasNext() && next.size() < people) {
                    next.add(it.next());
                    it.remove();
                }
            }
            projection.refold(next, this);
        }

        @Override
        public synchronized int unfolded() {
            return unfolded.size();
        }

        @Override
        public void finish() {
            projection.finishRebuild();
        }

        @Override
        public void apply(List<ConsumerRecord<String, String>> records) {
            projection.apply(records);
        }

        @Override
        public synchronized void note(ConsumerRecord<String, String> record, RecordedEvent event) {
            origins.computeIfAbsent(event.personId(), k -> new HashMap<>())
                    .putIfAbsent(event.sequence(), new long[]{record.partition(), record.offset(), record.timestamp()});
            keys.putIfAbsent(event.personId(), record.key());
            unfolded.add(event.personId());
        }

        @Override
        public synchronized boolean stored(String personId, long sequence) {
            return origins.getOrDefault(personId, Map.of()).containsKey(sequence);
        }

        @Override
        public synchronized Set<String> folding(Collection<String> personIds) {
            Set<String> before = new HashSet<>();
            for (String personId : personIds) {
                if (!folded.add(personId)) {
                    before.add(personId);
                }
            }
            return before;
        }

        /**
         * The original record's place; its value is the stored event under the record's own key, without personal
         * text, exactly as the live path parks a readable record, so a replay reads the person as the topic named them.
         */
        @Override
        public synchronized ConsumerRecord<String, String> recordOf(RecordedEvent event) {
            long[] origin = origins.getOrDefault(event.personId(), Map.of()).get(event.sequence());
            TopicPartition tp = new TopicPartition(topic, origin == null ? -1 : (int) origin[0]);
            String key = keys.getOrDefault(event.personId(), event.personId());
            RecordedEvent asSent = new RecordedEvent(key, event.sequence(), event.globalPosition(), event.recordedAt(), event.recordedBy(),
                    event.event());
            return new ConsumerRecord<>(tp.topic(), tp.partition(), origin == null ? -1 : origin[1], key, EventJson.write(asSent));
        }
    }
}
