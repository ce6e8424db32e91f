package org.casejourney.standalone.benchmark;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class StageTimersTest {

    /** As Micrometer's Prometheus registry writes a timer with a percentile histogram (buckets cut short here). */
    private static String exposition(int under10ms, int under100ms, int all, double sum) {
        return """
                # HELP casejourney_projection_delay_seconds Per record
                # TYPE casejourney_projection_delay_seconds histogram
                casejourney_projection_delay_seconds_bucket{application="q",le="0.01"} %d
                casejourney_projection_delay_seconds_bucket{application="q",le="0.1"} %d
                casejourney_projection_delay_seconds_bucket{application="q",le="+Inf"} %d
                casejourney_projection_delay_seconds_count{application="q"} %d
                casejourney_projection_delay_seconds_sum{application="q"} %s
                casejourney_projection_delay_seconds_max{application="q"} 0.3
                casejourney_projection_batch_seconds_count{application="q"} 10
                """.formatted(under10ms, under100ms, all, all, sum);
    }

    @Test
    void aPhasesDistributionIsTheDifferenceOfTwoReadings() {
        // before the phase: 1,000 records, most of them a catch-up's that waited long
        StageTimers.Reading before = StageTimers.reading(exposition(100, 200, 1_000, 900.0), "casejourney.projection.delay");
        // during it: 200 more, 190 under 10 ms, 8 under 100 ms, 2 longer
        StageTimers.Reading after = StageTimers.reading(exposition(290, 398, 1_200, 902.0), "casejourney.projection.delay");

        StageTimers.Phase phase = after.since(before);

        assertThat(phase.count()).isEqualTo(200);
        assertThat(phase.meanMillis()).isEqualTo(10.0, org.assertj.core.data.Offset.offset(1e-9)); // 2 s over 200 records
        assertThat(phase.quantileBoundMillis(0.5)).isEqualTo(10.0);
        assertThat(phase.quantileBoundMillis(0.99)).isEqualTo(100.0);
        assertThat(phase.quantileBoundMillis(1.0)).isInfinite();
    }

    @Test
    void aTimerThatRecordedNothingInThePhaseHasNoFigures() {
        StageTimers.Reading same = StageTimers.reading(exposition(1, 2, 3, 0.5), "casejourney.projection.delay");
        StageTimers.Reading missing = StageTimers.reading(exposition(1, 2, 3, 0.5), "casejourney.publish.delay");

        assertThat(same.since(same).meanMillis()).isNaN();
        assertThat(same.since(same).quantileBoundMillis(0.99)).isNaN();
        assertThat(missing.count()).isZero();
        assertThat(missing.cumulative()).isEmpty();
    }

    @Test
    void theUnpublishedEventsAreTheGaugesValue() {
        String exposition = """
                # HELP casejourney_publish_lag_events Events stored but not yet acknowledged by Kafka
                # TYPE casejourney_publish_lag_events gauge
                casejourney_publish_lag_events{application="casejourney-command-side"} 41250.0
                casejourney_publish_lag_events_other{application="casejourney-command-side"} 7.0
                """;
        String notHolder = "casejourney_publish_lag_events{application=\"casejourney-command-side\"} NaN\n";

        assertThat(StageTimers.gaugeValue(exposition, "casejourney_publish_lag_events")).isEqualTo(41_250.0);
        assertThat(StageTimers.gaugeValue(notHolder, "casejourney_publish_lag_events")).isNaN();
        assertThat(StageTimers.gaugeValue(exposition, "casejourney_publish_delay_seconds")).isNaN();
    }
}
