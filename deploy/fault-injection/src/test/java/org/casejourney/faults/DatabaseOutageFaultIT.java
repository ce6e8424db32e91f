package org.casejourney.faults;

import org.casejourney.infrastructure.supervisor.Supervisor;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.ExtendWith;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/** Issue 5, scenario 4: PostgreSQL is stopped under load and started again; nobody touches the apps. */
@ExtendWith(SharedSystem.class)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class DatabaseOutageFaultIT {

    static Load load;

    static final Duration OUTAGE = Duration.ofSeconds(20);
    /** operations.md: a request waits at most hikari.connection-timeout (5 s) for a connection, then answers 503. */
    static final Duration BOUND = Duration.ofSeconds(5 + 3);

    @Test
    @Order(1)
    void theCommandSideAnswers503PromptlyReportsItAndRecoversByItselfLosingNothing() throws Exception {
        LocalSystem system = SharedSystem.get();
        long started = System.nanoTime();
        EventPlan plan = new EventPlan("pg-down", EventPlan.people("pg-down", 200, 20), Scenarios.start());
        load = new Load(system.http(), plan, new Load.Settings(4, 20, 2, 2, 100, Duration.ofSeconds(30)),
                w -> system.commandUrl(), true).start();
        Scenarios.awaitAcks(load, 800, Duration.ofSeconds(60));

        system.stopPostgres();
        long down = load.clock();
        Supervisor.sleep(2000);
        List<String> probes = new ArrayList<>();
        Http.Response health = probe(system, "/actuator/health", probes);
        Http.Response readiness = probe(system, "/actuator/health/readiness", probes);
        Http.Response liveness = probe(system, "/actuator/health/liveness", probes);
        Http.Response replay = probe(system, "/api/v1/persons/" + plan.people().get(0).id() + "/events", probes);
        Supervisor.sleep(Math.max(0, OUTAGE.toMillis() - (load.clock() - down) / 1_000_000));
        long up = load.clock();
        long restart = System.nanoTime();
        system.startPostgres();
        system.awaitHealthy(system.commandSide(0), Duration.ofSeconds(120));
        system.awaitHealthy(system.querySide(), Duration.ofSeconds(120));
        double recovery = (System.nanoTime() - restart) / 1e9;
        List<Load.Sample> outage = load.samplesBetween(down, up);
        Map<String, Long> outcomes = new TreeMap<>();
        outage.forEach(s -> outcomes.merge(s.outcome(), 1L, Long::sum));
        Load.Sample slowest = outage.stream().max(java.util.Comparator.comparingLong(Load.Sample::latencyNanos)).orElseThrow();
        System.out.printf("pg-down: database down %.1f s; %d requests ended meanwhile, slowest %.0f ms (bound %d s), outcomes %s; %s; "
                        + "health UP again %.1f s after the database returned%n", (up - down) / 1e9, outage.size(),
                slowest.latencyNanos() / 1e6, BOUND.toSeconds(), outcomes, probes, recovery);

        assertThat(load.await(Duration.ofSeconds(180))).as("all events acknowledged after recovery").isTrue();
        assertThat(outage).as("requests answered while the database was down").isNotEmpty();
        assertThat(outage).as("every request during the outage answered within " + BOUND.toSeconds() + " s")
                .allSatisfy(s -> assertThat(s.latencyNanos()).isLessThanOrEqualTo(BOUND.toNanos()));
        assertThat(outcomes.keySet()).as("failures during the outage are 503 store-unavailable problems")
                .allMatch(o -> o.matches("(single|batch) (20[01]|503 store-unavailable)"));
        assertThat(health.status()).isEqualTo(503);
        assertThat(health.json().path("components").path("db").path("status").asText()).isEqualTo("DOWN");
        assertThat(readiness.status()).isEqualTo(503);
        assertThat(liveness.status()).as("liveness: the process is fine, a restart would not help").isEqualTo(200);
        assertThat(replay.status()).isEqualTo(503);

        Reconciliation.Result result = Scenarios.reconcileAndReport(system, "pg-down", List.of(load), started, true);
        Scenarios.assertClean(result, List.of(load));
    }

    /** The requests whose transaction the stop cut: they must be 503 problems too, not 500. */
    @Test
    @Order(2)
    void noRequestCutByTheStopIsAnswered500() {
        assumeTrue(load != null, "the outage scenario ran");
        Scenarios.assertNo500(List.of(load));
    }

    private static Http.Response probe(LocalSystem system, String path, List<String> probes) throws Exception {
        Http.Response response = system.http().get(system.commandUrl().resolve(path), Duration.ofSeconds(30));
        probes.add(path + " " + response.status() + " in " + Math.round(response.millis()) + " ms");
        assertThat(response.nanos()).as(path + " answers within the bound").isLessThanOrEqualTo(BOUND.toNanos());
        return response;
    }
}
