package org.casejourney.faults;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.casejourney.infrastructure.supervisor.Supervisor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** Issue 5, scenario 3: the query side is killed with SIGKILL three times while it consumes. */
@ExtendWith(SharedSystem.class)
class QuerySideKillFaultIT {

    @Test
    void theProjectionConvergesWithoutDoubleCountingAfterRepeatedKills() throws Exception {
        LocalSystem system = SharedSystem.get();
        long started = System.nanoTime();
        EventPlan plan = new EventPlan("kill-query", EventPlan.people("kill-query", 300, 30), Scenarios.start());
        Load load = new Load(system.http(), plan, new Load.Settings(4, 100, 10, 5, 120, Duration.ofSeconds(20)),
                w -> system.commandUrl(), true).start();

        List<String> resumes = new ArrayList<>();
        List<Double> afterHealthy = new ArrayList<>();
        for (int kill = 1; kill <= 3; kill++) {
            Scenarios.awaitAcks(load, plan.totalEvents() * kill / 4, Duration.ofSeconds(120));
            // mid-stream: this incarnation has started projecting
            double projected = awaitProjecting(system, Duration.ofSeconds(120));
            long pid = system.querySide().pid();
            system.querySide().kill9();
            System.out.printf("query-side-kill: kill -9 %d at %d acknowledged, %.0f projected by this incarnation%n",
                    pid, load.ackCount(), projected);
            long restartedAt = System.nanoTime();
            system.startAgain(system.querySide());
            system.awaitHealthy(system.querySide());
            long healthyAt = System.nanoTime();
            // what was published while it was down is waiting for it, so the counter moves once it has its partitions
            awaitProjecting(system, Duration.ofSeconds(120));
            long resumedAt = System.nanoTime();
            afterHealthy.add((resumedAt - healthyAt) / 1e9);
            resumes.add(String.format(Locale.ROOT, "%.1f s (healthy after %.1f s, then %.1f s)", (resumedAt - restartedAt) / 1e9,
                    (healthyAt - restartedAt) / 1e9, (resumedAt - healthyAt) / 1e9));
        }
        System.out.println("query-side-kill: projecting again after each restart: " + String.join(", ", resumes)
                + "; group members " + groupMembers(system));
        assertThat(afterHealthy).as("seconds from healthy to projecting: a restarted member with the same "
                + "group.instance.id gets its partitions back without waiting out the dead one's session (45 s)")
                .allSatisfy(s -> assertThat(s).isLessThan(20.0));
        assertThat(load.await(Duration.ofSeconds(180))).as("all events acknowledged").isTrue();

        Reconciliation.Result result = Scenarios.reconcileAndReport(system, "query-side-kill", List.of(load), started, true);
        Scenarios.assertClean(result, List.of(load));
        Scenarios.assertNo500(List.of(load));

        Scenarios.assertRebuildEqualsCommandSide(system, plan, "query-side-kill");
    }

    /** Each member of the journey projection's group as instance id (static membership) and client id. */
    static List<String> groupMembers(LocalSystem system) throws Exception {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, system.kafkaBootstrapServers()))) {
            return admin.describeConsumerGroups(List.of("casejourney-query")).all().get(10, TimeUnit.SECONDS)
                    .get("casejourney-query").members().stream()
                    .map(m -> m.groupInstanceId().orElse("(dynamic)") + " " + m.clientId()).sorted().toList();
        }
    }

    /** Polls the query side's projected counter until it moves; returns it. */
    static double awaitProjecting(LocalSystem system, Duration timeout) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            Http.Response metrics = system.http().get(system.queryUrl().resolve("/actuator/prometheus"), Duration.ofSeconds(10));
            String value = metric(metrics.body(), "casejourney_projection_projected_total");
            if (!value.equals("?") && Double.parseDouble(value) > 0) {
                return Double.parseDouble(value);
            }
            Supervisor.sleep(100);
        }
        throw new AssertionError("the query side projected nothing within " + timeout.toSeconds() + " s");
    }

    static String metric(String prometheus, String name) {
        return prometheus.lines().filter(l -> l.startsWith(name)).map(l -> l.substring(l.lastIndexOf(' ') + 1)).findFirst().orElse("?");
    }
}
