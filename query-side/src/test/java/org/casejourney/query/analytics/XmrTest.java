package org.casejourney.query.analytics;

import org.junit.jupiter.api.Test;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/** XmR summaries of hand-made series, computed by hand. */
class XmrTest {

    private static final LocalDate MONDAY = LocalDate.parse("2026-01-05");

    private static List<Xmr.Point> weekly(Double... values) {
        List<Xmr.Point> points = new ArrayList<>();
        for (int i = 0; i < values.length; i++) {
            points.add(new Xmr.Point(MONDAY.plusWeeks(i), values[i]));
        }
        return points;
    }

    @Test
    void aBucketAboveTheUpperLimitIsASignalAndTheLowerLimitIsFlooredAtZero() {
        // mean 2.45 / 8 = 0.30625; moving ranges 6 × 0.05 + 0.7 = 1.0 over 7 = 0.142857...; 2.66 × that = 0.38
        Xmr xmr = Xmr.of(weekly(0.2, 0.25, 0.2, 0.25, 0.2, 0.25, 0.2, 0.9));

        assertThat(xmr.mean()).isCloseTo(0.30625, within(1e-12));
        assertThat(xmr.meanMovingRange()).isCloseTo(1.0 / 7, within(1e-12));
        assertThat(xmr.upperLimit()).isCloseTo(0.68625, within(1e-12));
        assertThat(xmr.lowerLimit()).isEqualTo(0.0);
        // seven in a row below the mean is not yet a run
        assertThat(xmr.signals()).containsExactly(new Xmr.Signal("OUTSIDE_LIMITS", MONDAY.plusWeeks(7), MONDAY.plusWeeks(7), 1, 0.9));
    }

    @Test
    void aBucketBelowAPositiveLowerLimitIsASignal() {
        // mean 2.64 / 6 = 0.44; moving ranges (4 × 0.02 + 0.4) / 5 = 0.096; limits 0.44 ± 0.25536
        Xmr xmr = Xmr.of(weekly(0.5, 0.52, 0.5, 0.52, 0.5, 0.1));

        assertThat(xmr.lowerLimit()).isCloseTo(0.18464, within(1e-12));
        assertThat(xmr.upperLimit()).isCloseTo(0.69536, within(1e-12));
        assertThat(xmr.signals()).containsExactly(new Xmr.Signal("OUTSIDE_LIMITS", MONDAY.plusWeeks(5), MONDAY.plusWeeks(5), 1, 0.1));
    }

    @Test
    void eightInARowOnOneSideOfTheMeanIsARunAndEmptyBucketsDoNotBreakIt() {
        // values 0.6, 8 × 0.2 (a gap after the fourth), 4 × 0.6: mean 4.6 / 13 = 0.353846...; moving ranges 0.8 / 12
        Xmr xmr = Xmr.of(weekly(0.6, 0.2, 0.2, 0.2, 0.2, null, 0.2, 0.2, 0.2, 0.2, 0.6, 0.6, 0.6, 0.6));

        assertThat(xmr.mean()).isCloseTo(4.6 / 13, within(1e-12));
        assertThat(xmr.meanMovingRange()).isCloseTo(0.8 / 12, within(1e-12));
        assertThat(xmr.upperLimit()).isCloseTo(4.6 / 13 + 2.66 * 0.8 / 12, within(1e-12));
        assertThat(xmr.lowerLimit()).isCloseTo(4.6 / 13 - 2.66 * 0.8 / 12, within(1e-12));
        assertThat(xmr.signals()).extracting(Xmr.Signal::type, Xmr.Signal::from, Xmr.Signal::to, Xmr.Signal::length).containsExactly(
                org.assertj.core.groups.Tuple.tuple("OUTSIDE_LIMITS", MONDAY, MONDAY, 1),
                org.assertj.core.groups.Tuple.tuple("OUTSIDE_LIMITS", MONDAY.plusWeeks(10), MONDAY.plusWeeks(10), 1),
                org.assertj.core.groups.Tuple.tuple("OUTSIDE_LIMITS", MONDAY.plusWeeks(11), MONDAY.plusWeeks(11), 1),
                org.assertj.core.groups.Tuple.tuple("OUTSIDE_LIMITS", MONDAY.plusWeeks(12), MONDAY.plusWeeks(12), 1),
                org.assertj.core.groups.Tuple.tuple("OUTSIDE_LIMITS", MONDAY.plusWeeks(13), MONDAY.plusWeeks(13), 1),
                org.assertj.core.groups.Tuple.tuple("RUN_BELOW_MEAN", MONDAY.plusWeeks(1), MONDAY.plusWeeks(9), 8));
    }

    @Test
    void aValueOnTheMeanEndsARun() {
        Double[] values = new Double[17];
        Arrays.fill(values, 0, 8, 0.0);
        values[8] = 0.5;
        Arrays.fill(values, 9, 17, 1.0);
        // mean (0 × 8 + 0.5 + 8) / 17 = 0.5: eight below, one on the mean, eight above
        Xmr xmr = Xmr.of(weekly(values));

        assertThat(xmr.mean()).isEqualTo(0.5);
        assertThat(xmr.signals()).filteredOn(s -> s.type().startsWith("RUN")).extracting(Xmr.Signal::type, Xmr.Signal::length).containsExactly(
                org.assertj.core.groups.Tuple.tuple("RUN_BELOW_MEAN", 8), org.assertj.core.groups.Tuple.tuple("RUN_ABOVE_MEAN", 8));
    }

    @Test
    void oneValueHasAMeanButNoLimitsAndNoValuesHaveNothing() {
        assertThat(Xmr.of(weekly(null, 0.4, null))).isEqualTo(new Xmr(0.4, null, null, null, List.of()));
        assertThat(Xmr.of(weekly(null, null))).isEqualTo(new Xmr(null, null, null, null, List.of()));
    }
}
