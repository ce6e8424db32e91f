package org.casejourney.command.platform;

import org.axonframework.common.transaction.Transaction;
import org.axonframework.common.transaction.TransactionManager;
import org.axonframework.messaging.unitofwork.CurrentUnitOfWork;
import org.axonframework.messaging.unitofwork.UnitOfWork;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.TransactionStatus;
import org.springframework.transaction.support.DefaultTransactionDefinition;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * Axon's units of work as Spring transactions that nest as savepoints: inside a caller's
 * transaction (a batch) each command commits or rolls back only its own savepoint; alone, it is
 * a plain transaction; inside a unit of work that began the transaction itself, it joins it. Axon's own SpringTransactionManager ends only transactions it began, so a
 * failed command inside a batch would leave its writes in place or, through Axon's
 * connection wrapper, roll back the whole batch.
 */
public final class SavepointTransactionManager implements TransactionManager {

    private static final TransactionDefinition NESTED = new DefaultTransactionDefinition(TransactionDefinition.PROPAGATION_NESTED);

    private static final String OWNS_TRANSACTION = SavepointTransactionManager.class.getName() + ".ownsTransaction";

    private static final Transaction JOINED = new Transaction() {
        @Override
        public void commit() {
        }

        @Override
        public void rollback() {
        }
    };

    private final PlatformTransactionManager transactions;

    SavepointTransactionManager(PlatformTransactionManager transactions) {
        this.transactions = transactions;
    }

    /** Marks a root unit of work that has attached a transaction of its own, which everything inside it joins. */
    public static void ownsTransaction(UnitOfWork<?> root) {
        root.resources().put(OWNS_TRANSACTION, Boolean.TRUE);
    }

    @Override
    public Transaction startTransaction() {
        if (CurrentUnitOfWork.isStarted() && CurrentUnitOfWork.get().root().resources().containsKey(OWNS_TRANSACTION)
                && TransactionSynchronizationManager.isActualTransactionActive()) {
            // inside a unit of work that owns the transaction (a group written at once), commands and
            // Axon's own appends join it: the root commits or rolls back everything together
            return JOINED;
        }
        TransactionStatus status = transactions.getTransaction(NESTED);
        return new Transaction() {
            @Override
            public void commit() {
                if (!status.isCompleted()) {
                    transactions.commit(status);
                }
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
