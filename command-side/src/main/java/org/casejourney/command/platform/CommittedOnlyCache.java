package org.casejourney.command.platform;

import com.github.benmanes.caffeine.cache.Caffeine;
import org.axonframework.common.Registration;
import org.axonframework.common.caching.Cache;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;
import java.util.function.UnaryOperator;

/**
 * Axon's aggregate cache, bounded (least recently used out), holding only committed state: an
 * aggregate saved inside a database transaction is taken out at once and put back only when that
 * transaction commits. Between the two, other writers load the stream from the store, where the
 * unique stream position catches any race; a cached aggregate can lag the store (another
 * instance wrote), never run ahead of it. It also knows which aggregates such an open transaction
 * holds ({@link #heldOrCommitting}): a writer that will wait for that transaction's lock finds the
 * aggregate here once it has it, so reading its stream ahead would be wasted.
 */
public final class CommittedOnlyCache implements Cache {

    private final com.github.benmanes.caffeine.cache.Cache<Object, Object> entries;
    /** Keys saved by transactions still open, with how many saves each is waiting on. */
    private final Map<Object, Integer> committing = new ConcurrentHashMap<>();

    CommittedOnlyCache(long maximumSize) {
        // upkeep (eviction) on the writing thread: handing it to the common pool woke a thread for every save, a tenth
        // of the group writer's time on two busy cores (docs/performance.md, fifteenth pass)
        this.entries = Caffeine.newBuilder().maximumSize(maximumSize).executor(Runnable::run).build();
    }

    @Override
    @SuppressWarnings("unchecked")
    public <K, V> V get(K key) {
        return (V) entries.getIfPresent(key);
    }

    @Override
    public void put(Object key, Object value) {
        if (!TransactionSynchronizationManager.isSynchronizationActive()) {
            entries.put(key, value);
            return;
        }
        entries.invalidate(key);
        committing.merge(key, 1, Integer::sum);
        TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
            @Override
            public void afterCompletion(int status) {
                if (status == STATUS_COMMITTED) {
                    entries.put(key, value);
                } else {
                    entries.invalidate(key);
                }
                committing.computeIfPresent(key, (k, n) -> n > 1 ? n - 1 : null);
            }
        });
    }

    /**
     * Cached, or saved by a transaction still open: a writer that loads it under its lock (after that transaction
     * ends) finds it cached, unless that transaction rolls back, when it is read from the store as usual.
     */
    public boolean heldOrCommitting(Object key) {
        return entries.getIfPresent(key) != null || committing.containsKey(key);
    }

    @Override
    public boolean putIfAbsent(Object key, Object value) {
        if (entries.getIfPresent(key) != null) {
            return false;
        }
        put(key, value);
        return true;
    }

    @Override
    public <T> T computeIfAbsent(Object key, Supplier<T> valueSupplier) {
        T value = get(key);
        if (value == null) {
            value = valueSupplier.get();
            put(key, value);
        }
        return value;
    }

    @Override
    public <V> void computeIfPresent(Object key, UnaryOperator<V> update) {
        V value = get(key);
        if (value != null) {
            put(key, update.apply(value));
        }
    }

    @Override
    public boolean remove(Object key) {
        return entries.asMap().remove(key) != null;
    }

    @Override
    public void removeAll() {
        entries.invalidateAll();
    }

    @Override
    public boolean containsKey(Object key) {
        return entries.getIfPresent(key) != null;
    }

    /** Nothing here listens to entries; Axon's aggregate repositories do not register listeners. */
    @Override
    public Registration registerCacheEntryListener(EntryListener cacheEntryListener) {
        throw new UnsupportedOperationException("the aggregate cache takes no entry listeners");
    }
}
