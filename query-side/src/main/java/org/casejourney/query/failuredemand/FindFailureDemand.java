package org.casejourney.query.failuredemand;

import com.fasterxml.jackson.annotation.JsonInclude;
import org.casejourney.events.FailureCategories;
import org.casejourney.query.analytics.Bucket;
import org.casejourney.query.analytics.GroupBy;
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
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
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
    record FailureDemand(Instant from, Instant to, String bucket, String groupBy, Filters filters, List<Group> groups) {
    }

    @JsonInclude(JsonInclude.Include.ALWAYS)
    record Filters(String service, String team, String channel) {
    }

    /** {@code group}: the service, team or channel of this series; null when not grouped (or for contacts without a team). */
    @JsonInclude(JsonInclude.Include.ALWAYS)
    record Group(String group, List<Point> series, Xmr xmr) {
    }

    /** {@code suppressed}: the bucket's contacts came from fewer people than the minimum cohort size, so no figure is shown. */
    @JsonInclude(JsonInclude.Include.ALWAYS)
    record Point(LocalDate start, Integer contacts, Integer failureContacts, Double rate, Map<String, Integer> byCategory,
                 boolean suppressed) {
    }

    FailureDemand find(SeriesQuery query) {
        List<String> where = new ArrayList<>();
        List<Object> params = new ArrayList<>();
        String sql = countsSql(query, where, params);
        String filters = String.join(" and ", where.subList(1, where.size()));

        List<LocalDate> starts = query.buckets();
        Map<String, Map<LocalDate, Counts>> byGroup = new TreeMap<>();
        Set<String> categories = new LinkedHashSet<>(FailureCategories.STANDARD);
        Bucket bucket = query.bucket();
        count(bucket, sql, params, byGroup, categories);
        if (query.groupBy() == GroupBy.NONE) {
            byGroup.putIfAbsent("", new TreeMap<>());
        }
        Set<String> small = fewPeople(query, filters, params.subList(2, params.size()));

        List<Group> groups = new ArrayList<>();
        byGroup.forEach((key, counted) -> groups.add(group(key, counted, starts, categories, small)));
        return new FailureDemand(query.from(), query.to(), bucket.name().toLowerCase(Locale.ROOT), query.groupBy().name().toLowerCase(Locale.ROOT),
                new Filters(query.service(), query.team(), query.channel()), groups);
    }

    /**
     * The counting statement: whole UTC days read failure_demand_daily, other ranges fact_contact; {@code where}
     * and {@code params} receive the range first, then the query's filters.
     */
    private static String countsSql(SeriesQuery query, List<String> where, List<Object> params) {
        boolean daily = query.wholeDays();
        String groupColumn = switch (query.groupBy()) {
            case SERVICE -> "service";
            case TEAM -> daily ? "team" : "coalesce(team, '')";
            case CHANNEL -> "channel";
            case NONE -> "''";
        };
        String sql;
        if (daily) {
            where.add("day >= ? and day < ?");
            params.add(query.firstDay());
            params.add(query.endDay());
            sql = "select day, " + groupColumn + ", failure_category, sum(contacts)::int from failure_demand_daily";
        } else {
            where.add("occurred_at >= ? and occurred_at < ?");
            params.add(Timestamp.from(query.from()));
            params.add(Timestamp.from(query.to()));
            sql = "select day, " + groupColumn + ", coalesce(failure_category, ''), count(*)::int from fact_contact";
        }
        query.filters(where, params, false);
        return sql + " where " + String.join(" and ", where) + " group by 1, 2, 3";
    }

    /** Adds each (day, group, category) count to its group's bucket, and each failure category met to {@code categories}. */
    private void count(Bucket bucket, String sql, List<Object> params, Map<String, Map<LocalDate, Counts>> byGroup, Set<String> categories) {
        jdbc.query(sql, rs -> {
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
        }, params.toArray());
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
        Xmr xmr = Xmr.of(series.stream().map(p -> new Xmr.Point(p.start(), p.rate())).toList());
        return new Group(key.isEmpty() ? null : key, series, xmr);
    }

    /** The cells ({@code group|bucket start}) whose contacts came from 1 to minPeople - 1 distinct people. */
    private Set<String> fewPeople(SeriesQuery query, String filters, List<Object> filterParams) {
        String group = switch (query.groupBy()) {
            case SERVICE -> "service";
            case TEAM -> "coalesce(team, '')";
            case CHANNEL -> "channel";
            case NONE -> "''";
        };
        List<Object> params = new ArrayList<>(List.of(Timestamp.from(query.from()), Timestamp.from(query.to())));
        params.addAll(filterParams);
        params.add(minPeople);
        Set<String> small = new HashSet<>();
        // distinct (cell, person) pairs first, then counted per cell: two hash aggregations, where count(distinct) would
        // sort every cell's contacts
        jdbc.query("select b, g from (select " + query.bucket().sqlStartOf("day") + " b, " + group + " g, person_id from fact_contact"
                        + " where occurred_at >= ? and occurred_at < ?" + (filters.isEmpty() ? "" : " and " + filters)
                        + " group by 1, 2, 3) people group by 1, 2 having count(*) < ?",
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
