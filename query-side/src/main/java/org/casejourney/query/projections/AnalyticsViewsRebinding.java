package org.casejourney.query.projections;

import org.casejourney.query.analytics.AnalyticsViews;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/** The analysts' views bind to the tables they were created over: re-create them over the switched-in schema. */
@Component
class AnalyticsViewsRebinding implements SchemaSwitchHook {

    private final AnalyticsViews views;

    AnalyticsViewsRebinding(AnalyticsViews views) {
        this.views = views;
    }

    @Override
    public void switched(JdbcTemplate jdbc) {
        views.recreate(jdbc);
    }
}
