package org.casejourney.command.platform;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The aggregate cache never hands out a state that might still roll back, and tells who is about to be cached. */
class CommittedOnlyCacheTest {

    private final CommittedOnlyCache cache = new CommittedOnlyCache(100);

    @AfterEach
    void endSynchronization() {
        if (TransactionSynchronizationManager.isSynchronizationActive()) {
            TransactionSynchronizationManager.clearSynchronization();
        }
    }

    @Test
    void anAggregateSavedInAnOpenTransactionIsHiddenUntilItCommitsButKnownToBeComing() {
        cache.put("p-1", "committed state");
        TransactionSynchronizationManager.initSynchronization();

        cache.put("p-1", "state being written");
        assertThat((Object) cache.get("p-1")).isNull();
        assertThat(cache.heldOrCommitting("p-1")).isTrue();
        assertThat(cache.heldOrCommitting("p-2")).isFalse();

        end(TransactionSynchronization.STATUS_COMMITTED);
        assertThat((Object) cache.get("p-1")).isEqualTo("state being written");
        assertThat(cache.heldOrCommitting("p-1")).isTrue();
    }

    @Test
    void aRolledBackTransactionLeavesNothingCachedNorComing() {
        TransactionSynchronizationManager.initSynchronization();
        cache.put("p-1", "state that will roll back");
        cache.put("p-1", "saved twice in the same transaction");

        end(TransactionSynchronization.STATUS_ROLLED_BACK);
        assertThat((Object) cache.get("p-1")).isNull();
        assertThat(cache.heldOrCommitting("p-1")).isFalse();
    }

    @Test
    void aKeySavedByTwoOpenTransactionsIsComingUntilBothHaveEnded() {
        TransactionSynchronizationManager.initSynchronization();
        cache.put("p-1", "first");
        List<TransactionSynchronization> first = callbacks();
        TransactionSynchronizationManager.initSynchronization();
        cache.put("p-1", "second");
        List<TransactionSynchronization> second = callbacks();

        first.forEach(callback -> callback.afterCompletion(TransactionSynchronization.STATUS_ROLLED_BACK));
        assertThat(cache.heldOrCommitting("p-1")).isTrue();
        second.forEach(callback -> callback.afterCompletion(TransactionSynchronization.STATUS_ROLLED_BACK));
        assertThat(cache.heldOrCommitting("p-1")).isFalse();
    }

    /** The open transaction's callbacks; the transaction is left. */
    private static List<TransactionSynchronization> callbacks() {
        List<TransactionSynchronization> callbacks = List.copyOf(TransactionSynchronizationManager.getSynchronizations());
        TransactionSynchronizationManager.clearSynchronization();
        return callbacks;
    }

    private static void end(int status) {
        callbacks().forEach(callback -> callback.afterCompletion(status));
    }
}
