package org.casejourney.standalone.benchmark;

import org.casejourney.standalone.launcher.StandaloneSystem;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The machine's own limits, measured beside the system's figures in the same run (absolute figures
 * drift on shared machines): inserts of rows shaped like Axon's {@code domain_event_entry} into a
 * scratch table on the same PostgreSQL, at its default durability, and the rate at which that
 * PostgreSQL reads the event table back.
 */
final class ReferenceLimits {

    record Rate(double perSecond, long rows) {
    }

    /** One-row commits on 1 and on {@code connections} connections, and rewritten JDBC batches of 100. */
    record Inserts(Rate oneConnection, Rate manyConnections, int connections, Rate batched) {
    }

    static final int BATCH = 100;
    private static final int SINGLE_ROWS = 2000;
    private static final int BATCH_ROWS = 20_000;
    private static final int READ_PAGE = 1000;
    private static final long MAX_NANOS_PER_RUN = 20_000_000_000L;
    private static final long MAX_READ_NANOS = 120_000_000_000L;

    private ReferenceLimits() {
    }

    static Inserts measure(StandaloneSystem.Database database, int connections) throws Exception {
        String table = "casejourney_bench_scratch_" + ProcessHandle.current().pid();
        try (Connection c = connect(database, false)) {
            try (Statement s = c.createStatement()) {
                s.execute("drop table if exists " + table);
                s.execute("create table " + table + " (global_index bigserial primary key, event_identifier varchar(255) not null unique, "
                        + "aggregate_identifier varchar(255) not null, sequence_number bigint not null, type varchar(255), "
                        + "time_stamp varchar(255) not null, payload_type varchar(255) not null, payload_revision varchar(255), "
                        + "payload bytea not null, meta_data bytea, unique (aggregate_identifier, sequence_number))");
            }
            try {
                insert(c, table, "warm-up", 200, 1, MAX_NANOS_PER_RUN);
                Rate single = rate(insertTimed(c, table, "one", SINGLE_ROWS, 1, MAX_NANOS_PER_RUN));
                Rate many = concurrently(database, table, connections);
                Rate batched;
                try (Connection rewriting = connect(database, true)) {
                    batched = rate(insertTimed(rewriting, table, "batch", BATCH_ROWS, BATCH, MAX_NANOS_PER_RUN));
                }
                return new Inserts(single, many, connections, batched);
            } finally {
                c.setAutoCommit(true);
                try (Statement s = c.createStatement()) {
                    s.execute("drop table if exists " + table);
                }
            }
        }
    }

    /** Keyset pages of 1,000 over the whole event table, every column read, as a projection's source would. */
    static Rate readBack(StandaloneSystem.Database eventStore) throws SQLException {
        long rows = 0;
        long last = -1;
        long started = System.nanoTime();
        try (Connection c = connect(eventStore, false);
             PreparedStatement page = c.prepareStatement("select global_index, event_identifier, aggregate_identifier, sequence_number, "
                     + "type, time_stamp, payload_type, payload_revision, payload, meta_data from domain_event_entry "
                     + "where global_index > ? order by global_index limit " + READ_PAGE)) {
            while (System.nanoTime() - started < MAX_READ_NANOS) {
                page.setLong(1, last);
                int read = 0;
                try (ResultSet rs = page.executeQuery()) {
                    while (rs.next()) {
                        last = rs.getLong(1);
                        rs.getString(2);
                        rs.getString(3);
                        rs.getLong(4);
                        rs.getString(5);
                        rs.getString(6);
                        rs.getString(7);
                        rs.getString(8);
                        rs.getBytes(9);
                        rs.getBytes(10);
                        read++;
                    }
                }
                rows += read;
                if (read < READ_PAGE) {
                    break;
                }
            }
        }
        return new Rate(rows / ((System.nanoTime() - started) / 1e9), rows);
    }

    private static Connection connect(StandaloneSystem.Database database, boolean rewriteBatches) throws SQLException {
        Properties properties = new Properties();
        properties.setProperty("user", database.user());
        properties.setProperty("password", database.password());
        if (rewriteBatches) {
            properties.setProperty("reWriteBatchedInserts", "true");
        }
        return DriverManager.getConnection(database.url(), properties);
    }

    /** One-row commits from {@code connections} threads, each on its own connection, for the same total as one connection. */
    private static Rate concurrently(StandaloneSystem.Database database, String table, int connections) throws Exception {
        AtomicLong done = new AtomicLong();
        AtomicReference<Exception> failure = new AtomicReference<>();
        int perConnection = Math.max(50, 2 * SINGLE_ROWS / connections);
        List<Thread> threads = new ArrayList<>();
        List<Connection> opened = new ArrayList<>();
        try {
            for (int i = 0; i < connections; i++) {
                opened.add(connect(database, false));
            }
            long started = System.nanoTime();
            for (int i = 0; i < connections; i++) {
                Connection c = opened.get(i);
                String name = "many" + i;
                Thread thread = new Thread(() -> {
                    try {
                        done.addAndGet(insert(c, table, name, perConnection, 1, MAX_NANOS_PER_RUN));
                    } catch (SQLException e) {
                        failure.compareAndSet(null, e);
                    }
                }, "reference-insert-" + i);
                threads.add(thread);
                thread.start();
            }
            for (Thread thread : threads) {
                thread.join();
            }
            if (failure.get() != null) {
                throw failure.get();
            }
            return new Rate(done.get() / ((System.nanoTime() - started) / 1e9), done.get());
        } finally {
            for (Connection c : opened) {
                c.close();
            }
        }
    }

    private static Rate rate(long[] rowsAndNanos) {
        return new Rate(rowsAndNanos[0] / (rowsAndNanos[1] / 1e9), rowsAndNanos[0]);
    }

    /** @return the rows inserted, and the nanoseconds it took, as {rows, nanos} */
    private static long[] insertTimed(Connection c, String table, String what, int rows, int perTransaction, long maxNanos) throws SQLException {
        long started = System.nanoTime();
        long done = insert(c, table, what, rows, perTransaction, maxNanos);
        return new long[] {done, System.nanoTime() - started};
    }

    private static long insert(Connection c, String table, String what, int rows, int perTransaction, long maxNanos) throws SQLException {
        byte[] payload = new byte[450];
        byte[] metadata = new byte[100];
        Arrays.fill(payload, (byte) 'p');
        Arrays.fill(metadata, (byte) 'm');
        c.setAutoCommit(perTransaction == 1);
        long started = System.nanoTime();
        int done = 0;
        try (PreparedStatement insert = c.prepareStatement("insert into " + table + " (event_identifier, aggregate_identifier, "
                + "sequence_number, type, time_stamp, payload_type, payload, meta_data) values (?, ?, ?, 'Person', ?, "
                + "'org.casejourney.events.ContactRecorded', ?, ?)")) {
            while (done < rows && System.nanoTime() - started < maxNanos) {
                for (int i = 0; i < perTransaction; i++, done++) {
                    insert.setString(1, what + "-" + done + "-" + started);
                    insert.setString(2, "person-" + (done / 10) + "-" + what + "-" + started);
                    insert.setLong(3, done % 10);
                    insert.setString(4, Instant.now().toString());
                    insert.setBytes(5, payload);
                    insert.setBytes(6, metadata);
                    if (perTransaction == 1) {
                        insert.executeUpdate();
                    } else {
                        insert.addBatch();
                    }
                }
                if (perTransaction > 1) {
                    insert.executeBatch();
                    c.commit();
                }
            }
        }
        return done;
    }
}
