package org.casejourney.standalone.benchmark;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class LatenciesTest {

    @Test
    void percentilesAreNearestRankAndNothingMeasuredIsNaN() {
        Latencies latencies = new Latencies();
        for (int i = 100; i >= 1; i--) {
            latencies.addNanos(i * 1_000_000L);
        }
        assertThat(latencies.percentile(0.5)).isEqualTo(50.0);
        assertThat(latencies.percentile(0.99)).isEqualTo(99.0);
        assertThat(latencies.count()).isEqualTo(100);
        assertThat(new Latencies().percentile(0.5)).isNaN();
    }
}
