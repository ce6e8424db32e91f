package org.casejourney.query.projections;

import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Runs in the transaction that switches a rebuilt schema in, with the search path on the new live
 * schema: the place to re-bind objects outside the schema (views) that still point at the old one.
 */
public interface SchemaSwitchHook {

    void switched(JdbcTemplate jdbc);
}
