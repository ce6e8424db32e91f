package org.casejourney.command.accesslog;

import jakarta.servlet.http.HttpServletRequest;
import org.casejourney.command.personaldata.PersonalDataVault;
import org.casejourney.command.platform.Caller;
import org.casejourney.events.Fields;
import org.casejourney.platform.accesslog.AccessRequests;
import org.casejourney.platform.problems.ApiProblem;
import org.springframework.http.HttpStatus;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.function.UnaryOperator;

/**
 * Records every read of one person's data before it is answered: if the entry cannot be written,
 * the data is not shown. The stated purpose may name the person or their circumstances, so it is
 * sealed under the person's data key like their free text, and erased with it.
 */
@Component
public class AccessLog {

    public static final String PURPOSE_HEADER = AccessRequests.PURPOSE_HEADER;
    static final int MAX_LIMIT = 10_000;

    /** One recorded read; {@code purposeErased} is true where a purpose was stated but its key is gone. */
    public record Entry(long id, String personId, Instant accessedAt, String principal, String endpoint, String purpose, String client,
                        Boolean purposeErased) {
    }

    private final JdbcTemplate jdbc;
    private final Clock clock;
    private final PersonalDataVault vault;

    AccessLog(JdbcTemplate jdbc, Clock clock, PersonalDataVault vault) {
        this.jdbc = jdbc;
        this.clock = clock;
        this.vault = vault;
    }

    /** Records that {@code principal} read {@code personId}'s data through this request. */
    public void record(String personId, String principal, HttpServletRequest request) {
        String purpose = AccessRequests.purpose(request);
        String endpoint = AccessRequests.endpoint(request);
        jdbc.update("insert into access_log (person_id, accessed_at, principal, endpoint, purpose, client) values (?, ?, ?, ?, ?, ?)",
                personId, Timestamp.from(clock.instant()), principal, truncate(endpoint, 200),
                purpose == null ? null : vault.sealText(personId, purpose),
                truncate(request.getRemoteAddr(), 200));
    }

    /**
     * The auditor's read of the log itself: checks the personId and the limit (1 to 10,000), records
     * this read first, as every read of the person's data, then answers the entries, oldest first.
     */
    public List<Entry> readLogged(String personId, int limit, HttpServletRequest request) {
        if (!Fields.PERSON_ID.matches(personId)) {
            throw new ApiProblem(HttpStatus.BAD_REQUEST, "invalid-person-id", "Invalid person id",
                    "A personId is 1-64 characters of A-Z a-z 0-9 . _ -");
        }
        if (limit < 1 || limit > MAX_LIMIT) {
            throw new ApiProblem(HttpStatus.BAD_REQUEST, "invalid-page", "Invalid page", "limit must be 1 to 10000.");
        }
        record(personId, Caller.principal(), request);
        return entries(personId, limit);
    }

    /** The person's entries, oldest first; a purpose whose key was destroyed by an erasure reads as null. */
    List<Entry> entries(String personId, int limit) {
        UnaryOperator<String> open = vault.opener(personId);
        return jdbc.query("select id, person_id, accessed_at, principal, endpoint, purpose, client from access_log "
                        + "where person_id = ? order by id limit ?",
                (rs, n) -> {
                    String sealed = rs.getString(6);
                    String purpose = open.apply(sealed);
                    return new Entry(rs.getLong(1), rs.getString(2), rs.getTimestamp(3).toInstant(), rs.getString(4),
                            rs.getString(5), purpose, rs.getString(7), sealed != null && purpose == null ? Boolean.TRUE : null);
                },
                personId, limit);
    }

    private static String truncate(String s, int max) {
        return s == null || s.length() <= max ? s : s.substring(0, max);
    }
}
