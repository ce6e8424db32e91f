package org.casejourney.query.platform;

import org.postgresql.PGConnection;
import org.springframework.jdbc.core.ConnectionCallback;
import org.springframework.jdbc.core.JdbcTemplate;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.sql.SQLException;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;

/**
 * Rows for PostgreSQL's {@code COPY ... FROM STDIN} in text format, sent on the caller's
 * transaction: one round trip and the server's bulk insert path, where a batch of INSERTs is parsed,
 * planned and inserted row by row. Each value is given as the text its column's input function
 * reads, the same text a cast from a parameter would read.
 */
public final class CopyRows {

    /** Instants written exactly as a {@code java.sql.Timestamp} parameter sends them: years 1900 to 9999. */
    private static final Instant FIRST = Instant.parse("1900-01-01T00:00:00Z");
    private static final Instant LAST = Instant.parse("9999-12-31T23:59:59Z");

    private final StringBuilder data;
    private boolean rowStarted;
    private int rows;

    public CopyRows(int expectedRows) {
        this.data = new StringBuilder(Math.max(16, expectedRows) * 256);
    }

    /** Whether {@link #timestamp} writes this instant; callers take another path for the rest. */
    public static boolean copyable(Instant instant) {
        return instant == null || !instant.isBefore(FIRST) && !instant.isAfter(LAST);
    }

    /** A column's value as text, or SQL null. */
    public CopyRows text(String value) {
        separate();
        if (value == null) {
            data.append("\\N");
            return this;
        }
        if (plain(value)) {
            data.append(value);
            return this;
        }
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            switch (c) {
                case '\\' -> data.append("\\\\");
                case '\t' -> data.append("\\t");
                case '\n' -> data.append("\\n");
                case '\r' -> data.append("\\r");
                default -> data.append(c);
            }
        }
        return this;
    }

    public CopyRows number(long value) {
        separate();
        data.append(value);
        return this;
    }

    /**
     * A timestamptz in UTC, rounded to microseconds half up as the JDBC driver rounds a
     * {@code Timestamp}; only for {@link #copyable} instants.
     */
    public CopyRows timestamp(Instant instant) {
        if (instant == null) {
            return text(null);
        }
        if (!copyable(instant)) {
            throw new IllegalArgumentException("not copyable: " + instant);
        }
        separate();
        long seconds = instant.getEpochSecond();
        int micros = (instant.getNano() + 500) / 1_000;
        if (micros == 1_000_000) {
            seconds++;
            micros = 0;
        }
        LocalDateTime at = LocalDateTime.ofEpochSecond(seconds, 0, ZoneOffset.UTC);
        data.append(at.getYear()).append('-');
        two(at.getMonthValue()).append('-');
        two(at.getDayOfMonth()).append(' ');
        two(at.getHour()).append(':');
        two(at.getMinute()).append(':');
        two(at.getSecond());
        if (micros > 0) {
            String fraction = Integer.toString(1_000_000 + micros);
            data.append('.').append(fraction, 1, fraction.length());
        }
        data.append("+00");
        return this;
    }

    public CopyRows endRow() {
        data.append('\n');
        rowStarted = false;
        rows++;
        return this;
    }

    public int rows() {
        return rows;
    }

    /** Runs {@code copy <table> (<columns>) from stdin} with these rows on the connection of the current transaction. */
    public void copyInto(JdbcTemplate jdbc, String tableAndColumns) {
        if (rows == 0) {
            return;
        }
        // one encoding of the whole text, as the driver encodes a parameter: no surrogate pair is split across buffers
        byte[] bytes = data.toString().getBytes(StandardCharsets.UTF_8);
        jdbc.execute((ConnectionCallback<Long>) connection -> {
            try {
                return connection.unwrap(PGConnection.class).getCopyAPI()
                        .copyIn("copy " + tableAndColumns + " from stdin", new ByteArrayInputStream(bytes));
            } catch (IOException e) {
                throw new SQLException("COPY into " + tableAndColumns + " could not be sent", "08006", e);
            }
        });
    }

    /** Whether the text needs no escape in COPY's text format. */
    private static boolean plain(String value) {
        // four vectorised searches beat one loop of charAt over long texts (a stored event's JSON)
        return value.indexOf('\\') < 0 && value.indexOf('\t') < 0 && value.indexOf('\n') < 0 && value.indexOf('\r') < 0;
    }

    private void separate() {
        if (rowStarted) {
            data.append('\t');
        }
        rowStarted = true;
    }

    private StringBuilder two(int value) {
        if (value < 10) {
            data.append('0');
        }
        return data.append(value);
    }
}
