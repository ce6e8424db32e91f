package org.casejourney.query.platform;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

import javax.sql.DataSource;

/**
 * The JdbcTemplate the analysts' aggregates read through: each statement is cancelled after
 * {@code casejourney.api.statement-timeout}, so one costly question cannot hold a connection for long.
 * The projection keeps the plain template: a rebuild's statements may rightly run for minutes.
 */
@Component
public class ApiReads {

    private final JdbcTemplate jdbc;

    ApiReads(DataSource dataSource, QuerySideProperties properties) {
        this.jdbc = new JdbcTemplate(dataSource);
        this.jdbc.setQueryTimeout((int) Math.max(1, properties.api().statementTimeout().toSeconds()));
    }

    public JdbcTemplate jdbc() {
        return jdbc;
    }
}
