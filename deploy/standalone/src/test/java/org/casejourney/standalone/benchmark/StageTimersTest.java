package org.casejourney.standalone.benchmark;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class StageTimersTest {

    private static final String EXPOSITION = """
            # HELP casejourney_projection_delay_seconds Per record
            # TYPE casejourney_projection_delay_seconds summary
            casejourney_projection_delay_seconds{quantile="0.5"} 0.012
            casejourney_projection_delay_seconds{quantile="0.99"} 0.2
            casejourney_projection_delay_seconds_count 400
            casejourney_projection_delay_seconds_sum 8.0
            casejourney_projection_delay_seconds_max 0.3
            casejourney_projection_batch_seconds_count{application="query"} 10
            casejourney_projection_batch_seconds_sum{application="query"} 0.25
            """;

    @Test
    void aTimersMeanOverAPhaseIsItsSumOverItsCountBetweenTwoReadings() {
        StageTimers.Reading before = StageTimers.reading(EXPOSITION, "casejourney.projection.delay");
        StageTimers.Reading after = StageTimers.reading(EXPOSITION.replace("_count 400", "_count 600").replace("_sum 8.0", "_sum 10.0"),
                "casejourney.projection.delay");

        assertThat(before).isEqualTo(new StageTimers.Reading(400, 8.0));
        assertThat(after.meanMillisSince(before)).isEqualTo(10.0); // 2 s over 200 records
        assertThat(StageTimers.reading(EXPOSITION, "casejourney.projection.batch")).isEqualTo(new StageTimers.Reading(10, 0.25));
    }

    @Test
    void aTimerThatRecordedNothingInThePhaseHasNoMean() {
        StageTimers.Reading none = StageTimers.reading(EXPOSITION, "casejourney.publish.delay");

        assertThat(none).isEqualTo(new StageTimers.Reading(0, 0));
        assertThat(none.meanMillisSince(none)).isNaN();
    }
}
