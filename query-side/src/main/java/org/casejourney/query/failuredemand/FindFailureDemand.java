package org.casejourney.query.failuredemand;

import com.fasterxml.jackson.annotation.JsonInclude;
import org.casejourney.events.FailureCategories;
import org.casejourney.query.analytics.Bucket;
import org.casejourney.query.analytics.GroupBy;
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

import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Failure-demand rate per bucket: failure contacts / all contacts, with the split by category.
 * Ranges of whole UTC days read the pre-aggregated failure_demand_daily; other ranges count the contact facts.
 */
@Component
class FindFailureDemand {

    private final JdbcTemplate jdbc;
    private final int minPeople;

    @Autowired
    FindFailureDemand(ApiReads reads, QuerySideProperties properties) {
        this(reads.jdbc(), properties.analytics().minCohortSize());
    }

    /** @param minPeople a cell describing fewer distinct people than this is suppressed */
    FindFailureDemand(JdbcTemplate jdbc, int minPeople) {
        this.jdbc = jdbc;
        this.minPeople = minPeople;
    }

    @JsonInclude(JsonInclude.Include.ALWAYS)
    record FailureDemand(Instant from, Instant to, String bucket, String groupBy, SeriesQuery.Filters filters, List<Group> groups) {
    }

    /** {@code group}: the service, team or channel of this series; null when not grouped (or for contacts without a team). */
    @JsonInclude(JsonInclude.Include.ALWAYS)
    record Group(String group, List<Point> series, Xmr xmr) implements SeriesGroup<Point> {
    }

    /** {@code suppressed}: the bucket's contacts came from fewer people than the minimum cohort size, so no figure is shown. */
    @JsonInclude(JsonInclude.Include.ALWAYS)
    record Point(LocalDate start, Integer contacts, Integer failureContacts, Double rate, Map<String, Integer> byCategory,
                 boolean suppressed) implements SeriesPoint {
    }

    FailureDemand find(SeriesQuery query) {
        SqlFilter filters = query.filters().where(false);
        Map<String, Map<LocalDate, Counts>> byGroup = new TreeMap<>();
        Set<String> categories = new LinkedHashSet<>(FailureCategories.STANDARD);
        count(query, filters, byGroup, categories);
        query.withTheSingleSeries(byGroup, new TreeMap<>());
        Set<String> small = fewPeople(query, filters);

        List<LocalDate> starts = query.buckets();
        List<Group> groups = new ArrayList<>();
        byGroup.forEach((key, counted) -> groups.add(group(key, counted, starts, categories, small)));
        return new FailureDemand(query.from(), query.to(), query.bucket().label(), query.groupBy().label(), query.filters(), groups);
    }

    /** The column a cell's group is read from: rows without a team are one group ({@code ""}) wherever they are counted. */
    private static String groupColumn(GroupBy groupBy, boolean daily) {
        return switch (groupBy) {
            case TEAM -> daily ? "team" : "coalesce(team, '')";
            case NONE -> "''";
            default -> groupBy.column(false);
        };
    }

    /**
     * Adds each (day, group, category) count to its group's bucket, and each failure category met to {@code categories}:
     * ranges of whole UTC days read failure_demand_daily, other ranges fact_contact.
     */
    private void count(SeriesQuery query, SqlFilter filters, Map<String, Map<LocalDate, Counts>> byGroup, Set<String> categories) {
        boolean daily = query.wholeDays();
        SqlFilter where = daily ? new SqlFilter().add("day >= ? and day < ?", query.firstDay(), query.endDay())
                : query.within("occurred_at");
        where.addAll(filters);
        String sql = daily ? "select day, " + groupColumn(query.groupBy(), true) + ", failure_category, sum(contacts)::int from failure_demand_daily"
                : "select day, " + groupColumn(query.groupBy(), false) + ", coalesce(failure_category, ''), count(*)::int from fact_contact";
        Bucket bucket = query.bucket();
        jdbc.query(sql + " where " + where.sql() + " group by 1, 2, 3", rs -> {
            LocalDate start = bucket.startOf(rs.getObject(1, LocalDate.class));
            String category = rs.getString(3);
            int contacts = rs.getInt(4);
            Counts counts = byGroup.computeIfAbsent(rs.getString(2), k -> new TreeMap<>()).computeIfAbsent(start, k -> new Counts());
            counts.contacts += contacts;
            if (!category.isEmpty()) {
                counts.failure += contacts;
                counts.byCategory.merge(category, contacts, Integer::sum);
                categories.add(category);
            }
        }, where.params().toArray());
    }

    /** One group's series over every bucket, small cells suppressed, and its XmR summary. */
    private static Group group(String key, Map<LocalDate, Counts> counted, List<LocalDate> starts, Set<String> categories, Set<String> small) {
        List<Point> series = starts.stream().map(start -> {
            Counts counts = counted.getOrDefault(start, new Counts());
            if (small.contains(key + "|" + start)) {
                return new Point(start, null, null, null, null, true);
            }
            Map<String, Integer> byCategory = new TreeMap<>();
            categories.forEach(c -> byCategory.put(c, counts.byCategory.getOrDefault(c, 0)));
            return new Point(start, counts.contacts, counts.failure,
                    counts.contacts == 0 ? null : (double) counts.failure / counts.contacts, byCategory, false);
        }).toList();
        return new Group(SeriesGroup.name(key), series, Xmr.over(series, Point::rate));
    }

    /** The cells ({@code group|bucket start}) whose contacts came from 1 to minPeople - 1 distinct people. */
    private Set<String> fewPeople(SeriesQuery query, SqlFilter filters) {
        SqlFilter where = query.within("occurred_at").addAll(filters);
        List<Object> params = new ArrayList<>(where.params());
        params.add(minPeople);
        Set<String> small = new HashSet<>();
        // distinct (cell, person) pairs first, then counted per cell: two hash aggregations, where count(distinct) would
        // sort every cell's contacts
        jdbc.query("select b, g from (select " + query.bucket().sqlStartOf("day") + " b, " + groupColumn(query.groupBy(), false)
                        + " g, person_id from fact_contact where " + where.sql() + " group by 1, 2, 3) people group by 1, 2 having count(*) < ?",
                rs -> {
                    small.add(rs.getString(2) + "|" + rs.getObject(1, LocalDate.class));
                }, params.toArray());
        return small;
    }

    private static final class Counts {
        int contacts;
        int failure;
        final Map<String, Integer> byCategory = new TreeMap<>();
    }
}
