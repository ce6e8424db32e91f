package org.casejourney.query.handoffs;

import com.fasterxml.jackson.annotation.JsonInclude;
import org.casejourney.query.analytics.SqlFilter;
import org.casejourney.query.platform.ApiReads;
import org.casejourney.query.platform.QuerySideProperties;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/** The handover-of-work network: how often work moved from one team (or organisation) to another. */
@Component
class FindHandoffs {

    private final JdbcTemplate jdbc;
    private final int minPeople;

    @Autowired
    FindHandoffs(ApiReads reads, QuerySideProperties properties) {
        this(reads.jdbc(), properties.analytics().minCohortSize());
    }

    /** @param minPeople an edge whose moves concern fewer distinct people than this is suppressed */
    FindHandoffs(JdbcTemplate jdbc, int minPeople) {
        this.jdbc = jdbc;
        this.minPeople = minPeople;
    }

    record Network(Instant from, Instant to, Edges teams, Edges organisations) {
    }

    record Edges(List<Edge> handoffs, List<Edge> referrals) {
    }

    /** {@code suppressed}: the moves concern fewer people than the minimum cohort size, so their count is not shown. */
    @JsonInclude(JsonInclude.Include.ALWAYS)
    record Edge(String from, String to, Integer count, boolean suppressed) {
    }

    /** Handoffs and referrals in [from, to), of the service, touching the team (as from or to) when given. */
    Network find(String service, String team, Instant from, Instant to) {
        return new Network(from, to,
                new Edges(edges("fact_handoff", "from_team", "to_team", service, team, from, to),
                        edges("fact_referral", "from_team", "to_team", service, team, from, to)),
                new Edges(edges("fact_handoff", "from_organisation", "to_organisation", service, team, from, to),
                        edges("fact_referral", "from_organisation", "to_organisation", service, team, from, to)));
    }

    private List<Edge> edges(String table, String fromColumn, String toColumn, String service, String team, Instant from, Instant to) {
        SqlFilter where = new SqlFilter().within("occurred_at", from, to).add(fromColumn + " is not null").add(toColumn + " is not null")
                .equal("service", service).addIfGiven("(from_team = ? or to_team = ?)", team);
        // the minimum is bound first: it stands in the select list
        List<Object> params = new ArrayList<>(List.of(minPeople));
        params.addAll(where.params());
        List<Edge> edges = new ArrayList<>(jdbc.query("select " + fromColumn + ", " + toColumn + ", count(*)::int, count(distinct person_id) < ? as few from " + table
                        + " where " + where.sql() + " group by 1, 2 order by 4, 3 desc, 1, 2",
                (rs, i) -> rs.getBoolean(4) ? new Edge(rs.getString(1), rs.getString(2), null, true)
                        : new Edge(rs.getString(1), rs.getString(2), rs.getInt(3), false),
                params.toArray()));
        // suppressed edges last, by name, so their place does not hint at their count
        edges.sort(Comparator.comparing((Edge e) -> e.suppressed())
                .thenComparing(e -> e.suppressed() ? e.from() + "\u0000" + e.to() : ""));
        return edges;
    }
}
