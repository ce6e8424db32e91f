package org.casejourney.standalone.benchmark;

import org.casejourney.standalone.generator.BatchPoster;
import org.casejourney.standalone.generator.JourneyGenerator;
import org.casejourney.standalone.launcher.LocalKeys;
import org.casejourney.standalone.launcher.StandaloneSystem;

import java.io.PrintStream;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.casejourney.standalone.benchmark.ResultTable.number;
import static org.casejourney.standalone.benchmark.ResultTable.share;
import static org.casejourney.standalone.benchmark.ResultTable.times;

/** One benchmark against one system: every phase in turn, each bounded in time, then the table. */
final class BenchmarkRun {

    static final Duration PHASE_LIMIT = Duration.ofMinutes(5);
    static final String PEER_ENVIRONMENT = "CASEJOURNEY_INGESTION_AXONDEFAULTS";
    private static final String NOT_MEASURED = "n/a";

    /** What the run talks to; {@code system} is null for a running system, which cannot be restarted. */
    record Target(URI commandUrl, URI queryUrl, StandaloneSystem.Database scratch, StandaloneSystem.Database eventStore,
                  String kafkaBootstrapServers, LocalKeys.Access access, StandaloneSystem system, String description) {
    }

    private final BenchmarkCommand.Settings settings;
    private final Target target;
    private final PrintStream out;
    private final ResultTable table = new ResultTable();
    private final List<String> notes = new ArrayList<>();
    private final String run = "bench" + Long.toString(System.currentTimeMillis(), 36);
    private final Instant end = Instant.now().truncatedTo(ChronoUnit.SECONDS).minusSeconds(60);
    private boolean clean = true;
    private boolean commandSideIsPeer;
    private final WarmUp warmUp;

    BenchmarkRun(BenchmarkCommand.Settings settings, Target target, PrintStream out) {
        this.settings = settings;
        this.target = target;
        this.out = out;
        this.warmUp = new WarmUp(settings, target, run, end, out);
    }

    int execute() {
        Instant started = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        String loadBefore = MachineInfo.loadAverage();
        ReferenceLimits.Inserts limits = settings.runs("limits")
                ? phase("reference inserts on " + target.scratch().url(), this::limits) : null;
        SingleEventLoad.Result single = settings.runs("single")
                ? phase("single-event endpoint, " + settings.singleEvents() + " events, " + settings.clients() + " clients", () -> singleEvents(limits))
                : null;
        if (settings.runs("batch")) {
            phase("batch endpoint, " + settings.batchEvents() + " events over overlapping people", () -> batches(limits));
        }
        if (settings.runs("lag")) {
            phase("acknowledgement to visible at " + settings.lagLoad() + " events/s, " + settings.lagSamples() + " samples", this::lag);
        }
        if (settings.runs("journey")) {
            phase("journey of a person with " + settings.journeyEvents() + " events", this::journey);
        }
        // the peer before the projection's load, so both single-event figures are taken on an event store of about one size
        if (settings.runs("peer")) {
            phase("peer: " + settings.peerEvents() + " single events under Axon's defaults", () -> peer(single));
        }
        if (settings.runs("projection")) {
            phase("projection replay and rebuild of about " + settings.projectionEvents() + " events", this::projection);
        }

        out.println();
        out.printf("casejourney benchmark, %s to %s, %s, %d cpus, load average %s at start and %s at end, %s, Java %s%n",
                started, Instant.now().truncatedTo(ChronoUnit.SECONDS), commits(), Runtime.getRuntime().availableProcessors(),
                loadBefore, MachineInfo.loadAverage(), target.description(), System.getProperty("java.version"));
        out.println();
        table.print(out);
        if (!notes.isEmpty()) {
            out.println();
            notes.forEach(out::println);
        }
        return clean ? 0 : 1;
    }

    private interface Phase<T> {
        T run() throws Exception;
    }

    /** Runs one phase; a phase that throws counts as an error and gets a row saying so in place of its figures. */
    private <T> T phase(String what, Phase<T> phase) {
        out.println("benchmark: " + what);
        try {
            return phase.run();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        } catch (Exception e) {
            clean = false;
            notes.add("error in phase '" + what + "': " + e);
            table.add(what, "failed (see below)", "", "", NOT_MEASURED);
            return null;
        }
    }

    private void error(String note) {
        clean = false;
        notes.add(note);
    }

    private ReferenceLimits.Inserts limits() throws Exception {
        return ReferenceLimits.measure(target.scratch(), settings.clients());
    }

    private SingleEventLoad.Result singleEvents(ReferenceLimits.Inserts limits) throws Exception {
        warmUp.singleEvents("casejourney");
        List<JourneyGenerator.Person> people = BenchmarkCommand.people(new JourneyGenerator(run + "-s", 1, end, 30), settings.singleEvents());
        WarmUp.Compiling compiling = warmUp.compiling();
        SingleEventLoad.Result single = SingleEventLoad.run(target.commandUrl(), target.access().recorder(), people, settings.clients(), PHASE_LIMIT);
        notes.add(compiling.note("single-event ingest", "the command side"));
        double one = limits == null ? Double.NaN : limits.oneConnection().perSecond();
        double many = limits == null ? Double.NaN : limits.manyConnections().perSecond();
        String figure = String.format("%s events/s, %s (%,d events, %,d errors)", number(single.rate()), single.latencies().p50p99(), single.ok(), single.errors());
        table.add("single-event ingest, " + settings.clients() + " clients", figure, "one-row commits, 1 connection", number(one) + " rows/s", share(single.rate(), one));
        table.add("", "", "one-row commits, " + settings.clients() + " connections", number(many) + " rows/s", share(single.rate(), many));
        if (single.errors() > 0 || single.ok() < settings.singleEvents()) {
            error("single-event ingest: " + single.errors() + " errors, " + (settings.singleEvents() - single.ok()) + " events not acknowledged " + single.problems());
        }
        return single;
    }

    private Void batches(ReferenceLimits.Inserts limits) {
        int people = 2 * Contacts.groupSize(settings.batchSize());
        notes.add(warmUp.batches());
        List<List<BatchPoster.Item>> batches = Contacts.overlapping(run + "-b", settings.batchEvents(), settings.batchSize());
        WarmUp.Compiling compiling = warmUp.compiling();
        long started = System.nanoTime();
        BatchPoster.Outcome outcome = new BatchPoster(target.commandUrl(), settings.batchConcurrency(), target.access().recorder())
                .post(new BatchPoster.Packing(batches, false), PHASE_LIMIT);
        double rate = (outcome.accepted() + outcome.duplicates()) / ((System.nanoTime() - started) / 1e9);
        notes.add(compiling.note("batch ingest", "the command side"));
        double limit = limits == null ? Double.NaN : limits.batched().perSecond();
        table.add(String.format("batch ingest, %,d a request, %d in flight, %,d people, %d contacts each a batch, in every other batch",
                        settings.batchSize(), settings.batchConcurrency(), people, Contacts.PER_PERSON),
                String.format("%s events/s (%,d events, %,d errors%s)", number(rate), outcome.answered(), outcome.rejected(),
                        outcome.unsent() > 0 ? ", " + outcome.unsent() + " unsent at the time limit" : ""),
                "JDBC batches of " + ReferenceLimits.BATCH + ", reWriteBatchedInserts", number(limit) + " rows/s", share(rate, limit));
        if (outcome.rejected() > 0 || outcome.unsent() > 0) {
            error("batch ingest: " + outcome.rejected() + " rejected, " + outcome.unsent() + " unsent " + outcome.problems());
        }
        return null;
    }

    /** The benchmark's own commit, and the apps' when it started them (the apps of a running system are not known here). */
    private String commits() {
        var jars = target.system() == null ? null : target.system().appJars();
        return MachineInfo.commit() + (jars == null ? "" : " (" + MachineInfo.appsCommit(jars.commandSide(), jars.querySide()) + ")");
    }

    private Void lag() throws Exception {
        new LagPhase(settings, target, run, out, table, notes, this::error).run();
        return null;
    }

    private Void journey() throws Exception {
        String personId = run + "-long";
        JourneyView view = new JourneyView(target.queryUrl(), target.access());
        long deadline = System.nanoTime() + PHASE_LIMIT.toNanos();
        if (!JourneyReads.load(target.commandUrl(), target.access().recorder(), view, personId, settings.journeyEvents(), deadline)) {
            error("journey: the person's " + settings.journeyEvents() + " events were not all stored and visible within the time limit");
        }
        Duration readsWarmUp = Duration.ofSeconds(settings.warmupSeconds() / 2);
        out.println("benchmark: warming up (journey reads), " + readsWarmUp.toSeconds() + " s of both kinds of read");
        JourneyReads.Result reads = JourneyReads.measure(target.commandUrl(), target.queryUrl(), target.access(), personId,
                settings.journeyRequests(), readsWarmUp, deadline);
        String paced = String.format("one at a time, at most %d a second", JourneyReads.READS_PER_SECOND);
        table.add(String.format("journey view, a person with %,d events", settings.journeyEvents()),
                String.format("%s (%,d requests, %s)", reads.view().p50p99(), reads.view().count(), paced), "", "", "");
        table.add("auditor's replay of the same person",
                String.format("%s (%,d requests, %s, pages of 1,000)", reads.replay().p50p99(), reads.replay().count(), paced), "", "", "");
        if (reads.errors() > 0) {
            error("journey reads: " + reads.errors() + " errors, e.g. " + reads.problem());
        }
        return null;
    }

    private Void projection() throws Exception {
        if (commandSideIsPeer) {
            out.println("benchmark: restarting the command side as configured (the peer's settings off)");
            target.system().restartCommandSide(Map.of(BenchmarkCommand.WRITE_RATE_LIMIT_ENVIRONMENT, "0"));
            commandSideIsPeer = false;
        }
        Projections projections = new Projections(target.queryUrl(), target.access().admin());
        topUpTopic(projections.read());
        // the catch-up has its own time limit: loading a million events alone can take most of a phase's
        if (projections.awaitCaughtUp(System.nanoTime() + PHASE_LIMIT.toNanos()) == null) {
            error("projection: the live projection had not caught up within the time limit");
        }
        Projections.Replay replay = null;
        if (target.system() != null) {
            out.println("benchmark: restarting the query side on an empty read model");
            target.system().restartQuerySideOnEmptyDatabase("casejourney_read_replay");
            WarmUp.Compiling compiling = warmUp.compiling(target.queryUrl());
            replay = projections.awaitCaughtUp(System.nanoTime() + PHASE_LIMIT.toNanos());
            notes.add(compiling.note("replay", "the query side"));
            if (replay == null) {
                error("projection: the replay into an empty read model had not caught up within the time limit");
            }
        }
        if (target.system() != null) {
            // the bar is a rebuild from a fresh JVM: after the replay, this one has compiled the shared code and grown its heap
            out.println("benchmark: restarting the query side, so that the rebuild runs in a fresh JVM");
            target.system().restartQuerySide();
        }
        out.println("benchmark: rebuilding the projection");
        WarmUp.Compiling compiling = warmUp.compiling(target.queryUrl());
        Projections.Rebuild rebuild = projections.rebuild(System.nanoTime() + PHASE_LIMIT.toNanos());
        notes.add(compiling.note("rebuild", "the query side"));
        if (rebuild.failure() != null) {
            error("projection rebuild: " + rebuild.failure());
        }
        ReferenceLimits.Rate readBack = ReferenceLimits.readBack(target.eventStore());
        String readBackLimit = number(readBack.perSecond()) + String.format(" rows/s (%,d rows)", readBack.rows());
        String beside = "keyset read-back of the event table, pages of 1,000";
        table.add("live projection replaying into an empty schema",
                replay == null ? (target.system() == null ? "not measured (needs --standalone)" : NOT_MEASURED)
                        : String.format("%s events/s (%,d records; %,d applied before the first look)", number(replay.perSecond()),
                        replay.records() - replay.appliedAtFirstLook(), replay.appliedAtFirstLook()),
                beside, readBackLimit, replay == null ? NOT_MEASURED : share(replay.perSecond(), readBack.perSecond()));
        table.add(target.system() != null ? "full rebuild of the same, in a freshly started query side" : "full rebuild of the same",
                String.format("%s events/s (%,d records)", number(rebuild.perSecond()), rebuild.records()),
                beside, readBackLimit, share(rebuild.perSecond(), readBack.perSecond()));
        return null;
    }

    /** Posts generated journeys until the topic holds about {@code --projection-events} records. */
    private void topUpTopic(Projections.Listing now) throws Exception {
        long inTopic = now.applied() + (now.lag() == null ? 0 : now.lag());
        int topUp = (int) Math.max(0, settings.projectionEvents() - inTopic);
        if (topUp > 0) {
            out.println("benchmark: loading " + topUp + " more events (generated journeys) so the topic holds about " + settings.projectionEvents());
            List<JourneyGenerator.Person> people = BenchmarkCommand.people(new JourneyGenerator(run + "-p", 3, end, 365), topUp);
            BatchPoster.Outcome loaded = new BatchPoster(target.commandUrl(), 2, target.access().recorder())
                    .post(BatchPoster.pack(people, BatchPoster.MAX_BATCH), PHASE_LIMIT);
            if (loaded.rejected() > 0 || loaded.unsent() > 0) {
                error("projection load: " + loaded.rejected() + " rejected, " + loaded.unsent() + " unsent " + loaded.problems());
            }
        }
    }

    private Void peer(SingleEventLoad.Result ours) throws Exception {
        if (target.system() == null) {
            table.add("peer: single-event ingest under Axon's defaults", "not measured (needs --standalone)", "", "", NOT_MEASURED);
            return null;
        }
        out.println("benchmark: restarting the command side with " + PEER_ENVIRONMENT + "=true");
        target.system().restartCommandSide(Map.of(PEER_ENVIRONMENT, "true", BenchmarkCommand.WRITE_RATE_LIMIT_ENVIRONMENT, "0"));
        commandSideIsPeer = true;
        warmUp.singleEvents("peer");
        List<JourneyGenerator.Person> people = BenchmarkCommand.people(new JourneyGenerator(run + "-peer", 1, end, 30), settings.peerEvents());
        SingleEventLoad.Result peer = SingleEventLoad.run(target.commandUrl(), target.access().recorder(), people, settings.clients(), PHASE_LIMIT);
        double ourRate = ours == null ? Double.NaN : ours.rate();
        table.add("peer: single-event ingest under Axon's defaults, " + settings.clients() + " clients",
                String.format("%s events/s, %s (%,d events, %,d errors)", number(peer.rate()), peer.latencies().p50p99(), peer.ok(), peer.errors()),
                "casejourney, single-event ingest above", number(ourRate) + " events/s",
                "casejourney/peer " + times(ourRate, peer.rate()));
        if (peer.errors() > 0 || peer.ok() < settings.peerEvents()) {
            error("peer: " + peer.errors() + " errors, " + (settings.peerEvents() - peer.ok()) + " events not acknowledged " + peer.problems());
        }
        return null;
    }
}
