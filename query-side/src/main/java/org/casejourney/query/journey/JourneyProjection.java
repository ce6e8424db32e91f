package org.casejourney.query.journey;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.MeterRegistry;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.casejourney.events.Pseudonyms;
import org.casejourney.query.platform.QuerySideProperties;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.support.TransactionTemplate;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Applies batches of topic records to the journey tables, effectively once: the partitions' positions are
 * locked, advanced and committed in the same transaction as the rows (see {@link LiveBatches}), and events
 * already stored for a person are not stored again. A record that cannot be applied is parked with its reason;
 * while a person has a parked record, their later records are parked behind it and other people carry on.
 * People's stored events are kept in memory between batches ({@link KeptEvents}); a catch-up far behind the
 * topic's end defers the fold ({@link DeferredFolds}).
 */
@Component
class JourneyProjection implements DisposableBean {

    private final TransactionTemplate transaction;
    private final ParkedRecords parked;
    private final KeptEvents kept;
    private final LiveBatches batches;
    private final DeferredFolds deferred;
    private final Clock clock;
    private final Counter projectedCounter;
    private final Counter redeliveredCounter;
    private final Counter parkedCounter;
    private final AtomicLong lagMillis = new AtomicLong();
    private final Timer delay;
    private final Timer batchTime;
    private final BackgroundFolds folds = new BackgroundFolds(this::foldChunk);

    JourneyProjection(JourneyRows rows, ConsumerPositions positions, ParkedRecords parked, Pseudonyms pseudonyms, KeptEvents kept,
                      UnfoldedPeople unfolded, PlatformTransactionManager transactions, MeterRegistry meters, Clock clock,
                      QuerySideProperties properties) {
        int returnWindowDays = properties.journey().returnWindowDays();
        this.transaction = new TransactionTemplate(transactions);
        TransactionTemplate savepoint = new TransactionTemplate(transactions);
        savepoint.setPropagationBehavior(TransactionDefinition.PROPAGATION_NESTED);
        this.parked = parked;
        this.kept = kept;
        PersonHistories histories = new PersonHistories(rows, kept);
        Duration returnWindow = Duration.ofDays(returnWindowDays);
        this.batches = new LiveBatches(rows, positions, parked, pseudonyms, histories, unfolded, savepoint, clock, returnWindow);
        this.deferred = new DeferredFolds(rows, unfolded, histories, clock, returnWindow);
        this.clock = clock;
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
        this.delay = Timer.builder("casejourney.projection.delay")
                .description("Per record, from its Kafka timestamp (when the publisher sent it) to the commit of the live batch "
                        + "that applied it: the topic's and the projection's share of acknowledged-to-visible")
                .publishPercentileHistogram().register(meters);
        this.batchTime = Timer.builder("casejourney.projection.batch")
                .description("Per live batch, from its start to its commit")
                .publishPercentileHistogram().register(meters);
    }

    /** What one batch did, counted after its transaction committed. */
    record Outcome(int projected, int redelivered, int parked) {
    }

    /** The live consumer's batch, in its own transaction, counted in the metrics. */
    Outcome project(List<ConsumerRecord<String, String>> records) {
        return project(records, false);
    }

    /** The live consumer's batch; with {@code deferFold}, far behind the topic's end, journeys and facts wait for a deferred fold. */
    Outcome project(List<ConsumerRecord<String, String>> records, boolean deferFold) {
        return project(ReadPoll.unread(records), deferFold);
    }

    /** The live consumer's batch, its records maybe read ahead (see {@link CatchUpPipeline}). */
    Outcome project(ReadPoll poll, boolean deferFold) {
        List<ConsumerRecord<String, String>> records = poll.records();
        if (records.isEmpty()) {
            return new Outcome(0, 0, 0);
        }
        if (deferFold) {
            folds.noteDeferred();
        }
        long started = System.nanoTime(); // waiting for a deferred fold's chunks in flight counts
        Outcome outcome = folds.exclusively(() -> {
            long generation = kept.generation();
            Committed committed = new Committed();
            Outcome applied = transaction.execute(status -> batches.apply(poll, new LiveBatches.Mode(true, true, deferFold), committed));
            kept.keep(generation, committed);
            return applied;
        });
        batchTime.record(System.nanoTime() - started, TimeUnit.NANOSECONDS);
        projectedCounter.increment(outcome.projected());
        redeliveredCounter.increment(outcome.redelivered());
        parkedCounter.increment(outcome.parked());
        long now = clock.millis();
        long newest = -1;
        for (ConsumerRecord<String, String> record : records) {
            if (record.timestamp() >= 0) {
                delay.record(Math.max(0, now - record.timestamp()), TimeUnit.MILLISECONDS);
                newest = Math.max(newest, record.timestamp());
            }
        }
        if (newest >= 0) {
            lagMillis.set(Math.max(0, now - newest));
        }
        return outcome;
    }

    /** Applies topic records in the caller's transaction (a rebuild catching up in its own schema: nothing kept, nothing deferred). */
    Outcome apply(List<ConsumerRecord<String, String>> records) {
        return transaction.execute(status -> batches.apply(ReadPoll.unread(records), new LiveBatches.Mode(true, false, false), new Committed()));
    }

    /**
     * Starts writing the journeys and facts of everyone a catch-up left unfolded, a chunk per transaction, on two
     * threads of their own (the chunks' people are disjoint; their daily-count moves, the last statement of each, meet
     * only at commit) beside the live batches ({@link BackgroundFolds}); returns at once.
     */
    void foldInBackground() {
        folds.start();
    }

    /** Far behind the topic's end again: the deferred fold stops after its chunks in flight, until {@link #foldInBackground}. */
    void holdFolds() {
        folds.hold();
    }

    /**
     * Writes the journeys and facts of everyone a catch-up left unfolded on this thread, a chunk per transaction; how many
     * people. The consumer folds beside its batches ({@link #foldInBackground}); this is for whoever must see it done.
     */
    int foldDeferred() {
        return folds.foldAll();
    }

    /** Whether a deferred fold started by {@link #foldInBackground} is still at work. */
    boolean folding() {
        return folds.running();
    }

    private int foldChunk() {
        long generation = kept.generation();
        Committed committed = new Committed();
        Integer folded = transaction.execute(status -> deferred.foldChunk(committed));
        kept.keep(generation, committed);
        return folded == null ? 0 : folded;
    }

    /** Stops the deferred fold after its chunks in flight, before the database goes. */
    @Override
    public void destroy() {
        folds.close();
    }

    /** Forgets the kept events: the partitions this consumer owns changed, so others may have written its people. */
    void forgetKept() {
        kept.forget();
    }

    /** What a replay of parked records did: how many it took out, and the outcome of applying them again. */
    record Replay(int taken, Outcome outcome) {
    }

    /** Takes every parked record out and applies them again in their order; what still fails is parked again. */
    Replay replayParked() {
        return folds.exclusively(() -> transaction.execute(status -> {
            List<ConsumerRecord<String, String>> taken = parked.takeAll();
            kept.forget(); // under the exclusive lock: the replay stores events behind the live batches' back
            return new Replay(taken.size(), batches.apply(ReadPoll.unread(taken), new LiveBatches.Mode(false, false, false), new Committed()));
        }));
    }
}
