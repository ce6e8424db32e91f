package org.casejourney.command.ingestion;

import org.axonframework.common.lock.DeadlockException;
import org.springframework.dao.PessimisticLockingFailureException;

import java.sql.SQLException;
import java.util.concurrent.ThreadLocalRandom;

/** Tells a collision between concurrent writers (which a retry resolves) from other failures. */
final class LockConflicts {

    private LockConflicts() {
    }

    static boolean isLockConflict(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof PessimisticLockingFailureException || t instanceof DeadlockException) {
                return true;
            }
            // 40P01 deadlock detected, 40001 serialization failure, 55P03 lock not available
            if (t instanceof SQLException sql && ("40P01".equals(sql.getSQLState()) || "40001".equals(sql.getSQLState())
                    || "55P03".equals(sql.getSQLState()))) {
                return true;
            }
            if (t.getCause() == t) {
                break;
            }
        }
        return false;
    }

    /** Whether {@code failure} or one of its causes is a {@code type}: a writer that raced another shows as one of Axon's or Spring's exceptions, wrapped. */
    static boolean causedBy(Throwable failure, Class<? extends Throwable> type) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (type.isInstance(t)) {
                return true;
            }
        }
        return false;
    }

    /** A short random pause, longer with each attempt, so the colliding writers do not meet again at once. */
    static void pause(int attempt) {
        try {
            Thread.sleep(ThreadLocalRandom.current().nextLong(5, 20L * attempt + 6));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting to retry a write", e);
        }
    }
}
