package org.casejourney.query.analytics;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.core.io.ClassPathResource;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * The analysts' views (schema {@code analytics}) bind to the projection tables the search path
 * finds when they are created. Flyway creates them (R__analytics_views.sql); after a rebuilt
 * projection is switched in, {@link #recreate} runs the same script so they read the new tables.
 * At start, views left bound to another schema than the app's are re-created too.
 */
@Component
public class AnalyticsViews implements ApplicationRunner {

    static final String SCRIPT = "db/migration/R__analytics_views.sql";
    private static final Logger log = LoggerFactory.getLogger(AnalyticsViews.class);

    private final JdbcTemplate jdbc;

    AnalyticsViews(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    /** Re-creates every analytics view over the tables the connection's search path finds now, and the role's grants. */
    public void recreate(JdbcTemplate jdbc) {
        // one statement string, so the setting and the script share a connection
        jdbc.execute("set casejourney.recreate_analytics_views = 'on';\n" + script() + "\nreset casejourney.recreate_analytics_views;");
    }

    /** The schemas holding the tables the analytics views read. */
    public static List<String> boundSchemas(JdbcTemplate jdbc) {
        return jdbc.queryForList("select distinct table_schema from information_schema.view_table_usage"
                + " where view_schema = 'analytics' and table_schema <> 'analytics' order by 1", String.class);
    }

    @Override
    public void run(ApplicationArguments args) {
        List<String> bound = boundSchemas(jdbc);
        String current = jdbc.queryForObject("select current_schema()", String.class);
        if (!bound.isEmpty() && !bound.equals(List.of(current))) {
            log.info("Analytics views read {}, the projection is in {}: re-creating them", bound, current);
            recreate(jdbc);
        }
    }

    static String script() {
        try {
            return new ClassPathResource(SCRIPT).getContentAsString(StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + SCRIPT, e);
        }
    }
}
