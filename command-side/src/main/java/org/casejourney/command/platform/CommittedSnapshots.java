package org.casejourney.command.platform;

import org.axonframework.eventhandling.GenericDomainEventMessage;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.axonframework.messaging.unitofwork.CurrentUnitOfWork;
import org.axonframework.messaging.unitofwork.UnitOfWork;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.annotation.Lazy;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

import java.util.ArrayList;
import java.util.List;

/**
 * Snapshots taken from the aggregate as it stands in memory once the unit of work that changed it has committed,
 * instead of by Axon's snapshotter, which reads the stream back from the last snapshot and replays every event
 * since (a quarter of the request threads' time on the batch path: docs/performance.md, fifth pass). The aggregate
 * hands over a copy of its state, taken under its lock, and a unit of work that rolls back takes none. Where the
 * unit of work joins a transaction it does not own, the snapshot is written in that transaction and shares its fate.
 * A writer that owns its unit of work can {@linkplain #deferUntilReleased defer} its snapshots until the commit has
 * released the people's locks, and then {@linkplain Deferred#store store them together} in one transaction: written
 * under the locks, one commit each, they held every other writer of the same people back (docs/performance.md,
 * the batch path's locks). A snapshot only spares a later load work: one that cannot be stored is logged, and the
 * stream stays the record.
 */
@Component
public class CommittedSnapshots {

    private static final Logger log = LoggerFactory.getLogger(CommittedSnapshots.class);
    private static final String DEFERRED = CommittedSnapshots.class.getName() + ".deferred";

    /** A snapshot due once its unit of work has committed. */
    private record Due(String type, String aggregateId, long sequence, Object root) {
    }

    /** The snapshots a unit of work took, kept until its owner {@linkplain #store stores} them after its commit. */
    public final class Deferred {
        private final List<Due> due = new ArrayList<>();

        private Deferred() {
        }

        /** Stores them in one transaction; if it fails, each is tried alone, and one that still fails is logged. */
        public void store() {
            storeAll(due);
        }
    }

    private final EventStore eventStore;
    private final int threshold;
    private final TransactionTemplate together;

    @Autowired
    CommittedSnapshots(@Lazy EventStore eventStore, CaseJourneyProperties properties, PlatformTransactionManager transactions) {
        this(eventStore, properties.ingestion().axonDefaults() ? 0 : properties.eventStore().snapshotThreshold(),
                new TransactionTemplate(transactions));
    }

    private CommittedSnapshots(EventStore eventStore, int threshold, TransactionTemplate together) {
        this.eventStore = eventStore;
        this.threshold = threshold;
        this.together = together;
    }

    /** None taken: Axon's defaults (the benchmark's peer) take no snapshots, nor do tests of an aggregate alone. */
    public static CommittedSnapshots off() {
        return new CommittedSnapshots(null, 0, null);
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

    /**
     * Stores {@code root}, a copy of the aggregate's state no command will change, as the snapshot of the stream at
     * {@code sequence} once the current unit of work commits: after the commit has released the locks when the unit of
     * work's owner {@linkplain #deferUntilReleased deferred} its snapshots, else as the commit ends.
     */
    public void takeAfterCommit(String type, String aggregateId, long sequence, Object root) {
        if (threshold == 0) {
            return;
        }
        Due due = new Due(type, aggregateId, sequence, root);
        if (!CurrentUnitOfWork.isStarted()) {
            store(due);
            return;
        }
        UnitOfWork<?> unitOfWork = CurrentUnitOfWork.get();
        Deferred deferred = unitOfWork.root().getResource(DEFERRED);
        if (deferred != null) {
            unitOfWork.afterCommit(u -> deferred.due.add(due));
        } else {
            unitOfWork.afterCommit(u -> store(due));
        }
    }

    /**
     * Collects the snapshots {@code unitOfWork} (a root its caller owns) takes, to be {@linkplain Deferred#store stored} once
     * its commit has returned; those of a unit of work that rolls back are never collected.
     */
    public Deferred deferUntilReleased(UnitOfWork<?> unitOfWork) {
        Deferred deferred = new Deferred();
        unitOfWork.resources().put(DEFERRED, deferred);
        return deferred;
    }

    private void storeAll(List<Due> deferred) {
        if (deferred.isEmpty()) {
            return;
        }
        if (deferred.size() > 1) {
            try {
                together.executeWithoutResult(status -> deferred.forEach(this::write));
                return;
            } catch (RuntimeException e) {
                log.debug("{} snapshots could not be stored together ({}); storing them one by one", deferred.size(), e.toString());
            }
        }
        deferred.forEach(this::store);
    }

    private void store(Due due) {
        try {
            write(due);
        } catch (RuntimeException e) {
            log.warn("The snapshot of {} at sequence {} was not stored; the next load reads more of the stream: {}",
                    due.aggregateId(), due.sequence(), e.toString());
        }
    }

    private void write(Due due) {
        eventStore.storeSnapshot(new GenericDomainEventMessage<>(due.type(), due.aggregateId(), due.sequence(), due.root()));
    }
}
