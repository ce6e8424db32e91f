package org.casejourney.query.analytics;

import java.time.DayOfWeek;
import java.time.LocalDate;
import java.time.temporal.TemporalAdjusters;
import java.util.Locale;

/** A time bucket of UTC days: a day, an ISO week (Monday to Sunday) or a calendar month. */
public enum Bucket {
    DAY, WEEK, MONTH;

    public LocalDate startOf(LocalDate day) {
        return switch (this) {
            case DAY -> day;
            case WEEK -> day.with(TemporalAdjusters.previousOrSame(DayOfWeek.MONDAY));
            case MONTH -> day.withDayOfMonth(1);
        };
    }

    /** The SQL of {@link #startOf} for a {@code date} expression. */
    public String sqlStartOf(String date) {
        return switch (this) {
            case DAY -> "(" + date + ")";
            case WEEK -> "date_trunc('week', " + date + ")::date";
            case MONTH -> "date_trunc('month', " + date + ")::date";
        };
    }

    public LocalDate next(LocalDate start) {
        return switch (this) {
            case DAY -> start.plusDays(1);
            case WEEK -> start.plusWeeks(1);
            case MONTH -> start.plusMonths(1);
        };
    }

    /** As the answers echo it: {@code week}. */
    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }
}
