package org.casejourney.query.projections;

import org.apache.kafka.clients.consumer.ConsumerRecord;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * What the lifecycle (listing, rebuild, parked records) needs of a projection fed by the events
 * topic. Every call works on the tables the connection's search path finds, so the rebuild runs
 * the very same code against a fresh schema.
 */
public interface ProjectionLifecycle {

    /** The name in {@code /api/v1/projections/{name}}. */
    String name();

    String topic();

    /** Stored positions by partition; partitions never applied are absent. */
    Map<Integer, Position> positions();

    long parkedCount();

    /**
     * People whose events a catch-up stored without writing their journey and facts yet (ADR 014): 0 once the
     * projection's analysts' tables hold everything its positions have passed.
     */
    long unfoldedCount();

    /** Parked records in their order on the topic. */
    List<Parked> parked(long offset, int limit);

    /** Applies every parked record again, per person in their original order, in one transaction. */
    Replayed replayParked();

    /**
     * A rebuild's access to the projection, holding what its two passes share. Workers may call
     * {@link #store} for records of different partitions, and {@link #refold}, at the same time.
     */
    Rebuilding rebuilding();

    interface Rebuilding {

        /** First pass, in the caller's transaction: stores the records without the per-person fold. */
        void store(List<ConsumerRecord<String, String>> records);

        /**
         * Second pass, in the caller's transaction: takes up to this many stored people, fewer when their stored events
         * would pass the projection's bound for one transaction (at least one person), and folds each once.
         */
        void refold(int people);

        /** People stored since their last fold. */
        int unfolded();

        /** After the last fold, in the caller's transaction: completes what the folds leave to the end. */
        void finish();

        /** Catching up, in the caller's transaction: applies the records exactly as the live consumer would. */
        void apply(List<ConsumerRecord<String, String>> records);
    }

    /** The last applied offset of a partition and that record's Kafka timestamp. */
    record Position(long lastOffset, Instant lastRecordAt) {
    }

    /** {@code pseudonym}: of the record's key when it is a well-formed personId, else null. */
    record Parked(long id, String topic, int partition, long offset, String key, String pseudonym, String reason, Instant parkedAt,
                  String payload) {
    }

    /** What a replay did: records taken out, applied, parked again, and found already applied. */
    record Replayed(int taken, int applied, int stillParked, int alreadyApplied) {
    }
}
