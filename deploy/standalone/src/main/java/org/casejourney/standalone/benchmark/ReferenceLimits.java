package org.casejourney.standalone.benchmark;

import org.casejourney.standalone.launcher.StandaloneSystem;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;

/**
 * The machine's own limit, measured beside the system's figures in the same run (absolute figures
 * drift on shared machines): inserts of rows shaped like Axon's {@code domain_event_entry} into a
 * scratch table on the same PostgreSQL, at its default durability.
 */
final class ReferenceLimits {

    record Rate(String what, double perSecond, int rows) {
    }

    private static final int SINGLE_ROWS = 2000;
    private static final int BATCH_ROWS = 20_000;
    private static final int BATCH = 100;
    private static final long MAX_NANOS_PER_RUN = 20_000_000_000L;

    private ReferenceLimits() {
    }

    static List<Rate> measure(StandaloneSystem.Database database) throws SQLException {
        String table = "casejourney_bench_scratch_" + ProcessHandle.current().pid();
        try (Connection c = DriverManager.getConnection(database.url(), database.user(), database.password())) {
            try (Statement s = c.createStatement()) {
                s.execute("drop table if exists " + table);
                s.execute("create table " + table + " (global_index bigserial primary key, event_identifier varchar(255) not null unique, "
                        + "aggregate_identifier varchar(255) not null, sequence_number bigint not null, type varchar(255), "
                        + "time_stamp varchar(255) not null, payload_type varchar(255) not null, payload_revision varchar(255), "
                        + "payload bytea not null, meta_data bytea, unique (aggregate_identifier, sequence_number))");
            }
            try {
                insert(c, table, "warm-up", 200, 1);
                Rate single = insert(c, table, "one row per transaction, 1 connection", SINGLE_ROWS, 1);
                Rate batch = insert(c, table, "JDBC batch of " + BATCH + " per transaction, 1 connection", BATCH_ROWS, BATCH);
                return List.of(single, batch);
            } finally {
                c.setAutoCommit(true);
                try (Statement s = c.createStatement()) {
                    s.execute("drop table if exists " + table);
                }
            }
        }
    }

    private static Rate insert(Connection c, String table, String what, int rows, int perTransaction) throws SQLException {
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
            while (done < rows && System.nanoTime() - started < MAX_NANOS_PER_RUN) {
                for (int i = 0; i < perTransaction; i++, done++) {
                    insert.setString(1, what.hashCode() + "-" + done + "-" + started);
                    insert.setString(2, "person-" + (done / 10) + "-" + what.hashCode() + "-" + started);
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
        double seconds = (System.nanoTime() - started) / 1e9;
        return new Rate(what, done / seconds, done);
    }
}
