package org.casejourney.faults;

import com.fasterxml.jackson.databind.JsonNode;
import org.casejourney.infrastructure.supervisor.Supervisor;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/** What every scenario does at its end: reconcile, print the one line, fail on any loss or duplicate. */
final class Scenarios {

    /** Every person's events occur in the last days, so none is in the future and none too old. */
    static Instant start() {
        return Instant.now().minus(20, ChronoUnit.DAYS);
    }

    static Reconciliation.Result reconcileAndReport(LocalSystem system, String scenario, List<Load> loads, long startedNanos,
                                                    boolean compareJourneys) {
        Reconciliation.Result result = new Reconciliation(system.http(), system.commandUrl(), system.queryUrl())
                .reconcile(scenario, loads, Duration.ofSeconds(120), compareJourneys);
        System.out.println(result.line());
        System.out.printf("%s: %.1f s; outcomes %s%n", scenario, (System.nanoTime() - startedNanos) / 1e9,
                loads.stream().map(Load::outcomes).flatMap(m -> m.entrySet().stream())
                        .collect(Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue, Long::sum, java.util.TreeMap::new)));
        loads.forEach(l -> l.anomalies().forEach(a -> System.out.println(scenario + " client anomaly: " + a)));
        result.problems().forEach(p -> System.out.println(scenario + " problem: " + p));
        return result;
    }

    static void assertClean(Reconciliation.Result result, List<Load> loads) {
        assertThat(result.problems()).as("reconciliation problems").isEmpty();
        assertThat(result.lost()).as("lost").isZero();
        assertThat(result.duplicated()).as("duplicated").isZero();
        assertThat(result.acked()).as("every event sent was acknowledged in the end").isEqualTo(result.sent());
        assertThat(result.stored()).as("stored").isEqualTo(result.acked());
        assertThat(result.projected()).as("projected").isEqualTo(result.stored());
        for (Load load : loads) {
            assertThat(load.anomalies().stream().filter(a -> !a.matches("(single|item) 500.*")))
                    .as("client anomalies of " + load.plan().clientTag()).isEmpty();
        }
    }

    /** Kept apart from {@link #assertClean}: a 500 loses nothing (the client retries), but the contract is a 503 problem. */
    static void assertNo500(List<Load> loads) {
        for (Load load : loads) {
            assertThat(load.outcomes()).as("answers to " + load.plan().clientTag())
                    .allSatisfy((outcome, count) -> assertThat(outcome).doesNotContain(" 500"));
        }
    }

    static void awaitAcks(Load load, long acks, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (load.ackCount() < acks && System.nanoTime() < deadline && !load.isComplete()) {
            Supervisor.sleep(50);
        }
        assertThat(load.ackCount()).as("acknowledgements reached during load").isGreaterThanOrEqualTo(Math.min(acks, load.plan().totalEvents()));
    }

    /**
     * Rebuilds the projection from the topic and asserts every planned person's journey then has all
     * their events and equals the command side's; prints the outcome under the scenario's name.
     */
    static void assertRebuildEqualsCommandSide(LocalSystem system, EventPlan plan, String scenario) throws Exception {
        Reconciliation reconciliation = new Reconciliation(system.http(), system.commandUrl(), system.queryUrl());
        long rebuildStarted = System.nanoTime();
        Optional<JsonNode> rebuild = new Projections(system.http(), system.queryUrl()).rebuild(Duration.ofSeconds(180));
        if (rebuild.isEmpty()) {
            System.out.println(scenario + ": this build has no rebuild endpoint; compared with the command side's fold only");
            return;
        }
        List<String> problems = Collections.synchronizedList(new ArrayList<>());
        Map<String, JsonNode> rebuilt = new LinkedHashMap<>();
        for (EventPlan.Person person : plan.people()) {
            rebuilt.put(person.id(), reconciliation.journey(person.id()));
            if (rebuilt.get(person.id()).path("eventsRecorded").asInt() != person.events()) {
                problems.add(person.id() + " has " + rebuilt.get(person.id()).path("eventsRecorded") + " events after the rebuild");
            }
        }
        reconciliation.compareWithCommandSide(rebuilt, problems);
        System.out.printf("%s: after a rebuild (%.1f s, %s) every journey equals the command side's: %s%n", scenario,
                (System.nanoTime() - rebuildStarted) / 1e9, rebuild.get().path("lastRebuild"), problems.isEmpty());
        problems.forEach(p -> System.out.println(scenario + " problem after rebuild: " + p));
        assertThat(problems).isEmpty();
    }
}
