package org.casejourney.query.analytics;

import com.fasterxml.jackson.annotation.JsonInclude;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * The XmR (individuals and moving range) summary of a series: mean, natural process limits
 * mean ± 2.66 × mean moving range (the lower one floored at 0), and the signals. Buckets without a
 * value (no contacts, no closed episodes) are skipped: the moving ranges join the values either side.
 */
@JsonInclude(JsonInclude.Include.ALWAYS)
public record Xmr(Double mean, Double upperLimit, Double lowerLimit, Double meanMovingRange, List<Signal> signals) {

    public static final double SCALING = 2.66;
    public static final int RUN_LENGTH = 8;

    /** One value of the series, at its bucket's start; {@code value} null when the bucket has none. */
    record Point(LocalDate start, Double value) {
    }

    /**
     * {@code OUTSIDE_LIMITS}: one bucket above the upper or below the lower limit ({@code from} = {@code to});
     * {@code RUN_ABOVE_MEAN} / {@code RUN_BELOW_MEAN}: 8 or more values in a row on one side of the mean
     * (a value equal to the mean ends a run).
     */
    @JsonInclude(JsonInclude.Include.ALWAYS)
    record Signal(String type, LocalDate from, LocalDate to, int length, Double value) {
    }

    /** The summary of a series' points, over the value each has ({@code null}: none). */
    public static <P extends SeriesPoint> Xmr over(List<P> series, Function<P, Double> value) {
        return of(series.stream().map(p -> new Point(p.start(), value.apply(p))).toList());
    }

    public static Xmr of(List<Point> series) {
        List<Point> points = series.stream().filter(p -> p.value() != null).toList();
        if (points.isEmpty()) {
            return new Xmr(null, null, null, null, List.of());
        }
        double mean = points.stream().mapToDouble(Point::value).average().orElseThrow();
        if (points.size() < 2) {
            return new Xmr(mean, null, null, null, List.of());
        }
        double movingRange = 0;
        for (int i = 1; i < points.size(); i++) {
            movingRange += Math.abs(points.get(i).value() - points.get(i - 1).value());
        }
        movingRange /= points.size() - 1;
        double upper = mean + SCALING * movingRange;
        double lower = Math.max(0, mean - SCALING * movingRange);

        List<Signal> signals = new ArrayList<>();
        for (Point p : points) {
            if (p.value() > upper || p.value() < lower) {
                signals.add(new Signal("OUTSIDE_LIMITS", p.start(), p.start(), 1, p.value()));
            }
        }
        int runStart = 0;
        for (int i = 1; i <= points.size(); i++) {
            int side = Double.compare(points.get(runStart).value(), mean);
            boolean sameSide = i < points.size() && side != 0 && Double.compare(points.get(i).value(), mean) == side;
            if (!sameSide) {
                int length = i - runStart;
                if (side != 0 && length >= RUN_LENGTH) {
                    signals.add(new Signal(side > 0 ? "RUN_ABOVE_MEAN" : "RUN_BELOW_MEAN", points.get(runStart).start(),
                            points.get(i - 1).start(), length, null));
                }
                runStart = i;
            }
        }
        return new Xmr(mean, upper, lower, movingRange, signals);
    }
}
