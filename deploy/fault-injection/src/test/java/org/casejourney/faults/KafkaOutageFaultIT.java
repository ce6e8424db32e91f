package org.casejourney.faults;

import org.casejourney.infrastructure.supervisor.Supervisor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** Issue 5, scenario 2: the broker is down for 35 s while clients keep writing. */
@ExtendWith(SharedSystem.class)
class KafkaOutageFaultIT {

    static final Duration OUTAGE = Duration.ofSeconds(35);

    @Test
    void writesAreAcknowledgedThroughABrokerOutageAndTheQuerySideConvergesToTheSameFoldAndToARebuild() throws Exception {
        LocalSystem system = SharedSystem.get();
        long started = System.nanoTime();
        EventPlan plan = new EventPlan("kafka-down", EventPlan.people("kafka-down", 200, 25), Scenarios.start());
        // 100 events/s: the 5,000 events span the whole outage
        Load load = new Load(system.http(), plan, new Load.Settings(4, 20, 2, 3, 100, Duration.ofSeconds(20)),
                w -> system.commandUrl(), true).start();
        Scenarios.awaitAcks(load, 1000, Duration.ofSeconds(60));

        system.stopKafka();
        long down = load.clock();
        long ackedAtStop = load.ackCount();
        Supervisor.sleep(5000);
        Http.Response health = system.http().get(system.commandUrl().resolve("/actuator/health"), Duration.ofSeconds(10));
        Http.Response readiness = system.http().get(system.commandUrl().resolve("/actuator/health/readiness"), Duration.ofSeconds(10));
        Supervisor.sleep(OUTAGE.toMillis() - 5000);
        long ackedDuringOutage = load.ackCount() - ackedAtStop;
        List<Load.Sample> duringOutage = load.samplesBetween(down, load.clock());
        system.startKafka();
        System.out.printf("kafka-down: broker down %.1f s; %d events acknowledged meanwhile in %d requests, slowest %.0f ms, outcomes %s; "
                        + "health %d %s; readiness %d%n", (load.clock() - down) / 1e9, ackedDuringOutage, duringOutage.size(),
                duringOutage.stream().mapToLong(Load.Sample::latencyNanos).max().orElse(0) / 1e6,
                duringOutage.stream().map(Load.Sample::outcome).distinct().sorted().toList(),
                health.status(), health.json().path("components").path("kafka").path("status").asText(), readiness.status());

        assertThat(load.await(Duration.ofSeconds(180))).as("all events acknowledged").isTrue();
        assertThat(ackedDuringOutage).as("writes acknowledged while the broker was down").isGreaterThan(1000);
        assertThat(duringOutage).as("no request failed while the broker was down")
                .allSatisfy(s -> assertThat(s.outcome()).matches("(single 20[01]|batch 200)"));
        assertThat(health.status()).as("health reports the broker").isEqualTo(503);
        assertThat(health.json().path("components").path("kafka").path("status").asText()).isEqualTo("DOWN");
        assertThat(readiness.status()).as("readiness leaves Kafka out: writes are still accepted").isEqualTo(200);

        Reconciliation.Result result = Scenarios.reconcileAndReport(system, "kafka-down", List.of(load), started, true);
        Scenarios.assertClean(result, List.of(load));
        Scenarios.assertNo500(List.of(load));

        Scenarios.assertRebuildEqualsCommandSide(system, plan, "kafka-down");
    }
}
