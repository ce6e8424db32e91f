package org.casejourney.query.endtoend;

import com.fasterxml.jackson.annotation.JsonInclude;
import org.casejourney.query.analytics.GroupBy;
import org.casejourney.query.analytics.InvalidQuery;
import org.casejourney.query.analytics.SeriesQuery;
import org.casejourney.query.analytics.Xmr;
import org.casejourney.query.platform.ApiReads;
import org.casejourney.query.platform.QuerySideProperties;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
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
    private final int minPeople;
    private final int maxCells;

    @Autowired
    FindEndToEnd(ApiReads reads, QuerySideProperties properties) {
        this(reads.jdbc(), properties.analytics().minCohortSize(), properties.analytics().maxCells());
    }

    /**
     * @param minPeople a cell whose episodes belong to fewer distinct people than this is suppressed
     * @param maxCells  most groups times buckets one answer may hold
     */
    FindEndToEnd(JdbcTemplate jdbc, int minPeople, int maxCells) {
        this.jdbc = jdbc;
        this.minPeople = minPeople;
        this.maxCells = maxCells;
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

    /**
     * Days statistics are null when no episode closed in the bucket; {@code suppressed}: the episodes belong to fewer
     * people than the minimum cohort size, so no figure is shown.
     */
    @JsonInclude(JsonInclude.Include.ALWAYS)
    record Point(LocalDate start, Integer closedEpisodes, Double mean, Double median, Double p85, boolean suppressed) {

        static Point none(LocalDate start) {
            return new Point(start, 0, null, null, null, false);
        }
    }

    /** The statistics are computed by the database, so memory holds one row per non-empty cell, never the episodes. */
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
        List<LocalDate> buckets = query.buckets();
        params.add(maxCells + 1);
        Map<String, Map<LocalDate, Point>> byGroup = new TreeMap<>();
        jdbc.query("select " + query.bucket().sqlStartOf("(closed_at at time zone 'UTC')::date") + ", g, count(*)::int,"
                        + " count(distinct person_id)::int, avg(end_to_end_days), percentile_cont(0.5) within group (order by end_to_end_days),"
                        + " percentile_cont(0.85) within group (order by end_to_end_days)"
                        + " from fact_episode, unnest(case when cardinality(" + groupColumn + ") = 0 then array['']::text[] else "
                        + groupColumn + " end) g where " + String.join(" and ", where) + " group by 1, 2 limit ?",
                rs -> {
                    LocalDate start = rs.getObject(1, LocalDate.class);
                    Point point = rs.getInt(4) < minPeople ? new Point(start, null, null, null, null, true)
                            : new Point(start, rs.getInt(3), rs.getDouble(5), rs.getDouble(6), rs.getDouble(7), false);
                    byGroup.computeIfAbsent(rs.getString(2), k -> new TreeMap<>()).put(start, point);
                }, params.toArray());
        if (query.groupBy() == GroupBy.NONE) {
            byGroup.putIfAbsent("", new TreeMap<>());
        }
        long cells = (long) byGroup.values().stream().mapToInt(Map::size).sum();
        if (cells > maxCells || (long) byGroup.size() * buckets.size() > maxCells) {
            throw InvalidQuery.of("groupBy", "the answer would hold more than " + maxCells + " cells (groups times buckets); "
                    + "filter by service, team or channel, group by less, or use a larger bucket or a shorter range");
        }
        List<Group> groups = new ArrayList<>();
        byGroup.forEach((key, closed) -> {
            List<Point> series = buckets.stream().map(start -> closed.getOrDefault(start, Point.none(start))).toList();
            groups.add(new Group(key.isEmpty() ? null : key, series,
                    Xmr.of(series.stream().map(p -> new Xmr.Point(p.start(), p.mean())).toList())));
        });
        return new EndToEnd(query.from(), query.to(), query.bucket().name().toLowerCase(Locale.ROOT), query.groupBy().name().toLowerCase(Locale.ROOT),
                new Filters(query.service(), query.team(), query.channel()), groups);
    }
}
