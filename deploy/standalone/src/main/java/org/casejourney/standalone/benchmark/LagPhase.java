package org.casejourney.standalone.benchmark;

import org.casejourney.standalone.generator.BatchPoster;

import java.io.IOException;
import java.io.PrintStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

import static org.casejourney.standalone.benchmark.BenchmarkRun.PHASE_LIMIT;
import static org.casejourney.standalone.benchmark.ResultTable.number;
import static org.casejourney.standalone.benchmark.ResultTable.times;

/**
 * Acknowledgement to visible: a Kafka round trip on the system's broker as the limit; then, once the projection has
 * applied what earlier phases left, a paced background load, probes not counted while the journey view's path
 * compiles, and the counted probes, with the apps' own stage timers read around them.
 */
final class LagPhase {

    /** The stages' timers each app keeps (docs/operations.md, "Metrics"). */
    private static final List<String> PUBLISH_TIMERS = List.of("casejourney.publish.delay");
    private static final List<String> PROJECTION_TIMERS = List.of("casejourney.projection.delay", "casejourney.projection.batch");

    private final BenchmarkCommand.Settings settings;
    private final BenchmarkRun.Target target;
    private final String run;
    private final PrintStream out;
    private final ResultTable table;
    private final List<String> notes;
    private final Consumer<String> error;
    private final StageTimers stages = new StageTimers();

    LagPhase(BenchmarkCommand.Settings settings, BenchmarkRun.Target target, String run, PrintStream out, ResultTable table,
             List<String> notes, Consumer<String> error) {
        this.settings = settings;
        this.target = target;
        this.run = run;
        this.out = out;
        this.table = table;
        this.notes = notes;
        this.error = error;
    }

    void run() throws Exception {
        Latencies kafka = kafkaRoundTrip();
        awaitEarlierPhases();
        JourneyView view = new JourneyView(target.queryUrl(), target.access());
        LagProbe.Result lag;
        PacedLoad load = new PacedLoad(target.commandUrl(), target.access().recorder(), run + "-load", settings.lagLoad()).start();
        List<StageTimers.Reading> before;
        try {
            Thread.sleep(2000);
            warmUp(view);
            before = stageReadings();
            lag = LagProbe.run(target.commandUrl(), target.access().recorder(), view, run, settings.lagSamples(), Duration.ofSeconds(30), PHASE_LIMIT);
        } finally {
            load.close();
        }
        List<StageTimers.Reading> after = stageReadings();
        report(lag, load, kafka);
        if (before != null && after != null) {
            notes.add("note: while the lag was probed, the apps' own timers: recorded to Kafka's acknowledgement (command side: the group "
                    + "commit, then the publisher) " + after.get(0).since(before.get(0)).summary()
                    + "; Kafka to the commit of the applying batch (query side) " + after.get(1).since(before.get(1)).summary()
                    + "; a live batch " + after.get(2).since(before.get(2)).summary());
        }
    }

    private Latencies kafkaRoundTrip() {
        if (target.kafkaBootstrapServers() == null) {
            return null;
        }
        try {
            return KafkaRoundTrip.measure(target.kafkaBootstrapServers(), Math.max(20, settings.lagSamples()), Duration.ofMinutes(1));
        } catch (Exception e) {
            notes.add("Kafka round trip not measured: " + e);
            return null;
        }
    }

    /**
     * A steady state: whatever earlier phases stored is published (the command side's {@code casejourney.publish.lag}
     * at 0), then applied and folded (the projection's lag and unfolded people at 0), before the probe starts. Waiting
     * for the projection alone was not enough: once it applied faster than the publisher published, it reached the
     * topic's end while the batch phase's events were still being published, and the first probes waited behind them
     * (docs/benchmarks.md, 2026-12-05 19:27).
     */
    private void awaitEarlierPhases() throws IOException, InterruptedException {
        long waited = System.nanoTime();
        long deadline = waited + PHASE_LIMIT.toNanos();
        double unpublished = stages.gauge(target.commandUrl(), "casejourney_publish_lag_events");
        double atFirstLook = unpublished;
        while (unpublished > 0 && System.nanoTime() < deadline) {
            Thread.sleep(500);
            unpublished = stages.gauge(target.commandUrl(), "casejourney_publish_lag_events");
        }
        if (unpublished > 0) {
            notes.add(String.format("note: %,.0f events of earlier phases were still unpublished when the lag was probed", unpublished));
        } else if (atFirstLook > 0) {
            notes.add(String.format("note: before the lag was probed the command side published the last %,.0f events of earlier phases in %s s",
                    atFirstLook, number((System.nanoTime() - waited) / 1e9)));
        }
        long published = System.nanoTime(); // the projection's catch-up is timed from here, not from the publisher's wait
        Projections.Replay caughtUp = new Projections(target.queryUrl(), target.access().admin()).awaitCaughtUp(deadline);
        if (caughtUp == null) {
            notes.add("note: the projection had not caught up with earlier phases within the time limit when the lag was probed");
        } else if (caughtUp.records() > caughtUp.appliedAtFirstLook()) {
            notes.add(String.format("note: before the lag was probed the projection applied the last %,d records of earlier phases in %s s",
                    caughtUp.records() - caughtUp.appliedAtFirstLook(), number((System.nanoTime() - published) / 1e9)));
        }
    }

    /**
     * The journey view is first read in this phase: probes not counted while its path compiles (on 2 cores the first
     * seconds of probes were the slowest in every run, docs/performance.md).
     */
    private void warmUp(JourneyView view) throws IOException, InterruptedException {
        Duration warmUp = Duration.ofSeconds(settings.warmupSeconds() / 8);
        if (!warmUp.isZero()) {
            out.println("benchmark: warming up (lag probe), " + warmUp.toSeconds() + " s of probes under the load");
            LagProbe.run(target.commandUrl(), target.access().recorder(), view, run + "-warm", Integer.MAX_VALUE, Duration.ofSeconds(30), warmUp);
        }
    }

    private void report(LagProbe.Result lag, PacedLoad load, Latencies kafka) {
        BatchPoster.Outcome background = load.outcome();
        double lagP50 = lag.percentile(0.5);
        table.add(String.format("ack to visible in the journey view, under %,d events/s", settings.lagLoad()),
                String.format("p50 %s ms, p99 %s ms (%,d samples, %d timeouts, %d errors; load ran at %s events/s, %,d errors, %,d ticks skipped of 100 ms)",
                        number(lagP50), number(lag.percentile(0.99)), lag.lagsMillis().size(), lag.timeouts(), lag.errors(),
                        number(load.rate()), background.rejected(), load.skipped()),
                kafka != null ? "a local Kafka round trip (produce, consume)" : "target",
                kafka != null ? kafka.p50p99() : "250 ms",
                kafka != null ? "p50 " + times(lagP50, kafka.percentile(0.5)) : times(lagP50, 250));
        if (!lag.slowest().isEmpty()) {
            notes.add("note: the slowest acknowledgement-to-visible samples: " + String.join(", ", lag.slowest()));
        }
        if (load.rate() < 0.9 * settings.lagLoad()) {
            notes.add(String.format("note: the background load reached %s of the %,d events/s asked, so the lag was measured under less load",
                    number(load.rate()), settings.lagLoad()));
        }
        if (lag.timeouts() > 0 || lag.errors() > 0 || background.rejected() > 0) {
            error.accept("lag: " + lag.timeouts() + " timeouts, " + lag.errors() + " errors; background load " + background.rejected()
                    + " rejected " + background.problems());
        }
    }

    /** Both apps' stage timers (publishing, then the projection's), or null with a note when they cannot be read. */
    private List<StageTimers.Reading> stageReadings() throws InterruptedException {
        try {
            List<StageTimers.Reading> readings = new ArrayList<>(stages.read(target.commandUrl(), PUBLISH_TIMERS));
            readings.addAll(stages.read(target.queryUrl(), PROJECTION_TIMERS));
            return readings;
        } catch (IOException e) {
            notes.add("note: the apps' stage timers could not be read: " + e.getMessage());
            return null;
        }
    }
}
