package org.casejourney.faults;

import com.fasterxml.jackson.databind.node.ObjectNode;
import org.casejourney.events.EventJson;
import org.casejourney.infrastructure.supervisor.ChildJvm;
import org.casejourney.infrastructure.supervisor.Supervisor;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.ExtendWith;

import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CyclicBarrier;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/** Issue 5, scenario 5: two command-side instances on one event store, two clients writing to the same people at once. */
@ExtendWith(SharedSystem.class)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class TwoCommandSidesFaultIT {

    static List<Load> loads;
    static Map<String, Long> races;

    @AfterAll
    static void backToOneInstance() {
        SharedSystem.get().removeExtraCommandSides();
    }

    @Test
    @Order(1)
    void twoInstancesWritingToTheSamePeopleLoseNothingAndKeepEachClientsOrder() throws Exception {
        LocalSystem system = SharedSystem.get();
        long started = System.nanoTime();
        ChildJvm second = system.addCommandSide();
        system.awaitHealthy(second);
        URI first = system.commandUrl();
        URI other = second.url();

        // the same 100 people, two clients: A through the first instance, B through the second
        List<EventPlan.Person> people = EventPlan.people("two-writers", 100, 30);
        EventPlan planA = new EventPlan("two-a", people, Scenarios.start());
        EventPlan planB = new EventPlan("two-b", people, Scenarios.start());
        Load.Settings settings = new Load.Settings(3, 40, 4, 3, 0, Duration.ofSeconds(20));
        Load a = new Load(system.http(), planA, settings, w -> first, true).start();
        Load b = new Load(system.http(), planB, settings, w -> other, true).start();
        assertThat(a.await(Duration.ofSeconds(180))).as("client A all acknowledged").isTrue();
        assertThat(b.await(Duration.ofSeconds(180))).as("client B all acknowledged").isTrue();

        // the same event sent at the same moment through both instances: stored once, one 201 and one 200
        loads = List.of(a, b);
        races = new TreeMap<>();
        List<String> raceProblems = new ArrayList<>();
        for (int n = 0; n < 30; n++) {
            String person = String.format("two-race-p%03d", n);
            ObjectNode event = planA.event(person, 0);
            List<Integer> statuses = postTogether(system.http(), List.of(first, other), person, EventJson.write(event));
            races.merge(statuses.stream().sorted().toList().toString(), 1L, Long::sum);
            List<String> stream = new Reconciliation(system.http(), first, system.queryUrl()).storedStream(person);
            if (!stream.equals(List.of(event.path("eventId").asText()))) {
                raceProblems.add(person + " stored " + stream);
            }
            if (!statuses.contains(201)) {
                raceProblems.add(person + " answered " + statuses);
            }
        }

        // a reused id with other content is a conflict on either instance
        ObjectNode changed = planA.event(people.get(0).id(), 0);
        changed.put("whatMatters", "something else entirely");
        changed.put("type", "ContactRecorded");
        int conflictFirst = system.http().post(first.resolve("/api/v1/persons/" + people.get(0).id() + "/events"),
                EventJson.write(changed), Duration.ofSeconds(20)).status();
        int conflictOther = system.http().post(other.resolve("/api/v1/persons/" + people.get(1).id() + "/events"),
                EventJson.write(planA.event(people.get(0).id(), 0)), Duration.ofSeconds(20)).status();

        Reconciliation.Result result = Scenarios.reconcileAndReport(system, "two-command-sides", List.of(a, b), started, true);
        System.out.printf("two-command-sides: concurrent-write 503s retried: A %d, B %d; same event through both at once (30 times): %s; "
                        + "reused id with other content: %d, for another person: %d%n",
                a.outcomesStartingWith("single 503 concurrent-write") + a.outcomesStartingWith("item 503 concurrent-write"),
                b.outcomesStartingWith("single 503 concurrent-write") + b.outcomesStartingWith("item 503 concurrent-write"),
                races, conflictFirst, conflictOther);
        raceProblems.forEach(p -> System.out.println("two-command-sides race problem: " + p));
        Scenarios.assertClean(result, List.of(a, b));
        assertThat(raceProblems).isEmpty();
        assertThat(conflictFirst).isEqualTo(409);
        assertThat(conflictOther).isEqualTo(409);
    }

    /** A concurrent append from the other instance is reloaded and retried, or answered 503 concurrent-write; never 500. */
    @Test
    @Order(2)
    void aConcurrentAppendFromTheOtherInstanceIsRetriedOrAnswered503NeverA500() {
        assumeTrue(loads != null, "the two-writer scenario ran");
        assertThat(races.keySet()).as("the same event through both instances at once").allMatch(r -> r.equals("[200, 201]"));
        Scenarios.assertNo500(loads);
    }

    /** Posts the same body to each instance from its own thread, released together; retries a 503 like a client. */
    private static List<Integer> postTogether(Http http, List<URI> instances, String person, String body) throws Exception {
        CyclicBarrier barrier = new CyclicBarrier(instances.size());
        List<CompletableFuture<Integer>> answers = new ArrayList<>();
        for (URI instance : instances) {
            answers.add(CompletableFuture.supplyAsync(() -> {
                try {
                    barrier.await();
                    int status = 0;
                    for (int attempt = 0; attempt < 5; attempt++) {
                        status = http.post(instance.resolve("/api/v1/persons/" + person + "/events"), body, Duration.ofSeconds(20)).status();
                        if (status != 503) {
                            break;
                        }
                        Supervisor.sleep(100);
                    }
                    return status;
                } catch (Exception e) {
                    return -1;
                }
            }));
        }
        List<Integer> statuses = new ArrayList<>();
        for (CompletableFuture<Integer> answer : answers) {
            statuses.add(answer.get());
        }
        return statuses;
    }
}
