package org.casejourney.query.cohorts;

import com.fasterxml.jackson.annotation.JsonInclude;
import org.casejourney.query.platform.ApiReads;
import org.casejourney.query.platform.QuerySideProperties;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.List;

/**
 * A cohort's per-person means (domain.md, "Cohort comparison"), from fact_person. Returns use the
 * projection's window when asked for it; another window is recomputed from the episode and contact facts.
 */
@Component
class CountCohortMeasures {

    private final JdbcTemplate jdbc;
    private final int projectedReturnWindowDays;

    @Autowired
    CountCohortMeasures(ApiReads reads, QuerySideProperties properties) {
        this(reads.jdbc(), properties.journey().returnWindowDays());
    }

    CountCohortMeasures(JdbcTemplate jdbc, int projectedReturnWindowDays) {
        this.jdbc = jdbc;
        this.projectedReturnWindowDays = projectedReturnWindowDays;
    }

    int defaultReturnWindowDays() {
        return projectedReturnWindowDays;
    }

    /** Means per person; every measure null when the cohort is empty; faceToFaceShare over people with minutes only. */
    @JsonInclude(JsonInclude.Include.ALWAYS)
    record Measures(int people, Double assessments, Double peopleInvolved, Double referrals, Double totalHours, Double faceToFaceShare,
                    Double returnRate, int closedEpisodes, int returnedEpisodes) {
    }

    /** Percent change from a to b, rounded to 2 decimals; null when a is 0 or either is null. */
    @JsonInclude(JsonInclude.Include.ALWAYS)
    record Change(Double people, Double assessments, Double peopleInvolved, Double referrals, Double totalHours, Double faceToFaceShare,
                  Double returnRate) {

        static Change between(Measures a, Measures b) {
            return new Change(percent((double) a.people(), (double) b.people()), percent(a.assessments(), b.assessments()),
                    percent(a.peopleInvolved(), b.peopleInvolved()), percent(a.referrals(), b.referrals()),
                    percent(a.totalHours(), b.totalHours()), percent(a.faceToFaceShare(), b.faceToFaceShare()),
                    percent(a.returnRate(), b.returnRate()));
        }

        private static Double percent(Double a, Double b) {
            if (a == null || b == null || a == 0) {
                return null;
            }
            return BigDecimal.valueOf((b - a) / a * 100).setScale(2, RoundingMode.HALF_UP).doubleValue();
        }
    }

    Measures count(CohortFilter.Checked filter, int returnWindowDays) {
        List<Object> params = new ArrayList<>();
        String where = filter.where(params);
        Measures measures = jdbc.queryForObject("""
                        select count(*)::int, avg(assessments)::float8, avg(people_involved)::float8, avg(referrals)::float8,
                               (avg(total_minutes) / 60)::float8, avg(face_to_face_share)::float8,
                               coalesce(sum(closed_episodes), 0)::int, coalesce(sum(returned_episodes), 0)::int
                        from fact_person where\s""" + where,
                (rs, i) -> new Measures(rs.getInt(1), (Double) rs.getObject(2), (Double) rs.getObject(3), (Double) rs.getObject(4),
                        (Double) rs.getObject(5), (Double) rs.getObject(6), null, rs.getInt(7), rs.getInt(8)),
                params.toArray());
        int closed = measures.closedEpisodes();
        int returned = measures.returnedEpisodes();
        if (returnWindowDays != projectedReturnWindowDays) {
            List<Object> windowParams = new ArrayList<>();
            windowParams.add(returnWindowDays * 86_400.0);
            String personWhere = filter.where(windowParams);
            int[] counted = jdbc.queryForObject("""
                            select count(*)::int, (count(*) filter (where exists (
                                select 1 from fact_contact c where c.person_id = e.person_id
                                and c.occurred_at > e.closed_at and c.occurred_at <= e.closed_at + make_interval(secs => ?))))::int
                            from fact_episode e
                            where e.closed_at is not null and e.person_id in (select person_id from fact_person where\s""" + personWhere + ")",
                    (rs, i) -> new int[]{rs.getInt(1), rs.getInt(2)}, windowParams.toArray());
            closed = counted[0];
            returned = counted[1];
        }
        return new Measures(measures.people(), measures.assessments(), measures.peopleInvolved(), measures.referrals(),
                measures.totalHours(), measures.faceToFaceShare(), closed == 0 ? null : (double) returned / closed, closed, returned);
    }
}
