package org.casejourney.faults;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.casejourney.events.Pseudonyms;
import org.casejourney.infrastructure.TestTokens;
import org.casejourney.infrastructure.supervisor.Supervisor;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Function;

/**
 * Acknowledged (the clients' records) against stored (the auditors' replay of every person's
 * stream on the command side) against projected (the query side's journey view), person by person.
 */
public final class Reconciliation {

    private static final Pseudonyms PSEUDONYMS = new Pseudonyms(TestTokens.PSEUDONYM_SECRET);

    /** The figures of one scenario and what was wrong; {@link #line()} is the one line each scenario prints. */
    public record Result(String scenario, long sent, long acked, long stored, long projected, long lost, long duplicated,
                         List<String> problems) {
        public String line() {
            return scenario + " sent=" + sent + " acked=" + acked + " stored=" + stored + " projected=" + projected
                    + " lost=" + lost + " duplicated=" + duplicated;
        }

        public boolean clean() {
            return lost == 0 && duplicated == 0 && problems.isEmpty();
        }
    }

    private static final Duration READ_TIMEOUT = Duration.ofSeconds(30);
    private final Http http;
    private final URI commandUrl;
    private final URI queryUrl;

    public Reconciliation(Http http, URI commandUrl, URI queryUrl) {
        this.http = http;
        this.commandUrl = commandUrl;
        this.queryUrl = queryUrl;
    }

    /**
     * @param converge how long the query side may take to show every stored event
     * @param compareJourneys also require each person's journey on the query side to equal the
     *                        command side's journey as of the same instant (the same fold)
     */
    public Result reconcile(String scenario, List<Load> loads, Duration converge, boolean compareJourneys) {
        List<String> problems = Collections.synchronizedList(new ArrayList<>());
        Set<String> people = new LinkedHashSet<>();
        loads.forEach(l -> l.plan().people().forEach(p -> people.add(p.id())));
        long sent = loads.stream().mapToLong(Load::sentCount).sum();
        long acked = loads.stream().mapToLong(l -> l.acks().size()).sum();

        Map<String, List<String>> stored = parallel(people, this::storedStream, problems);
        long storedCount = stored.values().stream().mapToLong(List::size).sum();
        long duplicated = stored.values().stream().mapToLong(stream -> stream.size() - new HashSet<>(stream).size()).sum();
        long lost = checkStored(loads, stored, problems);
        checkNothingStoredUnsent(people, loads, stored, problems);

        Map<String, JsonNode> journeys = awaitProjection(stored, converge, problems);
        Projected projected = checkProjected(journeys, stored, problems);
        if (compareJourneys) {
            compareWithCommandSide(journeys, problems);
        }
        return new Result(scenario, sent, acked, storedCount, projected.events(), lost + projected.lost(),
                duplicated + projected.duplicated(), List.copyOf(problems));
    }

    /** Every acknowledgement is on its stream at its sequence, and each client's events are in the order sent; returns how many were lost. */
    private static long checkStored(List<Load> loads, Map<String, List<String>> stored, List<String> problems) {
        long lost = 0;
        for (Load load : loads) {
            EventPlan plan = load.plan();
            for (var ack : load.acks().entrySet()) {
                List<String> stream = stored.getOrDefault(ack.getValue().personId(), List.of());
                int at = stream.indexOf(ack.getKey());
                if (at < 0) {
                    lost++;
                    problem(problems, "acknowledged but not stored: " + ack.getKey());
                } else if (at != ack.getValue().sequence()) {
                    problem(problems, ack.getKey() + " acknowledged at sequence " + ack.getValue().sequence() + ", stored at " + at);
                }
            }
            // per-person order: this client's events on the stream are exactly the first n it sent, in its order
            for (EventPlan.Person person : plan.people()) {
                List<String> mine = stored.getOrDefault(person.id(), List.of()).stream()
                        .filter(id -> id.startsWith(plan.clientTag() + ":")).toList();
                for (int k = 0; k < mine.size(); k++) {
                    if (!mine.get(k).equals(plan.eventId(person.id(), k))) {
                        problem(problems, "order of " + person.id() + ": stored " + mine + " is not the order sent");
                        break;
                    }
                }
            }
        }
        return lost;
    }

    private static void checkNothingStoredUnsent(Set<String> people, List<Load> loads, Map<String, List<String>> stored, List<String> problems) {
        for (String id : people) {
            for (String eventId : stored.getOrDefault(id, List.of())) {
                if (loads.stream().noneMatch(l -> l.sent().contains(eventId))) {
                    problem(problems, "stored but never sent: " + eventId);
                }
            }
        }
    }

    /** What the query side shows: events projected, and those missing from or twice in a timeline. */
    private record Projected(long events, long lost, long duplicated) {
    }

    /** Each person's timeline on the query side is their stored stream, under pseudonymous event ids. */
    private static Projected checkProjected(Map<String, JsonNode> journeys, Map<String, List<String>> stored, List<String> problems) {
        long projected = 0;
        long lost = 0;
        long duplicated = 0;
        for (var entry : journeys.entrySet()) {
            List<String> timeline = new ArrayList<>();
            entry.getValue().path("timeline").forEach(t -> timeline.add(t.path("eventId").asText()));
            projected += entry.getValue().path("eventsRecorded").asLong();
            duplicated += timeline.size() - new HashSet<>(timeline).size();
            // the query side shows each sender-chosen id as its keyed pseudonym
            List<String> expected = stored.getOrDefault(entry.getKey(), List.of()).stream().map(PSEUDONYMS::of).toList();
            if (entry.getValue().path("eventsRecorded").asLong() != expected.size() || !timeline.equals(expected)) {
                problem(problems, "projection of " + entry.getKey() + ": eventsRecorded=" + entry.getValue().path("eventsRecorded")
                        + " timeline " + timeline.size() + " events, stored " + expected.size()
                        + (timeline.equals(expected) ? "" : " (timeline differs from the stream)"));
                Set<String> missing = new LinkedHashSet<>(expected);
                timeline.forEach(missing::remove);
                lost += missing.size();
            }
        }
        return new Projected(projected, lost, duplicated);
    }

    /** Each person's journey on the query side equals the command side's journey as of the query side's asOf. */
    public void compareWithCommandSide(Map<String, JsonNode> journeys, List<String> problems) {
        parallel(journeys.keySet(), id -> {
            ObjectNode live = (ObjectNode) journeys.get(id).deepCopy();
            String asOf = live.path("asOf").asText();
            JsonNode atCommand = get(commandUrl.resolve("/api/v1/persons/" + id + "/journey?asOf="
                    + URLEncoder.encode(asOf, StandardCharsets.UTF_8)));
            ObjectNode command = (ObjectNode) atCommand.deepCopy();
            live.remove("asOf");
            command.remove("asOf");
            // analysts see pseudonyms (of the person and of every sender-chosen id) and no personal free text;
            // everything else must be equal
            withoutPersonalData(live);
            withoutPersonalData(command);
            org.casejourney.events.journey.SenderIdsInJourneys.pseudonymise(command, PSEUDONYMS);
            if (!live.equals(command)) {
                problem(problems, "journey of " + id + " on the query side differs from the command side's as of " + asOf
                        + ": query " + abbreviate(live.toString()) + " command " + abbreviate(command.toString()));
            }
            return Boolean.TRUE;
        }, problems);
    }

    /** Polls the journey view until every person shows as many events as stored, or the time is up. */
    public Map<String, JsonNode> awaitProjection(Map<String, List<String>> stored, Duration converge, List<String> problems) {
        long deadline = System.nanoTime() + converge.toNanos();
        Map<String, JsonNode> journeys = new LinkedHashMap<>();
        Set<String> waiting = new LinkedHashSet<>(stored.keySet());
        List<String> scratch = Collections.synchronizedList(new ArrayList<>());
        while (true) {
            scratch.clear();
            Map<String, JsonNode> now = parallel(waiting, this::journey, scratch);
            now.forEach((id, journey) -> {
                if (journey.path("eventsRecorded").asLong() >= stored.get(id).size()) {
                    journeys.put(id, journey);
                    waiting.remove(id);
                }
            });
            if (waiting.isEmpty() || System.nanoTime() > deadline) {
                break;
            }
            Supervisor.sleep(1000);
        }
        if (!waiting.isEmpty()) {
            problem(problems, waiting.size() + " people not fully projected within " + converge.toSeconds() + " s, e.g. "
                    + waiting.iterator().next() + (scratch.isEmpty() ? "" : "; " + scratch.get(0)));
            Map<String, JsonNode> last = parallel(waiting, this::journey, problems);
            journeys.putAll(last);
        }
        return journeys;
    }

    /** The person's stream from the auditors' replay, as event ids in sequence order. */
    public List<String> storedStream(String personId) {
        List<String> ids = new ArrayList<>();
        long from = 0;
        while (true) {
            Http.Response page = getResponse(commandUrl.resolve("/api/v1/persons/" + personId + "/events?limit=1000&fromSequence=" + from));
            if (page.status() == 404 && from == 0) {
                return ids;
            }
            if (page.status() != 200) {
                throw new IllegalStateException("replay of " + personId + " answered " + page.status() + ": " + page.body());
            }
            for (JsonNode item : page.json().path("events")) {
                if (item.path("sequence").asLong() != ids.size()) {
                    throw new IllegalStateException("replay of " + personId + ": sequence " + item.path("sequence") + " at position " + ids.size());
                }
                ids.add(item.path("event").path("eventId").asText());
            }
            if (!page.json().has("nextFromSequence")) {
                return ids;
            }
            from = page.json().path("nextFromSequence").asLong();
        }
    }

    private static void withoutPersonalData(JsonNode node) {
        if (node instanceof ObjectNode object) {
            object.remove(List.of("personId", "whatMatters", "reason"));
        }
        node.forEach(Reconciliation::withoutPersonalData);
    }

    /** The person's journey on the query side, which knows people by their pseudonym only. */
    public JsonNode journey(String personId) {
        Http.Response response = getResponse(queryUrl.resolve("/api/v1/journeys/" + PSEUDONYMS.of(personId)));
        if (response.status() == 404) {
            return com.fasterxml.jackson.databind.node.JsonNodeFactory.instance.objectNode().put("eventsRecorded", 0);
        }
        if (response.status() != 200) {
            throw new IllegalStateException("journey of " + personId + " answered " + response.status() + ": " + abbreviate(response.body()));
        }
        return response.json();
    }

    private JsonNode get(URI uri) {
        Http.Response response = getResponse(uri);
        if (response.status() != 200) {
            throw new IllegalStateException(uri + " answered " + response.status() + ": " + abbreviate(response.body()));
        }
        return response.json();
    }

    private Http.Response getResponse(URI uri) {
        try {
            return http.get(uri, READ_TIMEOUT);
        } catch (IOException e) {
            throw new IllegalStateException(uri + ": " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** Four readers at a time: enough to be quick, few enough for two shared cores. */
    static <T> Map<String, T> parallel(Set<String> ids, Function<String, T> read, List<String> problems) {
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            Map<String, Future<T>> futures = new LinkedHashMap<>();
            ids.forEach(id -> futures.put(id, pool.submit(() -> read.apply(id))));
            Map<String, T> results = new LinkedHashMap<>();
            for (var f : futures.entrySet()) {
                try {
                    results.put(f.getKey(), f.getValue().get());
                } catch (Exception e) {
                    problem(problems, "reading " + f.getKey() + ": " + (e.getCause() != null ? e.getCause().getMessage() : e));
                }
            }
            return results;
        } finally {
            pool.shutdownNow();
        }
    }

    static void problem(List<String> problems, String what) {
        if (problems.size() < 50) {
            problems.add(what);
        }
    }

    static String abbreviate(String s) {
        return s.length() > 400 ? s.substring(0, 400) + "..." : s;
    }
}
