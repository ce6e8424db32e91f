package org.casejourney.infrastructure.supervisor;

import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;

/** Waits for Spring Boot apps to report UP on {@code /actuator/health}, failing early when one exits. */
final class Readiness {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final HttpClient http = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(2))
            .build();

    /**
     * @param hint added to the message when the timeout passes, e.g. the setting that makes it longer
     * @param stopped true once the whole system is being stopped, so there is nothing left to wait for
     */
    void await(List<ChildJvm> starting, Duration timeout, String hint, BooleanSupplier stopped) {
        long deadline = System.nanoTime() + timeout.toNanos();
        Map<ChildJvm, String> waiting = new LinkedHashMap<>();
        starting.forEach(app -> waiting.put(app, "no answer"));
        while (true) {
            for (ChildJvm app : new ArrayList<>(waiting.keySet())) {
                if (stopped.getAsBoolean()) {
                    throw new IllegalStateException("stopped while waiting for " + app.name());
                }
                if (!app.isAlive()) {
                    throw new IllegalStateException(app.exitDescription());
                }
                String answer = health(app);
                if (answer.equals("UP")) {
                    waiting.remove(app);
                } else {
                    waiting.put(app, answer);
                }
            }
            if (waiting.isEmpty()) {
                return;
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException(waiting.keySet().stream().map(ChildJvm::name).toList() + " not healthy at "
                        + waiting.keySet().stream().map(a -> a.url() + "/actuator/health").toList() + " after " + timeout.toSeconds()
                        + " s (last answers " + waiting.values() + ")" + hint);
            }
            Supervisor.sleep(250);
        }
    }

    /** "UP", or what it answered instead. */
    private String health(ChildJvm app) {
        try {
            HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(app.url() + "/actuator/health"))
                    .timeout(Duration.ofSeconds(5)).GET().build(), HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() == 200 && "UP".equals(JSON.readTree(response.body()).path("status").asText())) {
                return "UP";
            }
            return response.statusCode() + " " + response.body();
        } catch (IOException e) {
            return e.toString();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for " + app.name() + " to start", e);
        }
    }
}
