package org.casejourney.query.handoffs;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** The handover-of-work network: how often work moved from one team (or organisation) to another. */
@Component
class FindHandoffs {

    private final JdbcTemplate jdbc;

    FindHandoffs(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    record Network(Instant from, Instant to, Edges teams, Edges organisations) {
    }

    record Edges(List<Edge> handoffs, List<Edge> referrals) {
    }

    record Edge(String from, String to, int count) {
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
        List<String> where = new ArrayList<>(List.of("occurred_at >= ?", "occurred_at < ?", fromColumn + " is not null",
                toColumn + " is not null"));
        List<Object> params = new ArrayList<>(List.of(Timestamp.from(from), Timestamp.from(to)));
        if (service != null) {
            where.add("service = ?");
            params.add(service);
        }
        if (team != null) {
            where.add("(from_team = ? or to_team = ?)");
            params.add(team);
            params.add(team);
        }
        return jdbc.query("select " + fromColumn + ", " + toColumn + ", count(*)::int from " + table + " where " + String.join(" and ", where)
                        + " group by 1, 2 order by 3 desc, 1, 2",
                (rs, i) -> new Edge(rs.getString(1), rs.getString(2), rs.getInt(3)), params.toArray());
    }
}
