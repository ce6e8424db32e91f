package org.casejourney.query.analytics;

import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.List;

/** Instants or dates as analysts write them: a date is a UTC day. */
public final class Times {

    private Times() {
    }

    /**
     * An ISO instant with offset ({@code 2026-03-02T09:30:00Z}, {@code ...+01:00}) or a date
     * ({@code 2026-03-02}); a date read as an end means the start of the next UTC day.
     */
    public static Instant parse(String field, String raw, boolean end, List<InvalidQuery.FieldError> errors) {
        if (raw == null) {
            return null;
        }
        String text = raw.trim();
        try {
            if (text.length() == 10) {
                LocalDate day = LocalDate.parse(text);
                return (end ? day.plusDays(1) : day).atStartOfDay(ZoneOffset.UTC).toInstant();
            }
            return OffsetDateTime.parse(text).toInstant();
        } catch (DateTimeParseException e) {
            errors.add(new InvalidQuery.FieldError(field, "must be a date (2026-03-02) or an instant with offset (2026-03-02T09:30:00Z), not '" + raw + "'"));
            return null;
        }
    }

    static boolean isMidnight(Instant instant) {
        return instant.getEpochSecond() % 86_400 == 0 && instant.getNano() == 0;
    }
}
