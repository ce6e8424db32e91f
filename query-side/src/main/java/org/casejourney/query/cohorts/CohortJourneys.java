package org.casejourney.query.cohorts;

import org.casejourney.events.EventJson;
import org.casejourney.events.RecordedEvent;
import org.casejourney.events.journey.Journey;
import org.casejourney.events.journey.JourneyFold;
import org.casejourney.events.journey.TimelineEntry;
import org.casejourney.query.platform.QuerySideProperties;
import org.springframework.jdbc.core.JdbcTemplate;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/** The chosen people's whole journeys, folded one person at a time from their stored events: what the exports write. */
final class CohortJourneys {

    private final JdbcTemplate jdbc;
    private final Duration returnWindow;

    CohortJourneys(DataSource dataSource, QuerySideProperties properties) {
        this.jdbc = new JdbcTemplate(dataSource);
        this.returnWindow = Duration.ofDays(properties.journey().returnWindowDays());
    }

    /** Folds each chosen person's stored events in turn, read through a cursor so only one person is held at a time. */
    void each(CohortFilter.Checked filter, Instant asOf, Consumer<Journey> each) {
        List<Object> params = new ArrayList<>();
        String sql = "select person_id, payload::text from journey_event where person_id in (select person_id from fact_person where "
                + filter.where(params) + ") order by person_id, sequence";
        jdbc.execute((Connection connection) -> {
            boolean autoCommit = connection.getAutoCommit();
            connection.setAutoCommit(false); // PostgreSQL reads through a cursor only inside a transaction
            try (PreparedStatement select = connection.prepareStatement(sql)) {
                select.setFetchSize(1_000);
                for (int i = 0; i < params.size(); i++) {
                    select.setObject(i + 1, params.get(i));
                }
                try (ResultSet rs = select.executeQuery()) {
                    String person = null;
                    List<RecordedEvent> events = new ArrayList<>();
                    while (rs.next()) {
                        if (person != null && !person.equals(rs.getString(1))) {
                            each.accept(JourneyFold.fold(person, events, asOf, returnWindow));
                            events = new ArrayList<>();
                        }
                        person = rs.getString(1);
                        events.add(EventJson.read(rs.getString(2), RecordedEvent.class));
                    }
                    if (person != null) {
                        each.accept(JourneyFold.fold(person, events, asOf, returnWindow));
                    }
                }
            } finally {
                connection.rollback();
                connection.setAutoCommit(autoCommit);
            }
            return null;
        });
    }

    /** Whether the fold counts the entry: as recorded or as corrected (retractions, amendments and record-keeping do not). */
    static boolean counted(TimelineEntry entry) {
        return entry.status() == TimelineEntry.Status.ACTIVE || entry.status() == TimelineEntry.Status.CORRECTED;
    }
}
