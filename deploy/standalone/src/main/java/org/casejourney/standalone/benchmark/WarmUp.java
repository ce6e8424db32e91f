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
 * Load that is not counted, so that the command side has compiled a path before it is measured, and the compiling a
 * measured phase still saw. A fresh JVM on two cores compiles the batch path for minutes: its compiler threads took a
 * third of the command side's CPU through a minute of batches after four minutes of single events, and through the
 * measured batches after them (docs/performance.md, seventeenth pass). So the batches' warm-up goes on, a round at a
 * time, until a round spent under a fifth of its time compiling, and the phases say how much of theirs went to it.
 */
final class WarmUp {

    /** A round of warm-up batches that compiled for less than this share of its time ends the warm-up. */
    static final double SETTLED = 0.20;
    static final String COMPILING = "jvm_compilation_time_ms_total";
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
     * Rounds of batches like the measured ones (other people) for at least a quarter of {@code --warmup-seconds}, then
     * until a round compiled for less than {@link #SETTLED} of its time, or the whole of {@code --warmup-seconds} has
     * gone; a line for the notes saying how it ended.
     */
    String batches() {
        Duration least = Duration.ofSeconds(settings.warmupSeconds() / 4);
        Duration most = Duration.ofSeconds(Math.max(settings.warmupSeconds(), least.toSeconds()));
        out.println("benchmark: warming up (batches), " + least.toSeconds() + " s of batches, then until a round compiles under "
                + Math.round(SETTLED * 100) + "% of its time (at most " + most.toSeconds() + " s)");
        long started = System.nanoTime();
        double share = Double.NaN;
        int round = 0;
        while (true) {
            Compiling compiling = compiling();
            long roundStarted = System.nanoTime();
            long deadline = started + most.toNanos();
            new BatchPoster(target.commandUrl(), settings.batchConcurrency(), target.access().recorder())
                    .post(new BatchPoster.Packing(Contacts.overlapping(run + "-bw" + round++, settings.batchEvents(), settings.batchSize()), false),
                            Duration.ofNanos(Math.max(0, deadline - roundStarted)));
            share = compiling.share();
            long elapsed = System.nanoTime() - started;
            if (elapsed >= most.toNanos() || (elapsed >= least.toNanos() && !(share >= SETTLED))) {
                return String.format("batch warm-up: %d s, %d rounds of %,d events; the command side compiled for %s of the last",
                        Duration.ofNanos(elapsed).toSeconds(), round, settings.batchEvents(), percent(share));
            }
        }
    }

    /** The command side's compiling from now on, as a share of the time since. */
    Compiling compiling() {
        return new Compiling(compilingMillis(), System.nanoTime());
    }

    final class Compiling {
        private final double millisAtStart;
        private final long nanosAtStart;

        private Compiling(double millisAtStart, long nanosAtStart) {
            this.millisAtStart = millisAtStart;
            this.nanosAtStart = nanosAtStart;
        }

        /** Compile time (summed over the compiler threads) since the start, over the time since; NaN when not exported. */
        double share() {
            return (compilingMillis() - millisAtStart) / ((System.nanoTime() - nanosAtStart) / 1e6);
        }
    }

    static String percent(double share) {
        return Double.isNaN(share) ? "an unknown share (not exported)" : Math.round(share * 100) + "%";
    }

    /** The command side's accumulated compile time in ms (Micrometer's JVM metrics); NaN when it cannot be read. */
    private double compilingMillis() {
        URI url = target.commandUrl();
        try {
            return metrics.gauge(url, COMPILING);
        } catch (IOException e) {
            return Double.NaN;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Double.NaN;
        }
    }
}
