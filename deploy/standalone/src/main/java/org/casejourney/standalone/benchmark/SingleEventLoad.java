package org.casejourney.standalone.benchmark;

import org.casejourney.events.EventJson;
import org.casejourney.events.PersonEvent;
import org.casejourney.standalone.generator.JourneyGenerator;

import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.net.http.HttpClient;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

/** A few clients posting events one request at a time, each client owning its people so every stream stays in order. */
final class SingleEventLoad {

    record Result(int clients, long sent, long ok, long errors, double seconds, Latencies latencies, List<String> problems) {
        double rate() {
            return ok / seconds;
        }
    }

    private SingleEventLoad() {
    }

    static HttpClient client() {
        return HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(5)).build();
    }

    /** Posts one event; a broken keep-alive connection is retried once, which the event id makes safe. */
    static LoadClient.Answer post(LoadClient http, URI commandUrl, String authorization, String personId, PersonEvent event)
            throws IOException {
        URI uri = URI.create(commandUrl + "/api/v1/persons/" + personId + "/events");
        byte[] json = EventJson.write(event).getBytes(StandardCharsets.UTF_8);
        try {
            return http.postJson(uri, authorization, json);
        } catch (IOException first) {
            return http.postJson(uri, authorization, json);
        }
    }

    static Result run(URI commandUrl, String authorization, List<JourneyGenerator.Person> people, int clients, Duration timeLimit) throws InterruptedException {
        AtomicLong sent = new AtomicLong();
        AtomicLong ok = new AtomicLong();
        AtomicLong errors = new AtomicLong();
        List<String> problems = Collections.synchronizedList(new ArrayList<>());
        Latencies latencies = new Latencies();
        long deadline = System.nanoTime() + timeLimit.toNanos();
        List<Thread> threads = new ArrayList<>();
        long started = System.nanoTime();
        LoadClient http = new LoadClient(clients);
        for (int c = 0; c < clients; c++) {
            int client = c;
            Thread thread = new Thread(() -> {
                for (int p = client; p < people.size(); p += clients) {
                    JourneyGenerator.Person person = people.get(p);
                    for (PersonEvent event : person.events()) {
                        if (System.nanoTime() > deadline) {
                            return;
                        }
                        sent.incrementAndGet();
                        try {
                            long posted = System.nanoTime();
                            LoadClient.Answer response = post(http, commandUrl, authorization, person.personId(), event);
                            if (response.status() == 201 || response.status() == 200) {
                                latencies.addNanos(System.nanoTime() - posted);
                                ok.incrementAndGet();
                            } else {
                                errors.incrementAndGet();
                                keep(problems, event.eventId() + ": " + response.status() + " " + response.body());
                            }
                        } catch (IOException e) {
                            errors.incrementAndGet();
                            keep(problems, event.eventId() + ": " + e);
                        }
                    }
                }
            }, "single-event-client-" + c);
            threads.add(thread);
            thread.start();
        }
        for (Thread thread : threads) {
            thread.join();
        }
        try {
            http.close();
        } catch (IOException e) {
            // the figures are taken; a connection that does not close cleanly changes none of them
        }
        return new Result(clients, sent.get(), ok.get(), errors.get(), (System.nanoTime() - started) / 1e9, latencies, List.copyOf(problems));
    }

    private static void keep(List<String> problems, String problem) {
        synchronized (problems) {
            if (problems.size() < 5) {
                problems.add(problem.length() > 300 ? problem.substring(0, 300) + "..." : problem);
            }
        }
    }
}
