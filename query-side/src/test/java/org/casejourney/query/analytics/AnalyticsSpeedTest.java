package org.casejourney.query.analytics;

import org.casejourney.query.journey.FactWriter;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

import java.util.Arrays;
import java.util.function.Supplier;

/**
 * The speed targets on the read side, on facts as 1,000,000 events make them (600,000
 * contacts of 100,000 people over a year, 5 services): not run by default,
 * {@code mvn -pl query-side verify -Dtest=AnalyticsSpeedTest -Dcasejourney.speed=true}. Prints p50/p99.
 */
@EnabledIfSystemProperty(named = "casejourney.speed", matches = "true")
public class AnalyticsSpeedTest {

    private static FactsDatabase db;

    @BeforeAll
    static void seed() {
        db = new FactsDatabase("analytics_speed");
        db.jdbc().execute("""
                insert into fact_contact (person_id, event_id, occurred_at, day, service, team, organisation, practitioner, channel,
                                          demand_type, failure_category, episode_number, duration_minutes, face_to_face)
                select 'p-' || (g % 100000), 'e-' || g, t, (t at time zone 'UTC')::date, 'svc-' || (g % 100000 % 5),
                       'team-' || (g % 100000 % 20), 'org', 'pr-' || (g % 500),
                       (array['PHONE','FACE_TO_FACE','HOME_VISIT','ONLINE','EMAIL','LETTER'])[1 + g % 6],
                       case when g % 5 < 2 then 'FAILURE' else 'VALUE' end,
                       case when g % 5 < 2 then (array['PROGRESS_CHASING','REPEAT_CONTACT','NOT_DONE_RIGHT_FIRST_TIME','WRONG_INFORMATION',
                                                     'NO_RESPONSE','WRONGLY_ROUTED','OTHER'])[1 + g % 7] end,
                       1, 10, g % 3 = 0
                from generate_series(1::bigint, 600000::bigint) g,
                     lateral (select timestamptz '2025-11-25T00:00:00Z' + (g * 7919 % 31536000) * interval '1 second' as t) x;
                insert into failure_demand_daily (service, day, team, channel, failure_category, contacts)
                select service, day, coalesce(team, ''), channel, coalesce(failure_category, ''), count(*) from fact_contact group by 1, 2, 3, 4, 5;
                insert into fact_person (person_id, first_contact, teams, services, tags, assessments, people_involved, referrals,
                                         total_minutes, face_to_face_minutes, face_to_face_share, episodes, closed_episodes, returned_episodes)
                select 'p-' || i, timestamptz '2025-11-25T00:00:00Z' + (i % 300) * interval '1 day', array['team-' || (i % 20)],
                       array['svc-' || (i % 5)], case when i % 10 = 0 then array['cohort-a'] when i % 10 = 1 then array['cohort-b'] else '{}' end,
                       i % 4, 1 + i % 5, i % 3, 60 + i % 600, (60 + i % 600) / 2, 0.5, 1, 1, i % 2
                from generate_series(0, 99999) i;
                insert into fact_episode (person_id, episode_number, opened_at, closed_at, outcome, end_to_end_days, contacts, failure_contacts,
                                          returned, returned_at, services, teams, channels, next_contact_at, return_window_ends)
                select 'p-' || i, 1, opened, closed, 'NEEDS_MET', 1 + i % 40, 6, 2, i % 2 = 1, null, array['svc-' || (i % 5)],
                       array['team-' || (i % 20)], array['PHONE'],
                       case when i % 2 = 1 then closed + (i % 120) * interval '1 day' end, closed + interval '90 days'
                from generate_series(0, 99999) i,
                     lateral (select timestamptz '2025-11-25T00:00:00Z' + (i % 300) * interval '1 day' as opened,
                                     timestamptz '2025-11-25T00:00:00Z' + (i % 300 + 1 + i % 40) * interval '1 day' as closed) x;
                analyze;
                """);
    }

    @AfterAll
    static void close() {
        db.close();
    }

    @Test
    void failureDemandOverAYearByWeekForOneService() {
        org.casejourney.query.failuredemand.SpeedProbe probe = new org.casejourney.query.failuredemand.SpeedProbe(db.jdbc());
        report("failure-demand, one service, 2026 by week", () -> probe.yearByWeek("svc-2"));
    }

    @Test
    void cohortComparisonOfTwoCohortsOfTenThousand() {
        org.casejourney.query.cohorts.SpeedProbe probe = new org.casejourney.query.cohorts.SpeedProbe(db.jdbc());
        report("cohort compare 10,000 v 10,000, 90-day window", () -> probe.compare(90));
        report("cohort compare 10,000 v 10,000, 60-day window", () -> probe.compare(60));
    }

    @Test
    void writingTheFactsOfTwentyThousandEvents() {
        java.util.List<org.casejourney.events.journey.Journey> journeys = new java.util.ArrayList<>();
        for (int i = 0; i < 2_000; i++) {
            PersonStream person = PersonStream.of("w-" + i).in("svc-w", "team-" + (i % 7), "org")
                    .failure("2026-01-05T09:00:00Z", org.casejourney.events.Channel.PHONE, "PROGRESS_CHASING")
                    .value("2026-01-06T09:00:00Z", org.casejourney.events.Channel.EMAIL).assessment("2026-01-07T09:00:00Z")
                    .referral("2026-01-08T09:00:00Z", "r-1", null, "ot", null, "nhs").handoff("2026-01-09T09:00:00Z", "a", "b", null, null)
                    .support("2026-01-10T09:00:00Z", 30, true).closed("2026-01-11T09:00:00Z")
                    .value("2026-02-01T09:00:00Z", org.casejourney.events.Channel.PHONE).support("2026-02-02T09:00:00Z", 20, false)
                    .closed("2026-02-03T09:00:00Z");
            journeys.add(person.journey());
        }
        FactWriter facts = new FactWriter(db.jdbc());
        for (String pass : new String[]{"first write", "rewrite"}) {
            long start = System.nanoTime();
            for (int i = 0; i < journeys.size(); i += 100) {
                facts.replace(journeys.subList(i, i + 100));
            }
            double seconds = (System.nanoTime() - start) / 1e9;
            System.out.printf("SPEED fact writing (%s), batches of 100 people (1,000 events): %.0f events/s%n", pass, 20_000 / seconds);
        }
    }

    private static void report(String what, Supplier<Object> query) {
        for (int i = 0; i < 20; i++) {
            query.get();
        }
        long[] nanos = new long[200];
        for (int i = 0; i < nanos.length; i++) {
            long start = System.nanoTime();
            query.get();
            nanos[i] = System.nanoTime() - start;
        }
        Arrays.sort(nanos);
        System.out.printf("SPEED %s: p50 %.1f ms, p99 %.1f ms%n", what, nanos[100] / 1e6, nanos[197] / 1e6);
    }
}
