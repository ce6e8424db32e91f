package org.casejourney.standalone.benchmark;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The apps' own timers of the stages an event passes between acknowledgement and visibility, read from their
 * {@code /actuator/prometheus} before and after a phase. Each timer publishes a histogram (cumulative counts under
 * each bucket's upper bound); the difference of two readings is the phase's own distribution, so nothing from
 * earlier phases (a catch-up's records waited seconds) is mixed in.
 */
final class StageTimers {

    /** A timer's histogram at one moment: cumulative counts by upper bound in seconds, and the total sum. */
    record Reading(TreeMap<Double, Double> cumulative, double count, double sumSeconds) {

        /** What was timed between {@code earlier} and this reading. */
        Phase since(Reading earlier) {
            TreeMap<Double, Double> counts = new TreeMap<>();
            cumulative.forEach((bound, n) -> counts.put(bound, n - earlier.cumulative.getOrDefault(bound, 0.0)));
            return new Phase(counts, count - earlier.count, sumSeconds - earlier.sumSeconds);
        }
    }

    /** One phase's distribution of a timer. */
    record Phase(TreeMap<Double, Double> cumulative, double count, double sumSeconds) {

        double meanMillis() {
            return count <= 0 ? Double.NaN : sumSeconds / count * 1000;
        }

        /** The upper bound (ms) of the bucket that holds the {@code q} quantile; NaN when nothing was timed. */
        double quantileBoundMillis(double q) {
            if (count <= 0) {
                return Double.NaN;
            }
            for (Map.Entry<Double, Double> bucket : cumulative.entrySet()) {
                if (bucket.getValue() >= q * count) {
                    return bucket.getKey() * 1000;
                }
            }
            return Double.POSITIVE_INFINITY;
        }

        /** "p50 ≤ x ms, p99 ≤ y ms, mean z ms" for a note. */
        String summary() {
            return "p50 ≤ " + ResultTable.number(quantileBoundMillis(0.5)) + " ms, p99 ≤ " + ResultTable.number(quantileBoundMillis(0.99))
                    + " ms, mean " + ResultTable.number(meanMillis()) + " ms";
        }
    }

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    /** The readings of {@code timers} (their Micrometer names) on the app at {@code baseUrl}, in their order. */
    List<Reading> read(URI baseUrl, List<String> timers) throws IOException, InterruptedException {
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(baseUrl.resolve("/actuator/prometheus"))
                .timeout(Duration.ofSeconds(10)).GET().build(), HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 200) {
            throw new IOException("GET " + baseUrl.resolve("/actuator/prometheus") + " answered " + response.statusCode());
        }
        return timers.stream().map(name -> reading(response.body(), name)).toList();
    }

    /** A gauge's value on the app at {@code baseUrl} ({@code name} as Prometheus exposes it); NaN when it is not there. */
    double gauge(URI baseUrl, String name) throws IOException, InterruptedException {
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(baseUrl.resolve("/actuator/prometheus"))
                .timeout(Duration.ofSeconds(10)).GET().build(), HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 200) {
            throw new IOException("GET " + baseUrl.resolve("/actuator/prometheus") + " answered " + response.statusCode());
        }
        return gaugeValue(response.body(), name);
    }

    /** The gauge's value in a Prometheus text exposition (the first instance that has one); NaN when none has. */
    static double gaugeValue(String exposition, String name) {
        return exposition.lines().filter(line -> line.startsWith(name + " ") || line.startsWith(name + "{"))
                .mapToDouble(StageTimers::value).filter(v -> !Double.isNaN(v)).findFirst().orElse(Double.NaN);
    }

    /** The timer's reading in a Prometheus text exposition; empty when the timer is not there. */
    static Reading reading(String exposition, String timer) {
        String base = timer.replace('.', '_') + "_seconds";
        TreeMap<Double, Double> cumulative = new TreeMap<>();
        double count = 0;
        double sum = 0;
        for (String line : exposition.lines().toList()) {
            if (line.startsWith(base + "_bucket{")) {
                int le = line.indexOf("le=\"");
                String bound = line.substring(le + 4, line.indexOf('"', le + 4));
                cumulative.merge(bound.equals("+Inf") ? Double.POSITIVE_INFINITY : Double.parseDouble(bound), value(line), Double::sum);
            } else if (line.startsWith(base + "_count")) {
                count += value(line);
            } else if (line.startsWith(base + "_sum")) {
                sum += value(line);
            }
        }
        return new Reading(cumulative, count, sum);
    }

    private static double value(String line) {
        return Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
    }
}
