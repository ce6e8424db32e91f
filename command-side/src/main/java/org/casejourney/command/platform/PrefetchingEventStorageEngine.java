package org.casejourney.command.platform;

import org.axonframework.common.DateTimeUtils;
import org.axonframework.eventhandling.DomainEventData;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.eventsourcing.EventStreamUtils;
import org.axonframework.eventsourcing.eventstore.DomainEventStream;
import org.axonframework.eventsourcing.eventstore.jdbc.EventSchema;
import org.axonframework.eventsourcing.eventstore.jdbc.JdbcEventStorageEngine;
import org.axonframework.serialization.SerializedObject;
import org.axonframework.serialization.Serializer;

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
 * trips per person. Rows of other tables that must be written with the events (the event-id
 * index) can go into the events' own statement, so a group of people's appends and index rows
 * cost one round trip for all of them. Everything else is Axon's engine unchanged.
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
    private final ThreadLocal<List<ArrayRows>> withNextAppend = new ThreadLocal<>();

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

    /**
     * Rows of other tables for the statement that appends this thread's next events (the unit of
     * work's commit), in the caller's transaction: they cost no round trip of their own, and if any
     * insert fails, the append fails. {@link #insertLeftOver()} inserts them if no append took them.
     */
    public void insertWithNextAppend(List<ArrayRows> rows) {
        List<ArrayRows> kept = rows.stream().filter(r -> r.size() > 0).toList();
        if (kept.isEmpty()) {
            withNextAppend.remove();
        } else {
            withNextAppend.set(kept);
        }
    }

    /** Inserts, in the caller's transaction, the rows that no append has taken; then forgets them. */
    public void insertLeftOver() {
        List<ArrayRows> left = withNextAppend.get();
        withNextAppend.remove();
        if (left == null) {
            return;
        }
        try (Connection connection = getConnection();
             PreparedStatement insert = ArrayRows.inOneStatement(connection, left)) {
            insert.executeUpdate();
        } catch (SQLException e) {
            throw new IllegalStateException("could not insert the rows that go with the events into " + left.get(0).table(), e);
        }
    }

    /** Forgets rows handed to {@link #insertWithNextAppend} (a write that failed). */
    public void forgetRowsWithAppend() {
        withNextAppend.remove();
    }

    /** The events in one statement, with the rows handed to {@link #insertWithNextAppend} in front of them. */
    @Override
    protected PreparedStatement appendEvents(Connection connection, List<? extends EventMessage<?>> events,
                                             Serializer serializer) throws SQLException {
        List<ArrayRows> along = withNextAppend.get();
        if (along == null || !events.stream().allMatch(e -> e instanceof DomainEventMessage<?>)) {
            return super.appendEvents(connection, events, serializer);
        }
        withNextAppend.remove();
        List<ArrayRows> tables = new ArrayList<>(along);
        tables.add(eventRows(events, serializer));
        PreparedStatement statement = ArrayRows.inOneStatement(connection, tables);
        statement.addBatch(); // Axon runs the append as a batch: this one statement is that batch
        return statement;
    }

    /** The events' rows as Axon's own append writes them, column for column. */
    private ArrayRows eventRows(List<? extends EventMessage<?>> events, Serializer serializer) {
        int n = events.size();
        String[] ids = new String[n];
        String[] aggregates = new String[n];
        Long[] sequences = new Long[n];
        String[] types = new String[n];
        String[] timestamps = new String[n];
        String[] payloadTypes = new String[n];
        String[] revisions = new String[n];
        byte[][] payloads = new byte[n][];
        byte[][] metaData = new byte[n][];
        for (int i = 0; i < n; i++) {
            DomainEventMessage<?> event = (DomainEventMessage<?>) events.get(i);
            SerializedObject<byte[]> payload = event.serializePayload(serializer, byte[].class);
            ids[i] = event.getIdentifier();
            aggregates[i] = event.getAggregateIdentifier();
            sequences[i] = event.getSequenceNumber();
            types[i] = event.getType();
            timestamps[i] = DateTimeUtils.formatInstant(event.getTimestamp());
            payloadTypes[i] = payload.getType().getName();
            revisions[i] = payload.getType().getRevision();
            payloads[i] = payload.getData();
            metaData[i] = event.serializeMetaData(serializer, byte[].class).getData();
        }
        EventSchema schema = schema();
        return new ArrayRows(schema.domainEventTable(), List.of(
                new ArrayRows.Column(schema.eventIdentifierColumn(), "varchar", ids),
                new ArrayRows.Column(schema.aggregateIdentifierColumn(), "varchar", aggregates),
                new ArrayRows.Column(schema.sequenceNumberColumn(), "int8", sequences),
                new ArrayRows.Column(schema.typeColumn(), "varchar", types),
                new ArrayRows.Column(schema.timestampColumn(), "varchar", timestamps),
                new ArrayRows.Column(schema.payloadTypeColumn(), "varchar", payloadTypes),
                new ArrayRows.Column(schema.payloadRevisionColumn(), "varchar", revisions),
                new ArrayRows.Column(schema.payloadColumn(), "bytea", payloads),
                new ArrayRows.Column(schema.metaDataColumn(), "bytea", metaData)));
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
