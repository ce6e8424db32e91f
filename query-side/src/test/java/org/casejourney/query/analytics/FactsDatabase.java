package org.casejourney.query.analytics;

import com.zaxxer.hikari.HikariDataSource;
import org.casejourney.infrastructure.TestInfrastructure;
import org.flywaydb.core.Flyway;
import org.springframework.jdbc.core.JdbcTemplate;

import java.util.Arrays;

/** A fresh migrated read model for one test class, written through {@link PersonFacts} as the projection writes it. */
public final class FactsDatabase implements AutoCloseable {

    private final HikariDataSource dataSource;
    private final JdbcTemplate jdbc;
    private final PersonFacts facts;

    public FactsDatabase(String name) {
        TestInfrastructure infrastructure = TestInfrastructure.get();
        dataSource = new HikariDataSource();
        dataSource.setJdbcUrl(infrastructure.newDatabase(name));
        // migrated here without the app's grants: as the owner, like every migration
        dataSource.setUsername(infrastructure.ownerUser());
        dataSource.setPassword(infrastructure.ownerPassword());
        dataSource.setMaximumPoolSize(2);
        Flyway.configure().dataSource(dataSource).load().migrate();
        jdbc = new JdbcTemplate(dataSource);
        facts = new PersonFacts(jdbc);
    }

    public JdbcTemplate jdbc() {
        return jdbc;
    }

    /** Writes each person's facts as the projection would after folding their whole stream. */
    public FactsDatabase write(PersonStream... people) {
        facts.replace(Arrays.stream(people).map(PersonStream::journey).toList());
        return this;
    }

    public void clear() {
        jdbc.execute("truncate fact_contact, fact_episode, fact_referral, fact_handoff, fact_person, failure_demand_daily");
    }

    @Override
    public void close() {
        dataSource.close();
    }
}
