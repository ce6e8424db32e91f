package org.casejourney.command.platform;

import org.axonframework.eventhandling.GenericDomainEventMessage;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.axonframework.messaging.unitofwork.CurrentUnitOfWork;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.annotation.Lazy;
import org.springframework.stereotype.Component;

/**
 * Snapshots taken from the aggregate as it stands in memory once the unit of work that changed it has committed,
 * instead of by Axon's snapshotter, which reads the stream back from the last snapshot and replays every event
 * since (a quarter of the request threads' time on the batch path: docs/performance.md, fifth pass). Taken in the
 * unit of work's after-commit step, while the aggregate's lock is still held, so nothing changes it meanwhile; a
 * unit of work that rolls back takes none. Where the unit of work joins a transaction it does not own, the
 * snapshot is written in that transaction and shares its fate. A snapshot only spares a later load work: one
 * that cannot be stored is logged, and the stream stays the record.
 */
@Component
public class CommittedSnapshots {

    private static final Logger log = LoggerFactory.getLogger(CommittedSnapshots.class);

    private final EventStore eventStore;
    private final int threshold;

    @Autowired
    CommittedSnapshots(@Lazy EventStore eventStore, CaseJourneyProperties properties) {
        this(eventStore, properties.ingestion().axonDefaults() ? 0 : properties.eventStore().snapshotThreshold());
    }

    private CommittedSnapshots(EventStore eventStore, int threshold) {
        this.eventStore = eventStore;
        this.threshold = threshold;
    }

    /** None taken: Axon's defaults (the benchmark's peer) take no snapshots, nor do tests of an aggregate alone. */
    public static CommittedSnapshots off() {
        return new CommittedSnapshots(null, 0);
    }

    /**
     * Whether an aggregate now at {@code sequence}, last snapshotted at {@code snapshotAt} (-1 for never), is due one: after
     * the first {@code threshold} events, then each time the stream has grown by the larger of {@code threshold} and its
     * length at the last snapshot. A snapshot holds an entry for every event of the stream, so taking one every
     * {@code threshold} events cost each event of a person with a long history that history's length over the
     * threshold (a fifth of the batch path's request threads, docs/performance.md); spaced this way, the entries written
     * stay under two per event however long the history, and a load after a miss reads at most as many events after
     * the snapshot as the snapshot holds.
     */
    public boolean due(long sequence, long snapshotAt) {
        return threshold > 0 && sequence - snapshotAt >= Math.max(threshold, snapshotAt + 1);
    }

    /** Stores {@code root} as the snapshot of the stream at {@code sequence} once the current unit of work commits. */
    public void takeAfterCommit(String type, String aggregateId, long sequence, Object root) {
        if (threshold == 0) {
            return;
        }
        if (CurrentUnitOfWork.isStarted()) {
            CurrentUnitOfWork.get().afterCommit(unitOfWork -> store(type, aggregateId, sequence, root));
        } else {
            store(type, aggregateId, sequence, root);
        }
    }

    private void store(String type, String aggregateId, long sequence, Object root) {
        try {
            eventStore.storeSnapshot(new GenericDomainEventMessage<>(type, aggregateId, sequence, root));
        } catch (RuntimeException e) {
            log.warn("The snapshot of {} at sequence {} was not stored; the next load reads more of the stream: {}",
                    aggregateId, sequence, e.toString());
        }
    }
}
