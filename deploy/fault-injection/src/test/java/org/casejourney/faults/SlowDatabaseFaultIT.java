package org.casejourney.faults;

import org.casejourney.infrastructure.supervisor.Supervisor;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.ExtendWith;

import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Issue 5, scenario 6: a slow database. A side JDBC client holds locks the command side's
 * statements wait on (its pool of 20 fills up), holds them past the 30 s statement_timeout, and
 * cuts the command side's connections in mid-transaction.
 */
@ExtendWith(SharedSystem.class)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class SlowDatabaseFaultIT {

    static Map<String, Long> duringTimeout;
    static Map<String, Long> duringCuts;

    /** operations.md: 5 s waiting for a pooled connection; 30 s statement_timeout. */
    static final Duration CONNECTION_TIMEOUT = Duration.ofSeconds(5);
    static final Duration STATEMENT_TIMEOUT = Duration.ofSeconds(30);
    static final Duration MARGIN = Duration.ofSeconds(3);
    /** 24 clients, one event per request, against a pool of 20. */
    static final Load.Settings MANY_CLIENTS = new Load.Settings(24, 1, 1, 1, 150, Duration.ofSeconds(60));
    /**
     * The same through the batch endpoint: each batch holds a connection while it waits, so a lock that
     * holds every statement exhausts the pool. (Single events wait in the group-commit queue instead, on
     * the group writer's connection, so they alone no longer exhaust it.)
     */
    static final Load.Settings MANY_BATCH_CLIENTS = new Load.Settings(24, 1, 1, 0, 150, Duration.ofSeconds(60));

    @Test
    @Order(1)
    void locksThatExhaustThePoolGiveClear503sWithinTheBoundAndTheServiceRecovers() throws Exception {
        LocalSystem system = SharedSystem.get();
        long started = System.nanoTime();
        Duration hold = Duration.ofSeconds(10);
        Load load = load(system, "slow-lock", 240, 10, MANY_BATCH_CLIENTS);
        Scenarios.awaitAcks(load, 400, Duration.ofSeconds(60));
        long from = load.clock();
        holdLock(system, hold);
        long to = load.clock();
        Map<String, Long> during = outcomes(load, from, to + MARGIN.toNanos() + CONNECTION_TIMEOUT.toNanos());
        Duration slowest = slowest(load, from, load.clock());
        assertThat(load.await(Duration.ofSeconds(120))).as("all events acknowledged").isTrue();
        System.out.printf("slow-lock: domain_event_entry locked %d s under 24 clients; answers meanwhile %s; slowest %d ms (bound %d s)%n",
                hold.toSeconds(), during, slowest.toMillis(), hold.plus(CONNECTION_TIMEOUT).plus(MARGIN).toSeconds());

        assertThat(during.keySet()).as("only acknowledgements or 503 store-unavailable problems").allMatch(o -> o.matches("batch (200|503 store-unavailable)"));
        assertThat(during).as("the exhausted pool answers 503 after its 5 s wait").containsKey("batch 503 store-unavailable");
        assertThat(slowest).isLessThanOrEqualTo(hold.plus(CONNECTION_TIMEOUT).plus(MARGIN));
        assertRecovered(system);
        Scenarios.assertClean(Scenarios.reconcileAndReport(system, "slow-lock", List.of(load), started, false), List.of(load));
    }

    @Test
    @Order(2)
    void aStatementHeldPastTheStatementTimeoutIsCancelledWithinTheBoundAndNothingIsLost() throws Exception {
        LocalSystem system = SharedSystem.get();
        long started = System.nanoTime();
        Duration hold = STATEMENT_TIMEOUT.plusSeconds(4);
        Load load = load(system, "slow-timeout", 240, 10);
        Scenarios.awaitAcks(load, 400, Duration.ofSeconds(60));
        long from = load.clock();
        holdLock(system, hold);
        Map<String, Long> during = outcomes(load, from, load.clock());
        Duration slowest = slowest(load, from, load.clock());
        assertThat(load.await(Duration.ofSeconds(120))).as("all events acknowledged").isTrue();
        System.out.printf("slow-timeout: domain_event_entry locked %d s (statement_timeout %d s); answers meanwhile %s; slowest %d ms (bound %d s)%n",
                hold.toSeconds(), STATEMENT_TIMEOUT.toSeconds(), during, slowest.toMillis(), STATEMENT_TIMEOUT.plus(MARGIN).toSeconds());

        duringTimeout = during;
        assertThat(slowest).isLessThanOrEqualTo(STATEMENT_TIMEOUT.plus(MARGIN));
        assertRecovered(system);
        Scenarios.assertClean(Scenarios.reconcileAndReport(system, "slow-timeout", List.of(load), started, false), List.of(load));
    }

    @Test
    @Order(3)
    void aStatementCancelledByTheStatementTimeoutIsAnswered503NotA500() {
        assumeTrue(duringTimeout != null, "the statement-timeout scenario ran");
        assertThat(duringTimeout.keySet()).as("only acknowledgements or 503 store-unavailable problems")
                .allMatch(o -> o.matches("single (20[01]|503 store-unavailable)"));
    }

    @Test
    @Order(4)
    void connectionsCutInMidTransactionLoseNothing() throws Exception {
        LocalSystem system = SharedSystem.get();
        long started = System.nanoTime();
        Load load = load(system, "cut-connections", 240, 10);
        Scenarios.awaitAcks(load, 400, Duration.ofSeconds(60));
        long from = load.clock();
        int cut = 0;
        for (int round = 0; round < 5; round++) {
            try (Connection c = system.connect(LocalSystem.EVENT_STORE); Statement s = c.createStatement();
                 var rs = s.executeQuery("select count(pg_terminate_backend(pid)) from pg_stat_activity "
                         + "where datname = '" + LocalSystem.EVENT_STORE + "' and pid <> pg_backend_pid() and state <> 'idle'")) {
                rs.next();
                cut += rs.getInt(1);
            }
            Supervisor.sleep(1000);
        }
        Map<String, Long> during = outcomes(load, from, load.clock() + MARGIN.toNanos());
        assertThat(load.await(Duration.ofSeconds(120))).as("all events acknowledged").isTrue();
        System.out.printf("cut-connections: %d busy connections of the command side terminated in 5 rounds; answers meanwhile %s%n", cut, during);

        assertThat(cut).as("connections cut in mid-work").isPositive();
        assertRecovered(system);
        duringCuts = during;
        Scenarios.assertClean(Scenarios.reconcileAndReport(system, "cut-connections", List.of(load), started, false), List.of(load));
    }

    @Test
    @Order(5)
    void aConnectionCutInMidTransactionIsAnswered503NotA500() {
        assumeTrue(duringCuts != null, "the cut-connections scenario ran");
        assertThat(duringCuts.keySet()).as("a cut connection is a 503 store-unavailable, never a 500")
                .allMatch(o -> o.matches("single (20[01]|503 store-unavailable)"));
    }

    private static Load load(LocalSystem system, String tag, int people, int eventsEach) {
        return load(system, tag, people, eventsEach, MANY_CLIENTS);
    }

    private static Load load(LocalSystem system, String tag, int people, int eventsEach, Load.Settings settings) {
        EventPlan plan = new EventPlan(tag, EventPlan.people(tag, people, eventsEach), Scenarios.start());
        return new Load(system.http(), plan, settings, w -> system.commandUrl(), true).start();
    }

    /** Takes an exclusive lock on the event table from a side connection and keeps it for {@code hold}. */
    private static void holdLock(LocalSystem system, Duration hold) throws Exception {
        try (Connection c = system.connect(LocalSystem.EVENT_STORE)) {
            c.setAutoCommit(false);
            try (Statement s = c.createStatement()) {
                s.execute("lock table domain_event_entry in access exclusive mode");
            }
            Supervisor.sleep(hold.toMillis());
            c.commit();
        }
    }

    private static Map<String, Long> outcomes(Load load, long from, long to) {
        Map<String, Long> outcomes = new TreeMap<>();
        load.samplesBetween(from, to).forEach(s -> outcomes.merge(s.outcome(), 1L, Long::sum));
        return outcomes;
    }

    private static Duration slowest(Load load, long from, long to) {
        return Duration.ofNanos(load.samplesBetween(from, to).stream().mapToLong(Load.Sample::latencyNanos).max().orElse(0));
    }

    private static void assertRecovered(LocalSystem system) {
        system.awaitHealthy(system.commandSide(0), Duration.ofSeconds(60));
        system.awaitHealthy(system.querySide(), Duration.ofSeconds(60));
    }
}
