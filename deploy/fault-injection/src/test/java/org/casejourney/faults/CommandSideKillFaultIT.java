package org.casejourney.faults;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** Issue 5, scenario 1: the command side is killed with SIGKILL three times under load. */
@ExtendWith(SharedSystem.class)
class CommandSideKillFaultIT {

    static final int PEOPLE = 500;
    static final int EVENTS_EACH = 40;

    @Test
    void everyAcknowledgedEventIsStoredOnceInTheOrderSentThroughThreeKills() {
        LocalSystem system = SharedSystem.get();
        long started = System.nanoTime();
        EventPlan plan = new EventPlan("kill-cmd", EventPlan.people("kill-cmd", PEOPLE, EVENTS_EACH), Scenarios.start());
        // batches of 100 (10 people x 10 events); every 4th round one event per person through the single endpoint
        Load load = new Load(system.http(), plan, new Load.Settings(4, 100, 10, 4, 0, Duration.ofSeconds(20)),
                w -> system.commandUrl(), true).start();

        long total = plan.totalEvents();
        for (int kill = 1; kill <= 3; kill++) {
            Scenarios.awaitAcks(load, total * kill / 4, Duration.ofSeconds(180));
            assertThat(load.isComplete()).as("the load is still running at kill " + kill).isFalse();
            long pid = system.commandSide(0).pid();
            system.commandSide(0).kill9();
            System.out.printf("command-side-kill: kill -9 %d at %d acknowledged%n", pid, load.ackCount());
            system.startAgain(system.commandSide(0));
            system.awaitHealthy(system.commandSide(0));
        }
        assertThat(load.await(Duration.ofSeconds(240))).as("all events acknowledged").isTrue();

        Reconciliation.Result result = Scenarios.reconcileAndReport(system, "command-side-kill", List.of(load), started, true);
        assertThat(result.sent()).isEqualTo(PEOPLE * EVENTS_EACH);
        assertThat(load.outcomesStartingWith("single 201") + load.outcomesStartingWith("single 200")).as("single-endpoint acknowledgements").isPositive();
        Scenarios.assertClean(result, List.of(load));
        Scenarios.assertNo500(List.of(load));
    }
}
