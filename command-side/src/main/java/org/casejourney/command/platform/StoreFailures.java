package org.casejourney.command.platform;

import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.dao.QueryTimeoutException;
import org.springframework.dao.TransientDataAccessException;
import org.springframework.jdbc.CannotGetJdbcConnectionException;
import org.springframework.transaction.CannotCreateTransactionException;
import org.springframework.transaction.TransactionSystemException;

import java.sql.SQLException;

/**
 * Tells a database that is down, cut off or cancelling statements apart from a request that is
 * wrong, whatever layer (Spring, Axon, the driver) wrapped the failure.
 */
public final class StoreFailures {

    private StoreFailures() {
    }

    public static boolean isStoreUnavailable(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof CannotGetJdbcConnectionException || t instanceof CannotCreateTransactionException
                    || t instanceof DataAccessResourceFailureException || t instanceof QueryTimeoutException
                    || t instanceof TransientDataAccessException || t instanceof TransactionSystemException) {
                return true;
            }
            if (t instanceof SQLException sql && sql.getSQLState() != null
                    // 08: connection exceptions; 57: operator intervention (statement_timeout, shutdown); 53: out of resources
                    // (disk full); 40: transaction rollback (a deadlock between two instances' batches), which a retry resolves
                    && (sql.getSQLState().startsWith("08") || sql.getSQLState().startsWith("57") || sql.getSQLState().startsWith("53")
                    || sql.getSQLState().startsWith("40"))) {
                return true;
            }
            if (t.getCause() == t) {
                break;
            }
        }
        return false;
    }
}
