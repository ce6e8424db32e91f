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
    void aProgrammingErrorIsNot() {
        assertThat(StoreFailures.isStoreUnavailable(new IllegalArgumentException("bad"))).isFalse();
        assertThat(StoreFailures.isStoreUnavailable(new RuntimeException(new SQLException("syntax error", "42601")))).isFalse();
    }
}
