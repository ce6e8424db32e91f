package org.casejourney.query.cohorts;

import org.casejourney.events.EventJson;
import org.casejourney.query.analytics.InvalidQuery;
import org.springframework.jdbc.core.JdbcTemplate;

import java.util.ArrayList;
import java.util.List;

/** Lets the analytics speed test call this package's query. */
public final class SpeedProbe {

    private final CountCohortMeasures count;

    public SpeedProbe(JdbcTemplate jdbc) {
        this.count = new CountCohortMeasures(jdbc, 90);
    }

    public Object compare(int returnWindowDays) {
        List<InvalidQuery.FieldError> errors = new ArrayList<>();
        CohortFilter.Checked a = CohortFilter.parse(EventJson.read("{\"tag\": \"cohort-a\"}", com.fasterxml.jackson.databind.JsonNode.class), "a.", errors);
        CohortFilter.Checked b = CohortFilter.parse(EventJson.read("{\"tag\": \"cohort-b\"}", com.fasterxml.jackson.databind.JsonNode.class), "b.", errors);
        return CountCohortMeasures.Change.between(count.count(a, returnWindowDays), count.count(b, returnWindowDays));
    }
}
