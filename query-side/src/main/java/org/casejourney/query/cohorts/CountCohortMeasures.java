package org.casejourney.query.cohorts;

import com.fasterxml.jackson.annotation.JsonInclude;
import org.casejourney.query.platform.ApiReads;
import org.casejourney.query.platform.QuerySideProperties;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * A cohort's per-person means (domain.md, "Cohort comparison") from fact_person, and its episodes' returns from
 * fact_episode for any window: the fold stored each closed episode's next contact, so a return under a window is that
 * contact no later than the window's end, and an episode with no return whose window has not yet elapsed at the
 * instant of the query is pending, in no rate (right-censoring).
 */
@Component
class CountCohortMeasures {

    private static final double SECONDS_PER_DAY = 86_400.0;

    private final JdbcTemplate jdbc;
    private final int projectedReturnWindowDays;
    private final Clock clock;

    @Autowired
    CountCohortMeasures(ApiReads reads, QuerySideProperties properties, Clock clock) {
        this(reads.jdbc(), properties.journey().returnWindowDays(), clock);
    }

    CountCohortMeasures(JdbcTemplate jdbc, int projectedReturnWindowDays, Clock clock) {
        this.jdbc = jdbc;
        this.projectedReturnWindowDays = projectedReturnWindowDays;
        this.clock = clock;
    }

    int defaultReturnWindowDays() {
        return projectedReturnWindowDays;
    }

    Instant now() {
        return clock.instant();
    }

    /**
     * Means per person; every measure null when the cohort is empty; faceToFaceShare over people with minutes only.
     * Of the closed episodes, returned + notReturned + pending = closed; returnRate = returned / (returned + notReturned),
     * null when no closed episode's window has elapsed.
     */
    @JsonInclude(JsonInclude.Include.ALWAYS)
    record Measures(int people, Double assessments, Double peopleInvolved, Double referrals, Double totalHours, Double faceToFaceShare,
                    Double returnRate, int closedEpisodes, int returnedEpisodes, int notReturnedEpisodes, int pendingEpisodes) {
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

    /** The cohort's measures with returns judged at {@code asOf} under a window of {@code returnWindowDays}. */
    Measures count(CohortFilter.Checked filter, int returnWindowDays, Instant asOf) {
        List<Object> params = new ArrayList<>();
        String where = filter.where(params);
        Measures measures = jdbc.queryForObject("""
                        select count(*)::int, avg(assessments)::float8, avg(people_involved)::float8, avg(referrals)::float8,
                               (avg(total_minutes) / 60)::float8, avg(face_to_face_share)::float8
                        from fact_person where\s""" + where,
                (rs, i) -> new Measures(rs.getInt(1), (Double) rs.getObject(2), (Double) rs.getObject(3), (Double) rs.getObject(4),
                        (Double) rs.getObject(5), (Double) rs.getObject(6), null, 0, 0, 0, 0),
                params.toArray());
        List<Object> episodeParams = new ArrayList<>();
        double windowSeconds = returnWindowDays * SECONDS_PER_DAY;
        episodeParams.add(Timestamp.from(asOf));
        episodeParams.add(windowSeconds);
        episodeParams.add(windowSeconds);
        String personWhere = filter.where(episodeParams);
        int[] counted = jdbc.queryForObject("""
                        select count(*)::int,
                               (count(*) filter (where returned))::int,
                               (count(*) filter (where not returned and window_ends > ?))::int
                        from (select coalesce(e.next_contact_at <= e.closed_at + make_interval(secs => ?), false) as returned,
                                     e.closed_at + make_interval(secs => ?) as window_ends
                              from fact_episode e
                              where e.closed_at is not null
                                and e.person_id in (select person_id from fact_person where\s""" + personWhere + ")) c",
                (rs, i) -> new int[]{rs.getInt(1), rs.getInt(2), rs.getInt(3)}, episodeParams.toArray());
        int closed = counted[0];
        int returned = counted[1];
        int pending = counted[2];
        int notReturned = closed - returned - pending;
        return new Measures(measures.people(), measures.assessments(), measures.peopleInvolved(), measures.referrals(),
                measures.totalHours(), measures.faceToFaceShare(), returned + notReturned == 0 ? null : (double) returned / (returned + notReturned),
                closed, returned, notReturned, pending);
    }
}
