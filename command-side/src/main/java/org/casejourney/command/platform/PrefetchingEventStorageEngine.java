package org.casejourney.command.platform;

import org.axonframework.eventhandling.DomainEventData;
import org.axonframework.eventsourcing.eventstore.jdbc.EventSchema;
import org.axonframework.eventsourcing.eventstore.jdbc.JdbcEventStorageEngine;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Axon's JDBC storage engine, able to read many people's streams in two statements: a batch that
 * is about to load several aggregates prefetches their latest snapshots and the events after
 * them, and each load in the same thread is then served from memory instead of costing two round
 * trips per person. Everything else is Axon's engine unchanged.
 */
public final class PrefetchingEventStorageEngine extends JdbcEventStorageEngine {

    /** Streams read ahead for the current thread; closing it forgets them. */
    public interface Prefetch extends AutoCloseable {
        @Override
        void close();
    }

    private record Prefetched(Map<String, DomainEventData<?>> snapshots, Map<String, List<DomainEventData<?>>> events,
                              Map<String, Long> eventsFrom) {
    }

    private final ThreadLocal<Prefetched> prefetched = new ThreadLocal<>();

    PrefetchingEventStorageEngine(JdbcEventStorageEngine.Builder builder) {
        super(builder);
    }

    /**
     * Reads these people's latest snapshots and the events after them, in the caller's transaction,
     * for the loads this thread makes until the returned handle is closed.
     */
    public Prefetch prefetch(Collection<String> aggregateIdentifiers) {
        if (aggregateIdentifiers.isEmpty()) {
            return () -> { };
        }
        Connection connection = getConnection();
        try {
            Map<String, DomainEventData<?>> snapshots = readSnapshots(connection, aggregateIdentifiers);
            Map<String, Long> from = new HashMap<>();
            for (String id : aggregateIdentifiers) {
                DomainEventData<?> snapshot = snapshots.get(id);
                from.put(id, snapshot == null ? 0L : snapshot.getSequenceNumber() + 1);
            }
            prefetched.set(new Prefetched(snapshots, readEvents(connection, from), from));
        } catch (SQLException e) {
            throw new IllegalStateException("could not read ahead the streams of " + aggregateIdentifiers.size() + " people", e);
        }
        return prefetched::remove;
    }

    @Override
    protected Stream<? extends DomainEventData<?>> readSnapshotData(String aggregateIdentifier) {
        Prefetched ahead = prefetched.get();
        if (ahead == null || !ahead.eventsFrom().containsKey(aggregateIdentifier)) {
            return super.readSnapshotData(aggregateIdentifier);
        }
        DomainEventData<?> snapshot = ahead.snapshots().get(aggregateIdentifier);
        return snapshot == null ? Stream.empty() : Stream.of(snapshot);
    }

    @Override
    protected List<? extends DomainEventData<?>> fetchDomainEvents(String aggregateIdentifier, long firstSequenceNumber, int batchSize) {
        Prefetched ahead = prefetched.get();
        Long from = ahead == null ? null : ahead.eventsFrom().get(aggregateIdentifier);
        if (from == null || firstSequenceNumber < from) {
            return super.fetchDomainEvents(aggregateIdentifier, firstSequenceNumber, batchSize);
        }
        List<DomainEventData<?>> events = ahead.events().getOrDefault(aggregateIdentifier, List.of());
        List<DomainEventData<?>> page = new ArrayList<>(Math.min(batchSize, events.size()));
        for (DomainEventData<?> event : events) {
            if (event.getSequenceNumber() >= firstSequenceNumber && page.size() < batchSize) {
                page.add(event);
            }
        }
        return page;
    }

    private Map<String, DomainEventData<?>> readSnapshots(Connection connection, Collection<String> ids) throws SQLException {
        EventSchema schema = schema();
        String sql = "select distinct on (" + schema.aggregateIdentifierColumn() + ") " + domainEventFields()
                + " from " + schema.snapshotTable() + " where " + schema.aggregateIdentifierColumn() + " = any(?)"
                + " order by " + schema.aggregateIdentifierColumn() + ", " + schema.sequenceNumberColumn() + " desc";
        Map<String, DomainEventData<?>> snapshots = new HashMap<>();
        try (PreparedStatement select = connection.prepareStatement(sql)) {
            select.setArray(1, connection.createArrayOf("varchar", ids.toArray()));
            try (ResultSet rows = select.executeQuery()) {
                while (rows.next()) {
                    DomainEventData<?> snapshot = getSnapshotData(rows);
                    snapshots.put(snapshot.getAggregateIdentifier(), snapshot);
                }
            }
        }
        return snapshots;
    }

    private Map<String, List<DomainEventData<?>>> readEvents(Connection connection, Map<String, Long> from) throws SQLException {
        EventSchema schema = schema();
        String sql = "select " + domainEventFields() + " from " + schema.domainEventTable()
                + " e join unnest(?::varchar[], ?::bigint[]) as wanted(id, first_sequence)"
                + " on e." + schema.aggregateIdentifierColumn() + " = wanted.id and e." + schema.sequenceNumberColumn() + " >= wanted.first_sequence"
                + " order by e." + schema.aggregateIdentifierColumn() + ", e." + schema.sequenceNumberColumn();
        String[] ids = from.keySet().toArray(String[]::new);
        Long[] firsts = new Long[ids.length];
        for (int i = 0; i < ids.length; i++) {
            firsts[i] = from.get(ids[i]);
        }
        Map<String, List<DomainEventData<?>>> events = new HashMap<>();
        try (PreparedStatement select = connection.prepareStatement(sql)) {
            select.setArray(1, connection.createArrayOf("varchar", ids));
            select.setArray(2, connection.createArrayOf("bigint", firsts));
            try (ResultSet rows = select.executeQuery()) {
                while (rows.next()) {
                    DomainEventData<?> event = getDomainEventData(rows);
                    events.computeIfAbsent(event.getAggregateIdentifier(), id -> new ArrayList<>()).add(event);
                }
            }
        }
        return events;
    }
}
