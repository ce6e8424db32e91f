package org.casejourney.query.analytics;

import com.fasterxml.jackson.annotation.JsonInclude;
import org.casejourney.events.Channel;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A series query, checked: its filters, the range ({@code from} inclusive, {@code to} exclusive; a date given as
 * {@code to} means through the end of that UTC day), the {@code bucket} over UTC days and the grouping. {@code to}
 * defaults to the end of today (UTC), {@code from} to the Monday 51 weeks before the week holding {@code to}: 52 ISO weeks.
 */
public record SeriesQuery(Filters filters, Instant from, Instant to, Bucket bucket, GroupBy groupBy) {

    public static final int MAX_BUCKETS = 5_000;

    /** The filters given (null: all), echoed in every series answer. */
    @JsonInclude(JsonInclude.Include.ALWAYS)
    public record Filters(String service, String team, String channel) {

        /**
         * A condition for each filter given: on rows holding one of each ({@code service = ?}), or, with {@code arrays},
         * on rows holding arrays of them ({@code services @> array[?]}: the row involved it).
         */
        public SqlFilter where(boolean arrays) {
            SqlFilter where = new SqlFilter();
            filter(where, GroupBy.SERVICE, service, arrays);
            filter(where, GroupBy.TEAM, team, arrays);
            filter(where, GroupBy.CHANNEL, channel, arrays);
            return where;
        }

        private static void filter(SqlFilter where, GroupBy column, String value, boolean arrays) {
            if (arrays) {
                where.contains(column.column(true), value);
            } else {
                where.equal(column.column(false), value);
            }
        }
    }

    /** Parses and checks the raw parameters; every bad one is named in one {@link InvalidQuery}. */
    public static SeriesQuery parse(String service, String team, String channel, String from, String to, String bucket,
                                    String groupBy, Instant now) {
        List<InvalidQuery.FieldError> errors = new ArrayList<>();
        Instant fromInstant = Times.parse("from", from, false, errors);
        Instant toInstant = Times.parse("to", to, true, errors);
        Bucket parsedBucket = bucket == null ? Bucket.WEEK : QueryChecks.oneOf(Bucket.class, "bucket", bucket, "day, week or month", errors);
        GroupBy parsedGroupBy = groupBy == null ? GroupBy.NONE
                : QueryChecks.oneOf(GroupBy.class, "groupBy", groupBy, "service, team, channel or none", errors);
        String parsedChannel = channel == null ? null
                : QueryChecks.oneOf(Channel.class, "channel", channel, "PHONE, FACE_TO_FACE, HOME_VISIT, ONLINE, EMAIL or LETTER", errors) == null
                ? null : channel.toUpperCase(Locale.ROOT);
        QueryChecks.code("service", service, errors);
        QueryChecks.code("team", team, errors);
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
        QueryChecks.throwIfAny(errors);
        return new SeriesQuery(new Filters(service, team, parsedChannel), fromInstant, toInstant, parsedBucket, parsedGroupBy);
    }

    /** The range's condition on an instant {@code column}: [from, to). */
    public SqlFilter within(String column) {
        return new SqlFilter().within(column, from, to);
    }

    /**
     * The groups of an answer, keyed by their value ({@code ""} for the single series, or rows without one): when not
     * grouped, the single series is there even when nothing was counted.
     */
    public <V> Map<String, V> withTheSingleSeries(Map<String, V> byGroup, V empty) {
        if (groupBy == GroupBy.NONE) {
            byGroup.putIfAbsent("", empty);
        }
        return byGroup;
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
}
