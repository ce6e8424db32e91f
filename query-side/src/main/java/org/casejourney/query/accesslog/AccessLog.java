package org.casejourney.query.accesslog;

import jakarta.servlet.http.HttpServletRequest;
import org.casejourney.platform.accesslog.AccessRequests;
import org.casejourney.security.Callers;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.RowMapper;
import org.springframework.stereotype.Component;

import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Records every read of one person's data on the query side before it is answered: if the entry
 * cannot be written, the data is not shown. The table lives in schema {@code audit}, outside the
 * projection schema a rebuild replaces, and refuses updates and deletes.
 */
@Component
public class AccessLog {

    public static final String PURPOSE_HEADER = AccessRequests.PURPOSE_HEADER;
    private static final int TEXT_MAX = 200;

    /** One recorded read. */
    record Entry(long id, String pseudonym, Instant accessedAt, String principal, String endpoint, String purpose, String client) {
    }

    private final JdbcTemplate jdbc;
    private final Clock clock;

    AccessLog(JdbcTemplate jdbc, Clock clock) {
        this.jdbc = jdbc;
        this.clock = clock;
    }

    /**
     * Records that the caller reads this person's data (or, with no pseudonym, the whole access log)
     * through this request. Auditors must state a purpose; anyone who sends one must keep it to 1-500 characters.
     */
    public void record(String pseudonym, HttpServletRequest request) {
        pending(pseudonym, request).write();
    }

    /**
     * The entry for this read, its purpose checked now and written later, exactly once: on its own
     * ({@link Pending#write}) or in the same statement as a query of the data it shows ({@link Pending#writeWith}).
     */
    public Pending pending(String pseudonym, HttpServletRequest request) {
        return new Pending(new Object[]{pseudonym, Timestamp.from(clock.instant()), truncate(Callers.principal()),
                truncate(AccessRequests.endpoint(request)), AccessRequests.purpose(request), truncate(request.getRemoteAddr())});
    }

    /** An entry not yet written; nothing of the person may be shown until it is. */
    public final class Pending {

        private static final String INSERT =
                "insert into audit.access_log (pseudonym, accessed_at, principal, endpoint, purpose, client) values (?, ?, ?, ?, ?, ?)";

        private final Object[] values;
        private boolean written;

        private Pending(Object[] values) {
            this.values = values;
        }

        /** Writes the entry in a statement of its own. */
        public void write() {
            claim();
            jdbc.update(INSERT, values);
        }

        /**
         * Writes the entry and runs {@code query} (one row) in one statement, so one round trip and one commit: the
         * insert runs whether or not the query finds anything, and if it fails the query's answer is never returned.
         */
        public <T> T writeWith(String query, RowMapper<T> row, Object... queryArgs) {
            claim();
            Object[] args = Arrays.copyOf(values, values.length + queryArgs.length);
            System.arraycopy(queryArgs, 0, args, values.length, queryArgs.length);
            return jdbc.queryForObject("with entry as (" + INSERT + ") " + query, row, args);
        }

        /** Whether the entry has been written (or its writing tried). */
        public boolean written() {
            return written;
        }

        private void claim() {
            if (written) {
                throw new IllegalStateException("an access-log entry is written once");
            }
            written = true;
        }
    }

    /** The newest entries first, of one person or (pseudonym null) of everyone. */
    List<Entry> entries(String pseudonym, int limit) {
        List<Object> params = new ArrayList<>();
        String where = "";
        if (pseudonym != null) {
            where = "where pseudonym = ? ";
            params.add(pseudonym);
        }
        params.add(limit);
        return jdbc.query("select id, pseudonym, accessed_at, principal, endpoint, purpose, client from audit.access_log "
                        + where + "order by id desc limit ?",
                (rs, n) -> new Entry(rs.getLong(1), rs.getString(2), rs.getTimestamp(3).toInstant(), rs.getString(4),
                        rs.getString(5), rs.getString(6), rs.getString(7)),
                params.toArray());
    }

    private static String truncate(String s) {
        return s == null || s.length() <= TEXT_MAX ? s : s.substring(0, TEXT_MAX);
    }
}
