package org.casejourney.command.platform;

import org.axonframework.eventhandling.DomainEventData;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventsourcing.EventStreamUtils;
import org.axonframework.eventsourcing.eventstore.DomainEventStream;
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

    /** A stored event: its row as written (payload and metadata serialized, no upcaster applied) and the message it reads as. */
    public record Stored(DomainEventData<?> row, DomainEventMessage<?> message) {
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
        try {
            prefetched.set(read(getConnection(), aggregateIdentifiers));
        } catch (SQLException e) {
            throw new IllegalStateException("could not read ahead the streams of " + aggregateIdentifiers.size() + " people", e);
        }
        return prefetched::remove;
    }

    /**
     * A person's events, oldest first, each both as its row was stored and as read through the upcasters: the hash
     * chain covers the row as stored, which an upcast event no longer is.
     */
    public Stream<Stored> stored(String aggregateIdentifier) {
        return readEventData(aggregateIdentifier, 0).map(row -> {
            DomainEventStream read = EventStreamUtils.upcastAndDeserializeDomainEvents(Stream.of(row), getEventSerializer(), upcasterChain);
            if (!read.hasNext()) {
                throw new IllegalStateException("an upcaster dropped event " + row.getSequenceNumber() + " of " + aggregateIdentifier);
            }
            return new Stored(row, read.next());
        });
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

    /** The latest snapshot of each person and the events after it, in one statement. */
    private Prefetched read(Connection connection, Collection<String> ids) throws SQLException {
        EventSchema schema = schema();
        String id = schema.aggregateIdentifierColumn();
        String sequence = schema.sequenceNumberColumn();
        String sql = "with wanted(id) as (select unnest(?::varchar[])), "
                + "latest as (select distinct on (" + id + ") " + domainEventFields() + " from " + schema.snapshotTable()
                + " where " + id + " in (select id from wanted) order by " + id + ", " + sequence + " desc) "
                + "select true as is_snapshot, " + domainEventFields() + " from latest "
                + "union all select false, " + domainEventFields() + " from " + schema.domainEventTable() + " e join wanted on e." + id + " = wanted.id "
                + "where e." + sequence + " > coalesce((select latest." + sequence + " from latest where latest." + id + " = wanted.id), -1) "
                + "order by is_snapshot desc, " + id + ", " + sequence;
        Map<String, DomainEventData<?>> snapshots = new HashMap<>();
        Map<String, List<DomainEventData<?>>> events = new HashMap<>();
        try (PreparedStatement select = connection.prepareStatement(sql)) {
            select.setArray(1, connection.createArrayOf("varchar", ids.toArray()));
            try (ResultSet rows = select.executeQuery()) {
                while (rows.next()) {
                    if (rows.getBoolean("is_snapshot")) {
                        DomainEventData<?> snapshot = getSnapshotData(rows);
                        snapshots.put(snapshot.getAggregateIdentifier(), snapshot);
                    } else {
                        DomainEventData<?> event = getDomainEventData(rows);
                        events.computeIfAbsent(event.getAggregateIdentifier(), k -> new ArrayList<>()).add(event);
                    }
                }
            }
        }
        Map<String, Long> from = new HashMap<>();
        for (String person : ids) {
            DomainEventData<?> snapshot = snapshots.get(person);
            from.put(person, snapshot == null ? 0L : snapshot.getSequenceNumber() + 1);
        }
        return new Prefetched(snapshots, events, from);
    }
}
