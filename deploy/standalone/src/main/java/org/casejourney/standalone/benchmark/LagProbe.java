package org.casejourney.standalone.benchmark;

import org.casejourney.events.Channel;
import org.casejourney.events.ContactRecorded;
import org.casejourney.events.DemandType;

import java.io.IOException;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * End-to-end lag, one sample at a time on an otherwise quiet system: from the command side's
 * acknowledgement of an event to the moment the query side's journey view counts it. Samples
 * rotate over a few people, so both a new journey and an update of one are measured.
 */
final class LagProbe {

    private static final int PEOPLE = 20;
    private static final long POLL_MILLIS = 5;

    /** @param slowest the five slowest samples, each as "lag ms at HH:MM:SS" (when it was acknowledged) */
    record Result(List<Double> lagsMillis, int timeouts, int errors, List<String> slowest) {

        double percentile(double q) {
            List<Double> sorted = lagsMillis.stream().sorted().toList();
            return sorted.isEmpty() ? Double.NaN : sorted.get(Math.max(0, (int) Math.ceil(q * sorted.size()) - 1));
        }
    }

    private LagProbe() {
    }

    static Result run(URI commandUrl, String authorization, JourneyView view, String prefix, int samples, Duration perSample, Duration timeLimit)
            throws InterruptedException, IOException {
        LoadClient http = new LoadClient(1);
        List<Double> lags = new ArrayList<>();
        List<Map.Entry<Double, Instant>> timed = new ArrayList<>();
        int timeouts = 0;
        int errors = 0;
        long phaseDeadline = System.nanoTime() + timeLimit.toNanos();
        for (int k = 0; k < samples && System.nanoTime() < phaseDeadline; k++) {
            String personId = prefix + "-lag-" + (k % PEOPLE);
            long expected = k / PEOPLE + 1;
            ContactRecorded event = new ContactRecorded(personId + "-e" + (expected - 1), Instant.now().truncatedTo(ChronoUnit.MILLIS).minusSeconds(1),
                    "adult-social-care", "reablement-north", "county-council", "benchmark-01", "benchmark", null, null, List.of("benchmark"),
                    Channel.PHONE, DemandType.VALUE, null, "benchmark probe", 5, false);
            try {
                LoadClient.Answer response = SingleEventLoad.post(http, commandUrl, authorization, personId, event);
                long acknowledged = System.nanoTime();
                if (response.status() != 201 && response.status() != 200) {
                    errors++;
                    continue;
                }
                long seen = view.awaitEvents(personId, expected, acknowledged + perSample.toNanos(), POLL_MILLIS);
                if (seen < 0) {
                    timeouts++;
                } else {
                    lags.add((seen - acknowledged) / 1e6);
                    timed.add(Map.entry((seen - acknowledged) / 1e6, Instant.now().minusNanos(System.nanoTime() - acknowledged)));
                }
            } catch (IOException e) {
                errors++;
            }
        }
        http.close();
        List<String> slowest = timed.stream().sorted(Map.Entry.<Double, Instant>comparingByKey().reversed()).limit(5)
                .map(e -> String.format("%,.0f ms at %s", e.getKey(), e.getValue().truncatedTo(ChronoUnit.SECONDS))).toList();
        return new Result(lags, timeouts, errors, slowest);
    }
}
