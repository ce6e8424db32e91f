package org.casejourney.command.ingestion;

import org.axonframework.common.caching.Cache;
import org.axonframework.common.transaction.Transaction;
import org.axonframework.messaging.GenericMessage;
import org.axonframework.messaging.unitofwork.DefaultUnitOfWork;
import org.casejourney.command.personaldata.PersonalDataVault;
import org.casejourney.command.platform.CommittedOnlyCache;
import org.casejourney.command.platform.CommittedSnapshots;
import org.casejourney.command.platform.PrefetchingEventStorageEngine;
import org.casejourney.command.platform.SavepointTransactionManager;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionStatus;
import org.springframework.transaction.support.DefaultTransactionDefinition;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;

/**
 * Writes many people's commands as one: one Axon unit of work that owns one database transaction,
 * the streams of people not in the aggregate cache read ahead in one statement, their data keys
 * read (and new people's made) in another, and every event appended by one statement when the
 * unit of work commits, which also writes the event-id index: a round trip each, whatever the
 * number of people. The unit of work commits the transaction before it lets go of the people's locks
 * and before Axon wakes the publisher, so neither another writer nor the publisher sees a state
 * that might still roll back. Any failure rolls back the whole group.
 */
@Component
class OneTransactionWriter {

    /** One person's part of the group: decides their items, adding the index entries of events it stored. */
    interface PersonWrite {
        Map<Integer, Outcome> write(String personId, PersonalDataVault.Sealer sealer, List<EventIdIndex.Entry> stored);
    }

    private final PlatformTransactionManager transactions;
    private final PrefetchingEventStorageEngine storage;
    private final Cache personCache;
    private final PersonalDataVault vault;
    private final CommittedSnapshots snapshots;
    private final DefaultTransactionDefinition definition = new DefaultTransactionDefinition();

    OneTransactionWriter(PlatformTransactionManager transactions, PrefetchingEventStorageEngine storage,
                         @Qualifier("personCache") Cache personCache, PersonalDataVault vault, CommittedSnapshots snapshots) {
        this.transactions = transactions;
        this.storage = storage;
        this.personCache = personCache;
        this.vault = vault;
        this.snapshots = snapshots;
        definition.setTimeout(Ingestion.TRANSACTION_TIMEOUT_SECONDS);
    }

    /** The people in key order (the lock order of every writer); their outcomes once the transaction committed. */
    Map<Integer, Outcome> write(SortedMap<String, List<Integer>> people, PersonWrite each) {
        return write(people, each, () -> { });
    }

    /** As {@link #write(SortedMap, PersonWrite)}; {@code committing} runs once everything is written, as the commit begins. */
    Map<Integer, Outcome> write(SortedMap<String, List<Integer>> people, PersonWrite each, Runnable committing) {
        DefaultUnitOfWork<?> unitOfWork = DefaultUnitOfWork.startAndGet(new GenericMessage<>("record-events"));
        Map<Integer, Outcome> outcomes = new HashMap<>();
        CommittedSnapshots.Deferred dueSnapshots = snapshots.deferUntilReleased(unitOfWork);
        try {
            unitOfWork.attachTransaction(() -> springTransaction(transactions.getTransaction(definition)));
            SavepointTransactionManager.ownsTransaction(unitOfWork);
            // a person another open transaction holds is cached once this one gets their lock: reading them ahead is wasted
            List<String> uncached = people.keySet().stream().filter(p -> !heldOrCommitting(p)).toList();
            List<EventIdIndex.Entry> stored = new ArrayList<>();
            try (PrefetchingEventStorageEngine.Prefetch ahead = storage.prefetch(uncached)) {
                // new people's keys are made here, before any of their locks is taken, as every writer does (no deadlock across
                // them); people not cached may be new, and their first keys are made in the same statement that reads the others
                PersonalDataVault.Sealer sealer = vault.sealerFor(people.keySet(), uncached);
                for (String personId : people.keySet()) {
                    outcomes.putAll(each.write(personId, sealer, stored));
                }
            }
            // the event-id index goes into the events' own statement (in id order, the lock order); if nothing was appended, alone
            stored.sort(Comparator.comparing(EventIdIndex.Entry::eventId));
            storage.insertWithNextAppend(List.of(EventIdIndex.rows(stored)));
            unitOfWork.onPrepareCommit(u -> storage.insertLeftOver());
            unitOfWork.onPrepareCommit(u -> committing.run()); // after the append and the rows above, before the transaction commits
            unitOfWork.commit();
        } catch (RuntimeException e) {
            if (unitOfWork.isActive()) {
                unitOfWork.rollback(e);
            }
            throw e;
        } finally {
            storage.forgetRowsWithAppend();
        }
        // the commit has released the people's locks: the next writer of the same people need not wait for these
        dueSnapshots.store();
        return outcomes;
    }

    private boolean heldOrCommitting(String personId) {
        return personCache instanceof CommittedOnlyCache cache ? cache.heldOrCommitting(personId) : personCache.containsKey(personId);
    }

    private Transaction springTransaction(TransactionStatus status) {
        return new Transaction() {
            @Override
            public void commit() {
                transactions.commit(status);
            }

            @Override
            public void rollback() {
                if (!status.isCompleted()) {
                    transactions.rollback(status);
                }
            }
        };
    }
}
