package org.casejourney.query.cohorts;

import org.casejourney.events.EventJson;
import org.casejourney.query.analytics.InvalidQuery;
import org.springframework.jdbc.core.JdbcTemplate;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** Lets the analytics speed test call this package's query. */
public final class SpeedProbe {

    private final CountCohortMeasures count;

    public SpeedProbe(JdbcTemplate jdbc) {
        this.count = new CountCohortMeasures(jdbc, 90, Clock.systemUTC());
    }

    public Object compare(int returnWindowDays) {
        List<InvalidQuery.FieldError> errors = new ArrayList<>();
        CohortFilter.Checked a = CohortFilter.parse(EventJson.read("{\"tag\": \"cohort-a\"}", com.fasterxml.jackson.databind.JsonNode.class), "a.", errors);
        CohortFilter.Checked b = CohortFilter.parse(EventJson.read("{\"tag\": \"cohort-b\"}", com.fasterxml.jackson.databind.JsonNode.class), "b.", errors);
        Instant asOf = count.now();
        return CountCohortMeasures.Change.between(count.count(a, returnWindowDays, asOf), count.count(b, returnWindowDays, asOf));
    }
}
