package org.casejourney.query.analytics;

import java.util.Locale;

/** How a series is split: one series per service, team or channel, or one series for everything. */
public enum GroupBy {
    SERVICE, TEAM, CHANNEL, NONE;

    /** The fact tables' column of this value: one per row ({@code team}), or with {@code arrays} all a row involved ({@code teams}). */
    public String column(boolean arrays) {
        if (this == NONE) {
            throw new IllegalStateException("no column groups NONE");
        }
        String column = name().toLowerCase(Locale.ROOT);
        return arrays ? column + "s" : column;
    }

    /** As the answers echo it: {@code service}, {@code none}. */
    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }
}
