package org.casejourney.query.analytics;

import com.zaxxer.hikari.HikariDataSource;
import org.casejourney.events.EventJson;
import org.casejourney.events.RecordedEvent;
import org.casejourney.infrastructure.TestInfrastructure;
import org.casejourney.query.journey.FactWriter;
import org.flywaydb.core.Flyway;
import org.springframework.jdbc.core.JdbcTemplate;

import java.sql.Timestamp;
import java.util.Arrays;

/** A fresh migrated read model for one test class, written through {@link FactWriter} as the projection writes it. */
public final class FactsDatabase implements AutoCloseable {

    private final HikariDataSource dataSource;
    private final JdbcTemplate jdbc;
    private final FactWriter facts;

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
        facts = new FactWriter(jdbc);
    }

    public JdbcTemplate jdbc() {
        return jdbc;
    }

    /** Writes each person's stored events and facts as the projection would after folding their whole stream. */
    public FactsDatabase write(PersonStream... people) {
        for (PersonStream person : people) {
            for (RecordedEvent event : person.projected()) {
                jdbc.update("insert into journey_event (person_id, sequence, global_position, event_id, type, occurred_at, recorded_at, payload)"
                                + " values (?, ?, ?, ?, ?, ?, ?, ?::json) on conflict do nothing", event.personId(), event.sequence(),
                        event.globalPosition(), event.event().eventId(), event.event().type(), Timestamp.from(event.event().occurredAt()),
                        Timestamp.from(event.recordedAt()), EventJson.write(event));
            }
        }
        facts.replace(Arrays.stream(people).map(PersonStream::journey).toList());
        return this;
    }

    public void clear() {
        jdbc.execute("truncate journey_event, fact_contact, fact_episode, fact_referral, fact_handoff, fact_person, failure_demand_daily");
    }

    @Override
    public void close() {
        dataSource.close();
    }
}
