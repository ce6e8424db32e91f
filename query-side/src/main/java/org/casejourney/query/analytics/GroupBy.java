package org.casejourney.query.analytics;

/** How a series is split: one series per service, team or channel, or one series for everything. */
public enum GroupBy {
    SERVICE, TEAM, CHANNEL, NONE
}
