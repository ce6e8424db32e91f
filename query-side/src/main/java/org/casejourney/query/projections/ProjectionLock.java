package org.casejourney.query.projections;

import org.springframework.jdbc.core.JdbcTemplate;

/**
 * One PostgreSQL advisory lock over the projection schema, held to the end of the transaction:
 * every live batch takes it shared, and what must see the projection stand still (the switch to a
 * rebuilt schema, a replay of parked records) takes it exclusive.
 */
public final class ProjectionLock {

    /** Arbitrary, fixed: the read model's own key among the database's advisory locks. */
    static final long KEY = 0x6361_7365_6a6f_7572L;

    private ProjectionLock() {
    }

    public static void shared(JdbcTemplate jdbc) {
        jdbc.query("select pg_advisory_xact_lock_shared(?)", rs -> { }, KEY);
    }

    public static void exclusive(JdbcTemplate jdbc) {
        jdbc.query("select pg_advisory_xact_lock(?)", rs -> { }, KEY);
    }
}
