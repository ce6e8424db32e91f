package org.casejourney.command.platform;

import org.junit.jupiter.api.Test;
import org.springframework.transaction.TransactionSystemException;

import java.sql.SQLException;

import static org.assertj.core.api.Assertions.assertThat;

class StoreFailuresTest {

    @Test
    void aRollbackThatFailedOnALostConnectionIsTheStoresFailure() {
        assertThat(StoreFailures.isStoreUnavailable(new TransactionSystemException("JDBC rollback failed"))).isTrue();
    }

    @Test
    void aStatementCancelledByTheTimeoutIsTheStoresFailureHoweverDeeplyWrapped() {
        var cancelled = new SQLException("canceling statement due to statement timeout", "57014");
        assertThat(StoreFailures.isStoreUnavailable(new IllegalStateException("Failed to read events", new RuntimeException(cancelled)))).isTrue();
    }

    @Test
    void aConnectionFailureStateIsTheStoresFailure() {
        assertThat(StoreFailures.isStoreUnavailable(new RuntimeException(new SQLException("I/O error", "08006")))).isTrue();
    }

    @Test
    void aDeadlockBetweenTwoInstancesAppendsIsTheStoresFailure() {
        // as TwoCommandSidesFaultIT met it: Axon's wrapper around the driver's batch failure
        var deadlock = new java.sql.BatchUpdateException("Batch entry 0 INSERT INTO domain_event_entry ... was aborted: ERROR: deadlock detected",
                "40P01", 0, new long[0], null);
        assertThat(StoreFailures.isStoreUnavailable(new org.axonframework.eventsourcing.eventstore.EventStoreException(
                "An event for aggregate [p] at sequence [48] was already inserted", deadlock))).isTrue();
    }

    @Test
    void aFullDiskIsTheStoresFailure() {
        assertThat(StoreFailures.isStoreUnavailable(new RuntimeException(new SQLException("could not extend file", "53100")))).isTrue();
    }

    @Test
    void aProgrammingErrorIsNot() {
        assertThat(StoreFailures.isStoreUnavailable(new IllegalArgumentException("bad"))).isFalse();
        assertThat(StoreFailures.isStoreUnavailable(new RuntimeException(new SQLException("syntax error", "42601")))).isFalse();
    }
}
