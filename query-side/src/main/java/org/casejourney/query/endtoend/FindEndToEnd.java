package org.casejourney.query.endtoend;

import com.fasterxml.jackson.annotation.JsonInclude;
import org.casejourney.query.analytics.GroupBy;
import org.casejourney.query.analytics.InvalidQuery;
import org.casejourney.query.analytics.SeriesGroup;
import org.casejourney.query.analytics.SeriesPoint;
import org.casejourney.query.analytics.SeriesQuery;
import org.casejourney.query.analytics.SqlFilter;
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
import java.util.Map;
import java.util.TreeMap;

/**
 * End-to-end days of the episodes closed in each bucket (the capability chart), and beside each series the episodes
 * still open at the instant of the answer, with how long they have run so far: they are censored (their end-to-end
 * time is not yet known, only that it is longer than that), so they are in no closed-episode figure and do not vanish
 * either. An episode counts in the groups of every service, team and channel it involved, and matches a filter when it
 * involved it. End-to-end days are the fold's: an episode's first contact to its closure (domain.md).
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
    record EndToEnd(Instant from, Instant to, Instant asOf, String bucket, String groupBy, SeriesQuery.Filters filters, List<Group> groups) {
    }

    @JsonInclude(JsonInclude.Include.ALWAYS)
    record Group(String group, List<Point> series, Xmr xmr, Open open, Distribution distribution) implements SeriesGroup<Point> {
    }

    /** Width of the distribution's bins, in days, and how many bins there are before the last, open-ended one. */
    static final int BIN_DAYS = 7;
    static final int BINS = 52;

    /**
     * How the end-to-end days of the episodes closed in the range are spread: bins of {@link #BIN_DAYS} days from 0 to the
     * highest, the last ({@code toDays} null) holding every episode of {@code BINS * BIN_DAYS} days or more.
     */
    @JsonInclude(JsonInclude.Include.ALWAYS)
    record Distribution(int binDays, List<Bin> bins) {

        static final Distribution NONE = new Distribution(BIN_DAYS, List.of());
    }

    /** Episodes whose end-to-end days are in [fromDays, toDays); suppressed (null episodes) when they belong to too few people. */
    @JsonInclude(JsonInclude.Include.ALWAYS)
    record Bin(int fromDays, Integer toDays, Integer episodes, boolean suppressed) {
    }

    /**
     * The group's episodes opened before {@code to} and still open at {@code asOf}: how many, and the median and 85th
     * percentile of the days they have run so far (a lower bound of their end-to-end days). {@code suppressed}: they
     * belong to fewer people than the minimum cohort size.
     */
    @JsonInclude(JsonInclude.Include.ALWAYS)
    record Open(Integer episodes, Double medianDaysSoFar, Double p85DaysSoFar, boolean suppressed) {

        static final Open NONE = new Open(0, null, null, false);
    }

    /**
     * Days statistics are null when no episode closed in the bucket; {@code suppressed}: the episodes belong to fewer
     * people than the minimum cohort size, so no figure is shown.
     */
    @JsonInclude(JsonInclude.Include.ALWAYS)
    record Point(LocalDate start, Integer closedEpisodes, Double mean, Double median, Double p85, boolean suppressed)
            implements SeriesPoint {

        static Point none(LocalDate start) {
            return new Point(start, 0, null, null, null, false);
        }
    }

    /** The statistics are computed by the database, so memory holds one row per non-empty cell, never the episodes. */
    EndToEnd find(SeriesQuery query, Instant asOf) {
        SqlFilter scope = query.filters().where(true);
        SqlFilter where = query.within("closed_at").addAll(scope);
        String groups = " unnest(case when cardinality(" + groupColumn(query.groupBy()) + ") = 0 then array['']::text[] else "
                + groupColumn(query.groupBy()) + " end) g";
        List<LocalDate> buckets = query.buckets();
        List<Object> params = new ArrayList<>(where.params());
        params.add(maxCells + 1);
        Map<String, Map<LocalDate, Point>> byGroup = new TreeMap<>();
        jdbc.query("select " + query.bucket().sqlStartOf("(closed_at at time zone 'UTC')::date") + ", g, count(*)::int,"
                        + " count(distinct person_id)::int, avg(end_to_end_days), percentile_cont(0.5) within group (order by end_to_end_days),"
                        + " percentile_cont(0.85) within group (order by end_to_end_days)"
                        + " from fact_episode," + groups + " where " + where.sql() + " group by 1, 2 limit ?",
                rs -> {
                    LocalDate start = rs.getObject(1, LocalDate.class);
                    Point point = rs.getInt(4) < minPeople ? new Point(start, null, null, null, null, true)
                            : new Point(start, rs.getInt(3), rs.getDouble(5), rs.getDouble(6), rs.getDouble(7), false);
                    byGroup.computeIfAbsent(rs.getString(2), k -> new TreeMap<>()).put(start, point);
                }, params.toArray());
        Map<String, Open> open = open(query, asOf, groups, scope);
        open.keySet().forEach(key -> byGroup.computeIfAbsent(key, k -> new TreeMap<>()));
        return answer(query, asOf, buckets, byGroup, open, distributions(groups, where));
    }

    /** The array column an episode's groups are read from: every service, team or channel it involved. */
    private static String groupColumn(GroupBy groupBy) {
        return groupBy == GroupBy.NONE ? "array['']::text[]" : groupBy.column(true);
    }

    /** Per group, the closed episodes counted in bins of their end-to-end days; empty bins below the highest listed as 0. */
    private Map<String, Distribution> distributions(String groups, SqlFilter where) {
        Map<String, TreeMap<Integer, int[]>> counted = new TreeMap<>(); // bin -> {episodes, people}
        jdbc.query("select g, least(floor(end_to_end_days / " + BIN_DAYS + ")::int, " + BINS + ") b, count(*)::int, count(distinct person_id)::int"
                        + " from fact_episode," + groups + " where " + where.sql() + " and end_to_end_days is not null"
                        + " group by 1, 2",
                rs -> {
                    counted.computeIfAbsent(rs.getString(1), k -> new TreeMap<>()).put(rs.getInt(2), new int[]{rs.getInt(3), rs.getInt(4)});
                }, where.params().toArray());
        Map<String, Distribution> distributions = new TreeMap<>();
        counted.forEach((group, bins) -> distributions.put(group, new Distribution(BIN_DAYS, suppressed(bins))));
        return distributions;
    }

    /**
     * Every bin from 0 to the highest, those of fewer people than the smallest cohort suppressed; then complementary
     * suppression, so a suppressed bin cannot be recovered by subtracting the shown ones from the series' total: while the
     * suppressed bins hold fewer episodes than the smallest cohort (a lone suppressed bin always does), the smallest shown
     * bin that is not empty is suppressed too.
     */
    private List<Bin> suppressed(TreeMap<Integer, int[]> counted) {
        int last = counted.lastKey();
        boolean[] hidden = new boolean[last + 1];
        int[] episodes = new int[last + 1];
        counted.forEach((bin, count) -> {
            episodes[bin] = count[0];
            hidden[bin] = count[1] < minPeople;
        });
        while (true) {
            int hiddenEpisodes = 0;
            boolean any = false;
            int smallest = -1;
            for (int bin = 0; bin <= last; bin++) {
                if (hidden[bin]) {
                    any = true;
                    hiddenEpisodes += episodes[bin];
                } else if (episodes[bin] > 0 && (smallest < 0 || episodes[bin] < episodes[smallest])) {
                    smallest = bin;
                }
            }
            if (!any || hiddenEpisodes >= minPeople || smallest < 0) {
                break;
            }
            hidden[smallest] = true;
        }
        List<Bin> bins = new ArrayList<>();
        for (int bin = 0; bin <= last; bin++) {
            Integer to = bin == BINS ? null : (bin + 1) * BIN_DAYS;
            bins.add(hidden[bin] ? new Bin(bin * BIN_DAYS, to, null, true) : new Bin(bin * BIN_DAYS, to, episodes[bin], false));
        }
        return bins;
    }

    /** The group's episodes still open at asOf, opened before the range's end; days so far counted to asOf. */
    private Map<String, Open> open(SeriesQuery query, Instant asOf, String groups, SqlFilter scope) {
        SqlFilter where = new SqlFilter().add("closed_at is null").before("opened_at", query.to()).addAll(scope);
        List<Object> params = new ArrayList<>(List.of(Timestamp.from(asOf), Timestamp.from(asOf)));
        params.addAll(where.params());
        params.add(maxCells + 1);
        Map<String, Open> open = new TreeMap<>();
        jdbc.query("select g, count(*)::int, count(distinct person_id)::int,"
                        + " percentile_cont(0.5) within group (order by extract(epoch from (?::timestamptz - opened_at)) / 86400),"
                        + " percentile_cont(0.85) within group (order by extract(epoch from (?::timestamptz - opened_at)) / 86400)"
                        + " from fact_episode," + groups + " where " + where.sql() + " group by 1 limit ?",
                rs -> {
                    open.put(rs.getString(1), rs.getInt(3) < minPeople ? new Open(null, null, null, true)
                            : new Open(rs.getInt(2), rs.getDouble(4), rs.getDouble(5), false));
                }, params.toArray());
        return open;
    }

    private EndToEnd answer(SeriesQuery query, Instant asOf, List<LocalDate> buckets, Map<String, Map<LocalDate, Point>> byGroup,
                            Map<String, Open> open, Map<String, Distribution> distributions) {
        query.withTheSingleSeries(byGroup, new TreeMap<>());
        long cells = (long) byGroup.values().stream().mapToInt(Map::size).sum();
        if (cells > maxCells || (long) byGroup.size() * buckets.size() > maxCells) {
            throw InvalidQuery.of("groupBy", "the answer would hold more than " + maxCells + " cells (groups times buckets); "
                    + "filter by service, team or channel, group by less, or use a larger bucket or a shorter range");
        }
        List<Group> groups = new ArrayList<>();
        byGroup.forEach((key, closed) -> {
            List<Point> series = buckets.stream().map(start -> closed.getOrDefault(start, Point.none(start))).toList();
            groups.add(new Group(SeriesGroup.name(key), series, Xmr.over(series, Point::mean), open.getOrDefault(key, Open.NONE),
                    distributions.getOrDefault(key, Distribution.NONE)));
        });
        return new EndToEnd(query.from(), query.to(), asOf, query.bucket().label(), query.groupBy().label(), query.filters(), groups);
    }
}
