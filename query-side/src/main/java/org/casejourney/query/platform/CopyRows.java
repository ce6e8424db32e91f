package org.casejourney.query.platform;

import org.postgresql.PGConnection;
import org.postgresql.copy.CopyIn;
import org.springframework.jdbc.core.ConnectionCallback;
import org.springframework.jdbc.core.JdbcTemplate;

import java.nio.charset.StandardCharsets;
import java.sql.SQLException;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Arrays;
import java.util.Collection;

/**
 * Rows for PostgreSQL's {@code COPY ... FROM STDIN} in binary format, sent on the caller's transaction: one round
 * trip and the server's bulk insert path, where a batch of INSERTs is parsed, planned and inserted row by row. Each
 * value goes in its column type's binary form, so the server reads four bytes for an {@code int} where a text
 * {@code COPY} parses digits, and a timestamp's microseconds where it parses a date; the caller names each
 * column's type by the method it writes the value with ({@link #int4} for {@code int}, {@link #int8} for
 * {@code bigint}, and so on), and a value of the wrong width is refused by the server, not read as another.
 * Stored values are the ones a statement with parameters stores (held so by {@code CopyRowsTest}).
 */
public final class CopyRows {

    /** Instants within the years every caller's fallback path writes alike: 1900 to 9999. */
    private static final Instant FIRST = Instant.parse("1900-01-01T00:00:00Z");
    private static final Instant LAST = Instant.parse("9999-12-31T23:59:59Z");
    /** PostgreSQL's epoch for dates and timestamps, 2000-01-01, in Unix seconds and days. */
    private static final long POSTGRES_EPOCH_SECONDS = 946_684_800L;
    private static final long POSTGRES_EPOCH_DAYS = 10_957L;
    private static final int TEXT_OID = 25;
    private static final byte[] SIGNATURE = {'P', 'G', 'C', 'O', 'P', 'Y', '\n', (byte) 0xff, '\r', '\n', 0};
    /** Bytes handed to the driver per CopyData message. */
    private static final int CHUNK = 1 << 18;

    private byte[] data;
    private int size;
    private int rowStart = -1;
    private int fields;
    private int rows;

    public CopyRows(int expectedRows) {
        this.data = new byte[Math.max(16, expectedRows) * 128];
        bytes(SIGNATURE, 0, SIGNATURE.length);
        int32(0); // flags: no OIDs
        int32(0); // no header extension
    }

    /** Whether {@link #timestamp} writes this instant; callers take another path for the rest. */
    public static boolean copyable(Instant instant) {
        return instant == null || !instant.isBefore(FIRST) && !instant.isAfter(LAST);
    }

    /** SQL null, in a column of any type. */
    public CopyRows nul() {
        field();
        int32(-1);
        return this;
    }

    /** A {@code text} value, or SQL null. */
    public CopyRows text(String value) {
        if (value == null) {
            return nul();
        }
        field();
        byte[] utf8 = value.getBytes(StandardCharsets.UTF_8);
        int32(utf8.length);
        bytes(utf8, 0, utf8.length);
        return this;
    }

    /** A {@code json} value (its binary form is its text), or SQL null; not for {@code jsonb}. */
    public CopyRows json(String value) {
        return text(value);
    }

    /** An {@code int} (int4). */
    public CopyRows int4(int value) {
        field();
        int32(4);
        int32(value);
        return this;
    }

    /** A {@code bigint} (int8). */
    public CopyRows int8(long value) {
        field();
        int32(8);
        int64(value);
        return this;
    }

    /** A {@code bigint}, or SQL null. */
    public CopyRows int8(Long value) {
        return value == null ? nul() : int8(value.longValue());
    }

    public CopyRows bool(boolean value) {
        field();
        int32(1);
        room(1);
        data[size++] = (byte) (value ? 1 : 0);
        return this;
    }

    /** A {@code float8}, every bit as Java holds it (NaN and the infinities too). */
    public CopyRows float8(double value) {
        field();
        int32(8);
        int64(Double.doubleToLongBits(value));
        return this;
    }

    /** A {@code date}, or SQL null. */
    public CopyRows date(LocalDate value) {
        if (value == null) {
            return nul();
        }
        field();
        int32(4);
        int32(Math.toIntExact(value.toEpochDay() - POSTGRES_EPOCH_DAYS));
        return this;
    }

    /**
     * A timestamptz, rounded to microseconds half up as the JDBC driver rounds a {@code Timestamp}; only for
     * {@link #copyable} instants.
     */
    public CopyRows timestamp(Instant instant) {
        if (instant == null) {
            return nul();
        }
        if (!copyable(instant)) {
            throw new IllegalArgumentException("not copyable: " + instant);
        }
        long micros = (instant.getEpochSecond() - POSTGRES_EPOCH_SECONDS) * 1_000_000L + (instant.getNano() + 500) / 1_000;
        field();
        int32(8);
        int64(micros);
        return this;
    }

    /** A one-dimensional {@code text[]} (empty when there are no values), or SQL null. */
    public CopyRows textArray(Collection<String> values) {
        if (values == null) {
            return nul();
        }
        field();
        int lengthAt = size;
        int32(0); // the value's length, written once it is known
        if (values.isEmpty()) {
            int32(0); // no dimensions
            int32(0);
            int32(TEXT_OID);
        } else {
            int32(1);
            int32(holdsNull(values) ? 1 : 0);
            int32(TEXT_OID);
            int32(values.size());
            int32(1); // lower bound
            for (String v : values) {
                if (v == null) {
                    int32(-1);
                } else {
                    byte[] utf8 = v.getBytes(StandardCharsets.UTF_8);
                    int32(utf8.length);
                    bytes(utf8, 0, utf8.length);
                }
            }
        }
        putInt32(lengthAt, size - lengthAt - 4);
        return this;
    }

    /** A value of a column of this type, as a statement would bind it ({@link CopyType}), or SQL null. */
    public CopyRows value(CopyType type, Object value) {
        if (value == null) {
            return nul();
        }
        type.write(this, value);
        return this;
    }

    /** A value of a column of the given SQL type as the migrations name it ({@link CopyType#of}), or SQL null. */
    public CopyRows value(String sqlType, Object value) {
        return value(CopyType.of(sqlType), value);
    }

    public CopyRows endRow() {
        if (rowStart < 0) {
            throw new IllegalStateException("a row of no values");
        }
        data[rowStart] = (byte) (fields >>> 8);
        data[rowStart + 1] = (byte) fields;
        rowStart = -1;
        fields = 0;
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
        if (rowStart >= 0) {
            throw new IllegalStateException("a row was not ended");
        }
        room(2);
        data[size++] = (byte) 0xff; // the trailer: a field count of -1
        data[size++] = (byte) 0xff;
        jdbc.execute((ConnectionCallback<Long>) connection -> {
            CopyIn copy = connection.unwrap(PGConnection.class).getCopyAPI()
                    .copyIn("copy " + tableAndColumns + " from stdin (format binary)");
            try {
                for (int at = 0; at < size; at += CHUNK) {
                    copy.writeToCopy(data, at, Math.min(CHUNK, size - at));
                }
                return copy.endCopy();
            } catch (SQLException | RuntimeException e) {
                if (copy.isActive()) {
                    try {
                        copy.cancelCopy();
                    } catch (SQLException cancel) {
                        e.addSuppressed(cancel);
                    }
                }
                throw e;
            }
        });
    }

    /** Not {@code contains(null)}, which {@code List.of} refuses. */
    private static boolean holdsNull(Collection<String> values) {
        for (String v : values) {
            if (v == null) {
                return true;
            }
        }
        return false;
    }

    private void field() {
        if (rowStart < 0) {
            rowStart = size;
            room(2);
            size += 2; // the row's field count, written by endRow
        }
        fields++;
    }

    private void int32(int value) {
        room(4);
        putInt32(size, value);
        size += 4;
    }

    private void putInt32(int at, int value) {
        data[at] = (byte) (value >>> 24);
        data[at + 1] = (byte) (value >>> 16);
        data[at + 2] = (byte) (value >>> 8);
        data[at + 3] = (byte) value;
    }

    private void int64(long value) {
        int32((int) (value >>> 32));
        int32((int) value);
    }

    private void bytes(byte[] source, int from, int length) {
        room(length);
        System.arraycopy(source, from, data, size, length);
        size += length;
    }

    private void room(int more) {
        if (size + more > data.length) {
            data = Arrays.copyOf(data, Math.max(data.length * 2, size + more));
        }
    }
}
