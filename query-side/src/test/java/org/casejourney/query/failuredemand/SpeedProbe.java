package org.casejourney.query.failuredemand;

import org.casejourney.query.analytics.PersonStream;
import org.casejourney.query.analytics.SeriesQuery;
import org.springframework.jdbc.core.JdbcTemplate;

/** Lets the analytics speed test call this package's query. */
public final class SpeedProbe {

    private final FindFailureDemand find;

    public SpeedProbe(JdbcTemplate jdbc) {
        this.find = new FindFailureDemand(jdbc, 10);
    }

    public Object yearByWeek(String service) {
        return find.find(SeriesQuery.parse(service, null, null, "2025-12-29", "2026-12-27", "week", null, PersonStream.NOW));
    }
}
