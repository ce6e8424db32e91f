package org.casejourney.events;

import java.time.Instant;
import java.time.LocalDate;
import java.time.format.DateTimeFormatter;

/**
 * Instants written exactly as {@link DateTimeFormatter#ISO_INSTANT} (and so {@link Instant#toString}) writes them,
 * {@code yyyy-MM-ddTHH:mm:ss}, the fraction in groups of three digits when there is one, and {@code Z}, without the
 * formatter for the years 0000-9999. The formatter was 6% of the projection's reading of a record, where every event
 * is written back as JSON (docs/performance.md). The text must not change: the event's content hash, which tells a
 * retry from a conflicting reuse of an event id, is taken over it.
 */
public final class IsoInstants {

    /** 0000-01-01T00:00:00Z and 9999-12-31T23:59:59Z: the instants written here, the rest by the formatter. */
    private static final long FIRST_SECOND = LocalDate.of(0, 1, 1).toEpochDay() * 86_400;
    private static final long LAST_SECOND = LocalDate.of(9999, 12, 31).toEpochDay() * 86_400 + 86_399;
    /** The longest text written here: {@code 0000-00-00T00:00:00.000000000Z}. */
    static final int MAX_LENGTH = 30;

    private IsoInstants() {
    }

    /** The instant's ISO-8601 text in UTC. */
    public static String format(Instant instant) {
        char[] text = new char[MAX_LENGTH];
        int length = format(instant, text);
        return length < 0 ? DateTimeFormatter.ISO_INSTANT.format(instant) : new String(text, 0, length);
    }

    /** Writes the instant's text into {@code text} (at least {@link #MAX_LENGTH} long); its length, or -1 outside 0000-9999. */
    static int format(Instant instant, char[] text) {
        long seconds = instant.getEpochSecond();
        if (seconds < FIRST_SECOND || seconds > LAST_SECOND) {
            return -1;
        }
        LocalDate date = LocalDate.ofEpochDay(Math.floorDiv(seconds, 86_400));
        int secondOfDay = (int) Math.floorMod(seconds, 86_400);
        put(text, 0, date.getYear(), 4);
        text[4] = '-';
        put(text, 5, date.getMonthValue(), 2);
        text[7] = '-';
        put(text, 8, date.getDayOfMonth(), 2);
        text[10] = 'T';
        put(text, 11, secondOfDay / 3_600, 2);
        text[13] = ':';
        put(text, 14, secondOfDay / 60 % 60, 2);
        text[16] = ':';
        put(text, 17, secondOfDay % 60, 2);
        int at = 19;
        int nano = instant.getNano();
        if (nano > 0) {
            text[at++] = '.';
            if (nano % 1_000_000 == 0) {
                put(text, at, nano / 1_000_000, 3);
                at += 3;
            } else if (nano % 1_000 == 0) {
                put(text, at, nano / 1_000, 6);
                at += 6;
            } else {
                put(text, at, nano, 9);
                at += 9;
            }
        }
        text[at++] = 'Z';
        return at;
    }

    /** The value's last {@code digits} decimal digits, zero-padded, at {@code from}. */
    private static void put(char[] text, int from, int value, int digits) {
        for (int i = from + digits - 1; i >= from; i--) {
            text[i] = (char) ('0' + value % 10);
            value /= 10;
        }
    }
}
