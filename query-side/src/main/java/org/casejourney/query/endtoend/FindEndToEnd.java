package org.casejourney.query.endtoend;

import com.fasterxml.jackson.annotation.JsonInclude;
import org.casejourney.query.analytics.GroupBy;
import org.casejourney.query.analytics.SeriesQuery;
import org.casejourney.query.analytics.Xmr;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * End-to-end days of the episodes closed in each bucket (the capability chart). An episode counts in
 * the groups of every service, team and channel it involved, and matches a filter when it involved it.
 */
@Component
class FindEndToEnd {

    private final JdbcTemplate jdbc;

    FindEndToEnd(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    @JsonInclude(JsonInclude.Include.ALWAYS)
    record EndToEnd(Instant from, Instant to, String bucket, String groupBy, Filters filters, List<Group> groups) {
    }

    @JsonInclude(JsonInclude.Include.ALWAYS)
    record Filters(String service, String team, String channel) {
    }

    @JsonInclude(JsonInclude.Include.ALWAYS)
    record Group(String group, List<Point> series, Xmr xmr) {
    }

    /** Days statistics are null when no episode closed in the bucket. */
    @JsonInclude(JsonInclude.Include.ALWAYS)
    record Point(LocalDate start, int closedEpisodes, Double mean, Double median, Double p85) {
    }

    EndToEnd find(SeriesQuery query) {
        List<String> where = new ArrayList<>(List.of("closed_at >= ?", "closed_at < ?"));
        List<Object> params = new ArrayList<>(List.of(Timestamp.from(query.from()), Timestamp.from(query.to())));
        if (query.service() != null) {
            where.add("services @> array[?]::text[]");
            params.add(query.service());
        }
        if (query.team() != null) {
            where.add("teams @> array[?]::text[]");
            params.add(query.team());
        }
        if (query.channel() != null) {
            where.add("channels @> array[?]::text[]");
            params.add(query.channel());
        }
        String groupColumn = switch (query.groupBy()) {
            case SERVICE -> "services";
            case TEAM -> "teams";
            case CHANNEL -> "channels";
            case NONE -> "array['']::text[]";
        };
        Map<String, Map<LocalDate, List<Double>>> byGroup = new TreeMap<>();
        jdbc.query("select closed_at, end_to_end_days, " + groupColumn + " from fact_episode where " + String.join(" and ", where),
                rs -> {
                    LocalDate start = query.bucket().startOf(LocalDate.ofInstant(rs.getTimestamp(1).toInstant(), ZoneOffset.UTC));
                    double days = rs.getDouble(2);
                    String[] keys = (String[]) rs.getArray(3).getArray();
                    for (String key : keys.length == 0 ? new String[]{""} : keys) {
                        byGroup.computeIfAbsent(key, k -> new TreeMap<>()).computeIfAbsent(start, k -> new ArrayList<>()).add(days);
                    }
                }, params.toArray());
        if (query.groupBy() == GroupBy.NONE) {
            byGroup.putIfAbsent("", new TreeMap<>());
        }
        List<Group> groups = new ArrayList<>();
        byGroup.forEach((key, closed) -> {
            List<Point> series = query.buckets().stream().map(start -> point(start, closed.getOrDefault(start, List.of()))).toList();
            groups.add(new Group(key.isEmpty() ? null : key, series,
                    Xmr.of(series.stream().map(p -> new Xmr.Point(p.start(), p.mean())).toList())));
        });
        return new EndToEnd(query.from(), query.to(), query.bucket().name().toLowerCase(Locale.ROOT), query.groupBy().name().toLowerCase(Locale.ROOT),
                new Filters(query.service(), query.team(), query.channel()), groups);
    }

    private static Point point(LocalDate start, List<Double> days) {
        if (days.isEmpty()) {
            return new Point(start, 0, null, null, null);
        }
        double[] sorted = days.stream().mapToDouble(Double::doubleValue).sorted().toArray();
        return new Point(start, sorted.length, Arrays.stream(sorted).average().orElseThrow(), percentile(sorted, 0.5),
                percentile(sorted, 0.85));
    }

    /** Linear interpolation between closest ranks (PostgreSQL percentile_cont, Excel PERCENTILE.INC). */
    static double percentile(double[] sorted, double p) {
        double rank = p * (sorted.length - 1);
        int below = (int) Math.floor(rank);
        int above = (int) Math.ceil(rank);
        return sorted[below] + (rank - below) * (sorted[above] - sorted[below]);
    }
}
