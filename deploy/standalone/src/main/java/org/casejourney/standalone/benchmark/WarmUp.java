package org.casejourney.standalone.benchmark;

import org.casejourney.standalone.generator.BatchPoster;
import org.casejourney.standalone.generator.JourneyGenerator;

import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * Load that is not counted, so that the command side has compiled a path before it is measured, and how much compiling
 * a measured phase still saw (Micrometer's {@code jvm_compilation_time_ms_total} of the app, over the phase's time). A
 * fresh JVM on two cores compiles for minutes: the command side's compiler threads still took about a third of its CPU
 * through the measured batches after four minutes of single events and one of batches (docs/performance.md, seventeenth
 * pass), so the notes under the table say how much each measured phase compiled.
 */
final class WarmUp {

    private static final String COMPILING = "jvm_compilation_time_ms_total";
    /** Enough events that the single events' warm-up runs out of time, not of events, on any machine this runs on. */
    private static final int SINGLE_EVENTS = 500_000;

    private final BenchmarkCommand.Settings settings;
    private final BenchmarkRun.Target target;
    private final String run;
    private final Instant end;
    private final PrintStream out;
    private final StageTimers metrics = new StageTimers();

    WarmUp(BenchmarkCommand.Settings settings, BenchmarkRun.Target target, String run, Instant end, PrintStream out) {
        this.settings = settings;
        this.target = target;
        this.run = run;
        this.end = end;
        this.out = out;
    }

    /** {@code --warmup-seconds} of single events from the benchmark's clients. */
    void singleEvents(String tag) throws InterruptedException {
        out.println("benchmark: warming up (" + tag + "), " + settings.warmupSeconds() + " s of single events");
        List<JourneyGenerator.Person> people = BenchmarkCommand.people(new JourneyGenerator(run + "-w" + tag, 4, end, 30), SINGLE_EVENTS);
        SingleEventLoad.run(target.commandUrl(), target.access().recorder(), people, settings.clients(), Duration.ofSeconds(settings.warmupSeconds()));
    }

    /**
     * Rounds of batches like the measured ones (other people) for a quarter of {@code --warmup-seconds}; a line for the
     * notes saying how much of the last round went to compiling. Going on until that share fell (tried on 2026-12-07,
     * docs/performance.md, seventeenth pass) did not make the measured batches faster beyond the run-to-run spread, and
     * the extra rounds' events lengthened the projection phase's replay.
     */
    String batches() {
        Duration warmUp = Duration.ofSeconds(settings.warmupSeconds() / 4);
        out.println("benchmark: warming up (batches), " + warmUp.toSeconds() + " s of batches");
        long deadline = System.nanoTime() + warmUp.toNanos();
        double share = Double.NaN;
        int round = 0;
        while (System.nanoTime() < deadline) {
            Compiling compiling = compiling();
            new BatchPoster(target.commandUrl(), settings.batchConcurrency(), target.access().recorder())
                    .post(new BatchPoster.Packing(Contacts.overlapping(run + "-bw" + round++, settings.batchEvents(), settings.batchSize()), false),
                            Duration.ofNanos(Math.max(0, deadline - System.nanoTime())));
            share = compiling.share();
        }
        if (round == 0) {
            return "batch warm-up: none (a quarter of --warmup-seconds is under a second)";
        }
        return String.format("batch warm-up: %d rounds of %,d events; the command side's compiler threads were busy for %s of the last one's time", round,
                settings.batchEvents(), percent(share));
    }

    /** The command side's compiling from now on, as a share of the time since. */
    Compiling compiling() {
        return compiling(target.commandUrl());
    }

    /** The compiling of the app at {@code app} from now on, as a share of the time since. */
    Compiling compiling(URI app) {
        return new Compiling(this, app, compilingMillis(app), System.nanoTime());
    }

    /** The app's accumulated compile time (ms) when a phase started, to be read against it at the phase's end. */
    record Compiling(WarmUp from, URI app, double millisAtStart, long nanosAtStart) {

        /** Compile time (summed over the compiler threads) since the start, over the time since; NaN when not exported. */
        double share() {
            return (from.compilingMillis(app) - millisAtStart) / ((System.nanoTime() - nanosAtStart) / 1e6);
        }

        /** A line for the notes: how busy {@code app}'s compiler threads were since the start of {@code phase}. */
        String note(String phase, String appName) {
            return phase + ": " + appName + "'s compiler threads were busy for " + percent(share()) + " of its time (summed over them)";
        }
    }

    static String percent(double share) {
        return Double.isNaN(share) ? "an unknown share (its jvm_compilation_time_ms_total could not be read)" : Math.round(share * 100) + "%";
    }

    /** The app's accumulated compile time in ms (Micrometer's JVM metrics); NaN when it cannot be read. */
    private double compilingMillis(URI app) {
        try {
            return metrics.gauge(app, COMPILING);
        } catch (IOException e) {
            return Double.NaN;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Double.NaN;
        }
    }
}
