package org.casejourney.standalone.benchmark;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;

/**
 * The apps' own timers of the stages an event passes between acknowledgement and visibility, read from their
 * {@code /actuator/prometheus} before and after a phase: the mean of each over the phase, from the cumulative count
 * and sum, so nothing from earlier phases (a catch-up's records waited seconds) is mixed in.
 */
final class StageTimers {

    /** A timer's cumulative count and sum, at one moment. */
    record Reading(double count, double sumSeconds) {

        /** The mean in milliseconds of what was timed between {@code earlier} and this reading; NaN if nothing was. */
        double meanMillisSince(Reading earlier) {
            double n = count - earlier.count;
            return n <= 0 ? Double.NaN : (sumSeconds - earlier.sumSeconds) / n * 1000;
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

    /** The timer's reading in a Prometheus text exposition; zero when the timer has recorded nothing yet. */
    static Reading reading(String exposition, String timer) {
        String base = timer.replace('.', '_') + "_seconds";
        return new Reading(value(exposition, base + "_count"), value(exposition, base + "_sum"));
    }

    private static double value(String exposition, String series) {
        return exposition.lines()
                .filter(line -> line.startsWith(series + " ") || line.startsWith(series + "{"))
                .mapToDouble(line -> Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1)))
                .sum();
    }
}
