package org.casejourney.faults;

import org.casejourney.infrastructure.supervisor.Supervisor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Issue 5, scenario 7: the broker process is killed with SIGKILL under load and started again on
 * the same log: records in flight are lost by the broker unacknowledged or redelivered, never both.
 */
@ExtendWith(SharedSystem.class)
class BrokerKillFaultIT {

    static final Duration DOWN = Duration.ofSeconds(10);

    @Test
    void writesAreAcknowledgedThroughABrokerCrashAndTheQuerySideConvergesToTheSameFoldAndToARebuild() throws Exception {
        LocalSystem system = SharedSystem.get();
        long started = System.nanoTime();
        EventPlan plan = new EventPlan("broker-kill", EventPlan.people("broker-kill", 200, 15), Scenarios.start());
        // 100 events/s: the 3,000 events span the crash and the restart
        Load load = new Load(system.http(), plan, new Load.Settings(4, 20, 2, 3, 100, Duration.ofSeconds(20)),
                w -> system.commandUrl(), true).start();
        Scenarios.awaitAcks(load, 800, Duration.ofSeconds(60));

        long pid = system.kafkaPid();
        system.kill9Kafka();
        long down = load.clock();
        long ackedAtKill = load.ackCount();
        Supervisor.sleep(DOWN.toMillis());
        long restarting = System.nanoTime();
        system.startKafka();
        double restartSeconds = (System.nanoTime() - restarting) / 1e9;
        long ackedWhileDown = load.ackCount() - ackedAtKill;
        List<Load.Sample> whileDown = load.samplesBetween(down, load.clock());
        System.out.printf("broker-kill: kill -9 %d at %d acknowledged; broker down %.1f s (restart on the same log took %.1f s); "
                        + "%d events acknowledged meanwhile in %d requests, slowest %.0f ms, outcomes %s%n",
                pid, ackedAtKill, (load.clock() - down) / 1e9, restartSeconds, ackedWhileDown, whileDown.size(),
                whileDown.stream().mapToLong(Load.Sample::latencyNanos).max().orElse(0) / 1e6,
                whileDown.stream().map(Load.Sample::outcome).distinct().sorted().toList());

        assertThat(load.await(Duration.ofSeconds(120))).as("all events acknowledged").isTrue();
        assertThat(ackedWhileDown).as("writes acknowledged while the broker was down").isGreaterThan(300);
        assertThat(whileDown).as("no request failed while the broker was down")
                .allSatisfy(s -> assertThat(s.outcome()).matches("(single 20[01]|batch 200)"));

        Reconciliation.Result result = Scenarios.reconcileAndReport(system, "broker-kill", List.of(load), started, true);
        Scenarios.assertClean(result, List.of(load));
        Scenarios.assertNo500(List.of(load));

        Scenarios.assertRebuildEqualsCommandSide(system, plan, "broker-kill");
    }
}
