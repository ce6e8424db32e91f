package org.casejourney.standalone.benchmark;

import java.util.ArrayList;
import java.util.List;

/** Latencies of one measure, in milliseconds, added from any thread; percentiles by nearest rank. */
final class Latencies {

    private final List<Double> millis = new ArrayList<>();

    synchronized void addNanos(long nanos) {
        millis.add(nanos / 1e6);
    }

    synchronized int count() {
        return millis.size();
    }

    /** NaN when nothing was measured. */
    synchronized double percentile(double q) {
        if (millis.isEmpty()) {
            return Double.NaN;
        }
        List<Double> sorted = new ArrayList<>(millis);
        sorted.sort(null);
        return sorted.get(Math.max(0, (int) Math.ceil(q * sorted.size()) - 1));
    }

    /** "p50 12.3 ms, p99 45.6 ms". */
    String p50p99() {
        return String.format("p50 %s ms, p99 %s ms", ResultTable.number(percentile(0.5)), ResultTable.number(percentile(0.99)));
    }
}
