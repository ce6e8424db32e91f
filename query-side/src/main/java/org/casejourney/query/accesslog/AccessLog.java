package org.casejourney.query.accesslog;

import jakarta.annotation.PreDestroy;
import jakarta.servlet.http.HttpServletRequest;
import org.casejourney.platform.accesslog.AccessRequests;
import org.casejourney.security.Callers;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Records every read of one person's data on the query side before it is answered: if the entry
 * cannot be written, the data is not shown. The table lives in schema {@code audit}, outside the
 * projection schema a rebuild replaces, and refuses updates and deletes.
 */
@Component
public class AccessLog {

    public static final String PURPOSE_HEADER = AccessRequests.PURPOSE_HEADER;
    private static final int TEXT_MAX = 200;
    private static final int WRITERS = 4;

    /** One recorded read. */
    record Entry(long id, String pseudonym, Instant accessedAt, String principal, String endpoint, String purpose, String client) {
    }

    private final JdbcTemplate jdbc;
    private final Clock clock;
    /** Writes entries for {@link #recording}; when all are busy, the reader's own thread writes its entry. */
    private final ExecutorService writers;

    AccessLog(JdbcTemplate jdbc, Clock clock) {
        this.jdbc = jdbc;
        this.clock = clock;
        AtomicInteger threads = new AtomicInteger();
        this.writers = new ThreadPoolExecutor(WRITERS, WRITERS, 60, TimeUnit.SECONDS, new SynchronousQueue<>(), r -> {
            Thread thread = new Thread(r, "access-log-" + threads.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        }, new ThreadPoolExecutor.CallerRunsPolicy());
    }

    /**
     * Records that the caller reads this person's data (or, with no pseudonym, the whole access log)
     * through this request. Auditors must state a purpose; anyone who sends one must keep it to 1-500 characters.
     */
    public void record(String pseudonym, HttpServletRequest request) {
        insert(entry(pseudonym, request));
    }

    /**
     * Starts recording that the caller reads this person's data, on a thread of the access log's own, so the caller can
     * prepare the answer while the entry commits; {@link Recording#await} before anything of the answer is sent. What
     * {@link #record} checks is checked here, on the caller's thread, before anything is written.
     */
    public Recording recording(String pseudonym, HttpServletRequest request) {
        Object[] entry = entry(pseudonym, request);
        return new Recording(CompletableFuture.runAsync(() -> insert(entry), writers));
    }

    /** An entry being written. */
    public static final class Recording {
        private final CompletableFuture<Void> written;

        private Recording(CompletableFuture<Void> written) {
            this.written = written;
        }

        /** Returns once the entry is committed; throws what its insert threw, and then nothing may be shown. */
        public void await() {
            try {
                written.join();
            } catch (CompletionException e) {
                throw e.getCause() instanceof RuntimeException r ? r : e;
            }
        }
    }

    /** The entry's columns, read from the request on the caller's thread (its principal is the thread's security context). */
    private Object[] entry(String pseudonym, HttpServletRequest request) {
        String purpose = AccessRequests.purpose(request);
        String endpoint = AccessRequests.endpoint(request);
        return new Object[]{pseudonym, Timestamp.from(clock.instant()), truncate(Callers.principal()), truncate(endpoint), purpose,
                truncate(request.getRemoteAddr())};
    }

    private void insert(Object[] entry) {
        jdbc.update("insert into audit.access_log (pseudonym, accessed_at, principal, endpoint, purpose, client) values (?, ?, ?, ?, ?, ?)",
                entry);
    }

    @PreDestroy
    void stop() {
        writers.shutdown();
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
