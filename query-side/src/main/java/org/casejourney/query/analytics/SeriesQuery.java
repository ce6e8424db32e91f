package org.casejourney.query.analytics;

import org.casejourney.events.Channel;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * The filters shared by the analysts' series endpoints, checked: {@code from} inclusive, {@code to}
 * exclusive (a date given as {@code to} means through the end of that UTC day), {@code bucket}
 * over UTC days. {@code to} defaults to the end of today (UTC), {@code from} to the Monday 51
 * weeks before the week holding {@code to}: 52 ISO weeks.
 */
public record SeriesQuery(String service, String team, String channel, Instant from, Instant to, Bucket bucket, GroupBy groupBy) {

    public static final int MAX_BUCKETS = 5_000;
    public static final Set<String> PARAMETERS = Set.of("service", "team", "channel", "from", "to", "bucket", "groupBy");

    /** Parses and checks the raw parameters; every bad one is named in one {@link InvalidQuery}. */
    public static SeriesQuery parse(String service, String team, String channel, String from, String to, String bucket,
                                    String groupBy, Instant now) {
        List<InvalidQuery.FieldError> errors = new ArrayList<>();
        Instant fromInstant = Times.parse("from", from, false, errors);
        Instant toInstant = Times.parse("to", to, true, errors);
        Bucket parsedBucket = bucket == null ? Bucket.WEEK : parseEnum(Bucket.class, "bucket", bucket, "day, week or month", errors);
        GroupBy parsedGroupBy = groupBy == null ? GroupBy.NONE
                : parseEnum(GroupBy.class, "groupBy", groupBy, "service, team, channel or none", errors);
        String parsedChannel = channel == null ? null
                : parseEnum(Channel.class, "channel", channel, "PHONE, FACE_TO_FACE, HOME_VISIT, ONLINE, EMAIL or LETTER", errors) == null
                ? null : channel.toUpperCase(Locale.ROOT);
        checkCode("service", service, errors);
        checkCode("team", team, errors);
        if (errors.isEmpty()) {
            if (toInstant == null) {
                toInstant = LocalDate.ofInstant(now, ZoneOffset.UTC).plusDays(1).atStartOfDay(ZoneOffset.UTC).toInstant();
            }
            if (fromInstant == null) {
                LocalDate lastDay = LocalDate.ofInstant(toInstant.minusNanos(1), ZoneOffset.UTC);
                fromInstant = Bucket.WEEK.startOf(lastDay).minusWeeks(51).atStartOfDay(ZoneOffset.UTC).toInstant();
            }
            if (!fromInstant.isBefore(toInstant)) {
                errors.add(new InvalidQuery.FieldError("to", "must be after from"));
            } else if (buckets(fromInstant, toInstant, parsedBucket).size() > MAX_BUCKETS) {
                errors.add(new InvalidQuery.FieldError("bucket", "the range holds more than " + MAX_BUCKETS + " buckets; use a larger bucket or a shorter range"));
            }
        }
        if (!errors.isEmpty()) {
            throw new InvalidQuery(errors);
        }
        return new SeriesQuery(service, team, parsedChannel, fromInstant, toInstant, parsedBucket, parsedGroupBy);
    }

    /**
     * Refuses parameters the endpoint does not know and parameters given twice: a typo such as
     * {@code grouBy} would otherwise answer for everything, silently.
     */
    /**
     * Adds a condition for each filter given (service, team, channel) to {@code where}, its value to {@code params}: on
     * rows holding one of each ({@code service = ?}), or, with {@code arrays}, on rows holding arrays of them
     * ({@code services @> array[?]}: the row involved it).
     */
    public void filters(List<String> where, List<Object> params, boolean arrays) {
        filter(where, params, "service", service, arrays);
        filter(where, params, "team", team, arrays);
        filter(where, params, "channel", channel, arrays);
    }

    private static void filter(List<String> where, List<Object> params, String column, String value, boolean arrays) {
        if (value != null) {
            where.add(arrays ? column + "s @> array[?]::text[]" : column + " = ?");
            params.add(value);
        }
    }

    public static void refuseUnknown(Map<String, String[]> parameters, Set<String> known) {
        List<InvalidQuery.FieldError> errors = new ArrayList<>();
        parameters.forEach((name, values) -> {
            if (!known.contains(name)) {
                errors.add(new InvalidQuery.FieldError(name, "is not a parameter here; use " + String.join(", ", new TreeSet<>(known))));
            } else if (values.length > 1) {
                errors.add(new InvalidQuery.FieldError(name, "is given " + values.length + " times; give it once"));
            }
        });
        if (!errors.isEmpty()) {
            throw new InvalidQuery(errors);
        }
    }

    /** Every bucket start from the one holding {@code from} to the one holding the last instant before {@code to}. */
    public List<LocalDate> buckets() {
        return buckets(from, to, bucket);
    }

    /** Whether the range is whole UTC days, so per-day counts answer it exactly. */
    public boolean wholeDays() {
        return Times.isMidnight(from) && Times.isMidnight(to);
    }

    public LocalDate firstDay() {
        return LocalDate.ofInstant(from, ZoneOffset.UTC);
    }

    /** The day after the last day the range touches. */
    public LocalDate endDay() {
        return LocalDate.ofInstant(to.minusNanos(1), ZoneOffset.UTC).plusDays(1);
    }

    private static List<LocalDate> buckets(Instant from, Instant to, Bucket bucket) {
        List<LocalDate> starts = new ArrayList<>();
        LocalDate last = bucket.startOf(LocalDate.ofInstant(to.minusNanos(1), ZoneOffset.UTC));
        for (LocalDate start = bucket.startOf(LocalDate.ofInstant(from, ZoneOffset.UTC)); !start.isAfter(last); start = bucket.next(start)) {
            starts.add(start);
            if (starts.size() > MAX_BUCKETS) {
                break;
            }
        }
        return starts;
    }

    static <E extends Enum<E>> E parseEnum(Class<E> type, String field, String raw, String allowed, List<InvalidQuery.FieldError> errors) {
        try {
            return Enum.valueOf(type, raw.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            errors.add(new InvalidQuery.FieldError(field, "must be one of " + allowed + ", not '" + raw + "'"));
            return null;
        }
    }

    static void checkCode(String field, String value, List<InvalidQuery.FieldError> errors) {
        if (value != null && (value.isBlank() || value.length() > 100)) {
            errors.add(new InvalidQuery.FieldError(field, "must be 1 to 100 characters"));
        }
    }
}
