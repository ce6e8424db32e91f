package org.casejourney.query.journey;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.casejourney.events.RecordedEvent;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Which of a person's records can be tried, and parking the others: a record that cannot be read is parked with
 * its reason, and every later record of the same person is parked behind the first parked one (their order matters).
 */
final class Parking {

    static final String BLOCKED = "blocked behind parked record ";
    private static final int REASON_MAX = 1_000;

    private final ParkedRecords parked;

    Parking(ParkedRecords parked) {
        this.parked = parked;
    }

    /** Counts what {@link #triable} did with a batch's records. */
    static final class Tally {
        int projected;
        int redelivered;
        int parked;
    }

    /** A person's stored events and the incoming ones still to apply. */
    record Pending(String personId, List<RecordedEvent> stored, List<Incoming> fresh) {
        List<RecordedEvent> with(List<Incoming> incoming) {
            List<RecordedEvent> all = new ArrayList<>(stored.size() + incoming.size());
            all.addAll(stored);
            incoming.forEach(in -> all.add(in.event()));
            return all;
        }
    }

    /**
     * A person's records of this batch that can be tried: duplicates of stored events are dropped, and
     * everything from a parked record on (earlier, named by {@code blocker}, or in this batch) is parked behind it.
     */
    Pending triable(String personId, List<RecordedEvent> stored, List<ReadRecord> records, String blocker, Tally tally, Instant now) {
        Known known = new Known(stored);
        List<Incoming> fresh = new ArrayList<>();
        for (ReadRecord read : records) {
            if (read.event() != null && !known.add(read.event().sequence())) {
                tally.redelivered++;
            } else if (blocker != null) {
                tally.parked += park(read.record(), BLOCKED + blocker, now);
            } else if (read.reason() != null) {
                tally.parked += park(read.record(), read.reason(), now);
                blocker = ParkedRecords.reference(read.record());
            } else {
                fresh.add(new Incoming(read));
            }
        }
        return new Pending(personId, stored, fresh);
    }

    /**
     * The sequences a person has stored or this batch has met. A record beyond the last stored sequence (the usual
     * case) is checked against the batch's own only; the stored ones are put in a set only when a record is not beyond
     * them, so a long history costs a loop over its sequences, not a set of them, per batch.
     */
    private static final class Known {
        private final List<RecordedEvent> stored;
        private final long lastStored;
        private final Set<Long> met = new HashSet<>();
        private Set<Long> storedSet;

        Known(List<RecordedEvent> stored) {
            this.stored = stored;
            long last = -1;
            for (RecordedEvent event : stored) {
                last = Math.max(last, event.sequence());
            }
            this.lastStored = last;
        }

        /** Notes the sequence; false when it was stored or met before. */
        boolean add(long sequence) {
            if (sequence <= lastStored) {
                if (storedSet == null) {
                    storedSet = new HashSet<>();
                    stored.forEach(event -> storedSet.add(event.sequence()));
                }
                if (storedSet.contains(sequence)) {
                    return false;
                }
            }
            return met.add(sequence);
        }
    }

    /** Parks all of a person's records with a reason (their stored events could not be read). */
    void parkAll(List<ReadRecord> records, String reason, Tally tally, Instant now) {
        records.forEach(read -> tally.parked += park(read.record(), reason, now));
    }

    /** Parks the first record with the reason and the rest behind it. */
    int parkFrom(List<Incoming> toPark, String reason, Instant now) {
        int count = 0;
        for (int i = 0; i < toPark.size(); i++) {
            count += park(toPark.get(i).record(), i == 0 ? reason : BLOCKED + ParkedRecords.reference(toPark.get(0).record()), now);
        }
        return count;
    }

    int park(ConsumerRecord<String, String> record, String reason, Instant now) {
        String shortReason = reason.length() > REASON_MAX ? reason.substring(0, REASON_MAX) + "…" : reason;
        return parked.park(record, shortReason, now) ? 1 : 0;
    }
}
