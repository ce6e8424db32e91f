package org.casejourney.faults;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.casejourney.events.EventJson;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpTimeoutException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.IntFunction;

/**
 * The two requests a load's workers send, paced across all of them: one event through the single
 * endpoint, or a batch of several people's next events; each answer is entered in the ledger.
 */
final class LoadRequests {

    private final Http http;
    private final EventPlan plan;
    private final Load.Settings settings;
    private final IntFunction<URI> target;
    private final LoadLedger ledger;
    private final Runnable stop;
    private final AtomicLong pace = new AtomicLong();

    /** @param stop ends the whole load: the client was interrupted, or a batch was refused as a whole */
    LoadRequests(Http http, EventPlan plan, Load.Settings settings, IntFunction<URI> target, LoadLedger ledger, Runnable stop) {
        this.http = http;
        this.plan = plan;
        this.settings = settings;
        this.target = target;
        this.ledger = ledger;
        this.stop = stop;
    }

    void start(long startNanos) {
        pace.set(startNanos);
    }

    /** One event of person i; true when acknowledged. */
    boolean postSingle(int worker, int i) {
        String personId = plan.people().get(i).id();
        int k = ledger.next(i);
        ObjectNode event = plan.event(personId, k);
        paceFor(1);
        ledger.markSent(event.path("eventId").asText());
        long begin = System.nanoTime();
        try {
            Http.Response response = http.post(target.apply(worker).resolve("/api/v1/persons/" + personId + "/events"),
                    EventJson.write(event), settings.requestTimeout());
            String outcome = "single " + response.status() + problemType(response.body());
            ledger.sample(begin, response.nanos(), outcome, 1);
            if (response.status() == 200 || response.status() == 201) {
                ledger.acknowledged(i, k, response.json().path("sequence").asLong(-1));
                return true;
            }
            ledger.refusedOrRetry(i, k, response.status(), outcome, response.body());
            return false;
        } catch (IOException e) {
            ledger.sample(begin, System.nanoTime() - begin, "single " + ioOutcome(e), 1);
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            stop.run();
            return false;
        }
    }

    /** Up to batchSize events: each open person's next few, in order; true when the request answered 200 and every item was acknowledged. */
    boolean postBatch(int worker, List<Integer> open, int round) {
        List<int[]> items = new ArrayList<>();
        ObjectNode body = batch(open, round, items);
        paceFor(items.size());
        long begin = System.nanoTime();
        try {
            Http.Response response = http.post(target.apply(worker).resolve("/api/v1/events/batch"),
                    EventJson.mapper().writeValueAsString(body), settings.requestTimeout());
            ledger.sample(begin, response.nanos(), "batch " + response.status() + problemType(response.body()), items.size());
            if (response.status() != 200) {
                if (response.status() < 500 && response.status() != 429) {
                    ledger.anomaly("batch answered " + response.status() + ": " + LoadLedger.abbreviate(response.body()));
                    stop.run();
                }
                return false;
            }
            return enterResults(response.json().path("results"), items);
        } catch (IOException e) {
            ledger.sample(begin, System.nanoTime() - begin, "batch " + ioOutcome(e), items.size());
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            stop.run();
            return false;
        }
    }

    /** The batch body; {@code items} gets each event's person and index, in the body's order. */
    private ObjectNode batch(List<Integer> open, int round, List<int[]> items) {
        ObjectNode body = EventJson.mapper().createObjectNode();
        ArrayNode events = body.putArray("events");
        int offset = (round * 7) % open.size();
        for (int j = 0; j < open.size() && items.size() < settings.batchSize(); j++) {
            int i = open.get((offset + j) % open.size());
            String personId = plan.people().get(i).id();
            int first = ledger.next(i);
            for (int k = first; k < plan.people().get(i).events() && k < first + settings.perPersonPerBatch()
                    && items.size() < settings.batchSize(); k++) {
                ObjectNode item = events.addObject();
                item.put("personId", personId);
                item.setAll(plan.event(personId, k));
                items.add(new int[]{i, k});
                ledger.markSent(item.path("eventId").asText());
            }
        }
        return body;
    }

    /** Each item's result; a person's later item acknowledged after an earlier one was not is an anomaly. */
    private boolean enterResults(JsonNode results, List<int[]> items) {
        boolean allAcked = true;
        Set<Integer> behind = new HashSet<>();
        for (int n = 0; n < items.size(); n++) {
            JsonNode result = results.path(n);
            int i = items.get(n)[0];
            int k = items.get(n)[1];
            int status = result.path("status").asInt();
            ledger.count("item " + status + problemType(result.path("problem")));
            if (status == 200 || status == 201) {
                if (behind.contains(i)) {
                    ledger.anomaly("acknowledged " + plan.eventId(plan.people().get(i).id(), k) + " after an earlier event of the same person in the batch was not");
                    continue;
                }
                ledger.acknowledged(i, k, result.path("sequence").asLong(-1));
            } else {
                allAcked = false;
                behind.add(i);
                ledger.refusedOrRetry(i, k, status, "item " + status, result.toString());
            }
        }
        return allAcked;
    }

    private void paceFor(int events) {
        if (settings.eventsPerSecond() <= 0) {
            return;
        }
        long slot = pace.getAndAdd((long) (events * 1e9 / settings.eventsPerSecond()));
        long wait = slot - System.nanoTime();
        if (wait > 0) {
            Load.sleep(Math.min(wait / 1_000_000, 5_000));
        } else if (wait < -1_000_000_000L) {
            pace.compareAndSet(slot + (long) (events * 1e9 / settings.eventsPerSecond()), System.nanoTime());
        }
    }

    private static String problemType(String body) {
        if (body == null || !body.contains("/problems/")) {
            return "";
        }
        int at = body.indexOf("/problems/");
        int end = at + 10;
        while (end < body.length() && (Character.isLetterOrDigit(body.charAt(end)) || body.charAt(end) == '-')) {
            end++;
        }
        return " " + body.substring(at + 10, end);
    }

    private static String problemType(JsonNode problem) {
        String type = problem.path("type").asText("");
        return type.isEmpty() ? "" : " " + type.substring(type.lastIndexOf('/') + 1);
    }

    private static String ioOutcome(IOException e) {
        if (e instanceof HttpTimeoutException) {
            return "timeout";
        }
        return e.getClass().getSimpleName();
    }
}
