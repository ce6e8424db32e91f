package org.casejourney.query.cohorts;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.swagger.v3.oas.annotations.media.Schema;
import org.casejourney.events.EventJson;
import org.casejourney.events.RecordedEvent;
import org.casejourney.events.journey.JourneyFold;
import org.casejourney.events.journey.Scope;
import org.casejourney.events.journey.ScopedMeasures;
import org.casejourney.query.platform.ApiReads;
import org.casejourney.query.platform.QuerySideProperties;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
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
                    Double returnRate, int closedEpisodes, int returnedEpisodes, int notReturnedEpisodes, int pendingEpisodes,
                    @Schema(description = "The part of the people's journeys counted; null: whole journeys") Scope scope) {
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
        return count(filter, null, returnWindowDays, asOf);
    }

    /** People matching the filter. */
    /** One of a cohort's people as the list of people shows them: the pseudonym and a few whole-journey facts. */
    record Person(String pseudonym, java.time.Instant firstContact, int episodes, int closedEpisodes, int referrals, int assessments) {
    }

    /** The cohort's people, first contact newest first (then by pseudonym), at most {@code limit} of them. */
    List<Person> list(CohortFilter.Checked filter, int limit) {
        List<Object> params = new ArrayList<>();
        String where = filter.where(params);
        params.add(limit);
        return jdbc.query("select person_id, first_contact, episodes, closed_episodes, referrals, assessments from fact_person where " + where
                        + " order by first_contact desc nulls last, person_id limit ?",
                (rs, i) -> new Person(rs.getString(1), rs.getTimestamp(2) == null ? null : rs.getTimestamp(2).toInstant(), rs.getInt(3),
                        rs.getInt(4), rs.getInt(5), rs.getInt(6)), params.toArray());
    }

    int people(CohortFilter.Checked filter) {
        List<Object> params = new ArrayList<>();
        String where = filter.where(params);
        return jdbc.queryForObject("select count(*)::int from fact_person where " + where, Integer.class, params.toArray());
    }

    /** People matching both filters. */
    int overlap(CohortFilter.Checked a, CohortFilter.Checked b) {
        List<Object> params = new ArrayList<>();
        String where = "(" + a.where(params) + ") and (" + b.where(params) + ")";
        return jdbc.queryForObject("select count(*)::int from fact_person where " + where, Integer.class, params.toArray());
    }

    /**
     * The measures of the people matching {@code filter} and not {@code excluded} (null: nobody is left out); with a
     * scope, only what it covers of their journeys counts.
     */
    Measures count(CohortFilter.Checked filter, CohortFilter.Checked excluded, int returnWindowDays, Instant asOf) {
        if (filter.scope() != null) {
            return scoped(filter, excluded, returnWindowDays, asOf);
        }
        List<Object> params = new ArrayList<>();
        String where = people(filter, excluded, params);
        Measures measures = jdbc.queryForObject("""
                        select count(*)::int, avg(assessments)::float8, avg(people_involved)::float8, avg(referrals)::float8,
                               (avg(total_minutes) / 60)::float8, avg(face_to_face_share)::float8
                        from fact_person where\s""" + where,
                (rs, i) -> new Measures(rs.getInt(1), (Double) rs.getObject(2), (Double) rs.getObject(3), (Double) rs.getObject(4),
                        (Double) rs.getObject(5), (Double) rs.getObject(6), null, 0, 0, 0, 0, null),
                params.toArray());
        List<Object> episodeParams = new ArrayList<>();
        double windowSeconds = returnWindowDays * SECONDS_PER_DAY;
        episodeParams.add(Timestamp.from(asOf));
        episodeParams.add(windowSeconds);
        episodeParams.add(windowSeconds);
        String personWhere = people(filter, excluded, episodeParams);
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
                closed, returned, notReturned, pending, null);
    }

    private static String people(CohortFilter.Checked filter, CohortFilter.Checked excluded, List<Object> params) {
        String where = filter.where(params);
        return excluded == null ? where : "(" + where + ") and not (" + excluded.where(params) + ")";
    }

    /**
     * A scoped cohort: each person's stored events are folded once (the one fold, at {@code asOf}) and the part the scope
     * covers is counted from its output ({@link ScopedMeasures}); people stream through one at a time.
     */
    private Measures scoped(CohortFilter.Checked filter, CohortFilter.Checked excluded, int returnWindowDays, Instant asOf) {
        List<Object> params = new ArrayList<>();
        String where = people(filter, excluded, params);
        int people = jdbc.queryForObject("select count(*)::int from fact_person where " + where, Integer.class, params.toArray());
        Duration window = Duration.ofDays(returnWindowDays);
        Scope scope = filter.scope();
        List<ScopedMeasures> counted = new ArrayList<>();
        List<RecordedEvent> events = new ArrayList<>();
        String[] person = {null};
        jdbc.query("select person_id, payload::text from journey_event where person_id in (select person_id from fact_person where "
                + where + ") order by person_id, sequence", rs -> {
            String id = rs.getString(1);
            if (!id.equals(person[0]) && person[0] != null) {
                counted.add(ScopedMeasures.of(JourneyFold.fold(person[0], events, asOf, window), scope));
                events.clear();
            }
            person[0] = id;
            events.add(EventJson.read(rs.getString(2), RecordedEvent.class));
        }, params.toArray());
        if (person[0] != null) {
            counted.add(ScopedMeasures.of(JourneyFold.fold(person[0], events, asOf, window), scope));
        }
        if (people == 0) {
            return new Measures(0, null, null, null, null, null, null, 0, 0, 0, 0, scope);
        }
        int returned = counted.stream().mapToInt(ScopedMeasures::returned).sum();
        int notReturned = counted.stream().mapToInt(ScopedMeasures::notReturned).sum();
        double faceToFace = counted.stream().filter(m -> m.totalMinutes() > 0)
                .mapToDouble(m -> (double) m.faceToFaceMinutes() / m.totalMinutes()).average().orElse(Double.NaN);
        return new Measures(people, sum(counted, ScopedMeasures::assessments) / people, sum(counted, ScopedMeasures::peopleInvolved) / people,
                sum(counted, ScopedMeasures::referrals) / people, sum(counted, m -> m.totalMinutes() / 60.0) / people,
                Double.isNaN(faceToFace) ? null : faceToFace,
                returned + notReturned == 0 ? null : (double) returned / (returned + notReturned),
                counted.stream().mapToInt(ScopedMeasures::closedEpisodes).sum(), returned, notReturned,
                counted.stream().mapToInt(ScopedMeasures::pending).sum(), scope);
    }

    private static double sum(List<ScopedMeasures> counted, java.util.function.ToDoubleFunction<ScopedMeasures> measure) {
        return counted.stream().mapToDouble(measure).sum();
    }
}
