package org.casejourney.standalone.benchmark;

import org.casejourney.events.PersonEvent;
import org.casejourney.standalone.Options;
import org.casejourney.standalone.generator.BatchPoster;
import org.casejourney.standalone.generator.JourneyGenerator;
import org.casejourney.standalone.launcher.LocalKeys;
import org.casejourney.standalone.launcher.StandaloneConfig;
import org.casejourney.standalone.launcher.StandaloneSystem;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

/**
 * {@code benchmark}: ingestion rates through both endpoints and the end-to-end lag, printed beside
 * the machine's own insert limits measured in the same run on the same PostgreSQL.
 */
public final class BenchmarkCommand {

    private static final Duration PHASE_LIMIT = Duration.ofMinutes(5);

    private BenchmarkCommand() {
    }

    public static String usage() {
        return """
                benchmark: events/s through the single-event and the batch endpoint, the end-to-end lag from
                acknowledgement to visible in the journey view (p50/p99), and beside them the machine's insert limits
                on the same PostgreSQL. Each phase stops after 5 minutes whatever its count.
                  --standalone            start a private standalone system on a temporary data dir and free ports
                  --command-url URL       running command side (default http://localhost:8080; localhost only)
                  --query-url URL         running query side (default http://localhost:8081; localhost only)
                  --jdbc-url URL          PostgreSQL for the reference inserts when not --standalone
                                          (default jdbc:postgresql://localhost:54329/postgres, the standalone default;
                                          user and password from CASEJOURNEY_DB_USER / CASEJOURNEY_DB_PASSWORD, default postgres)
                  --single-events N       events through the single-event endpoint (default 2000)
                  --clients N             concurrent single-event clients (default 4)
                  --batch-events N        events through the batch endpoint (default 50000)
                  --batch-size N          events per batch, at most 1000 (default 1000)
                  --batch-concurrency N   batches in flight (default 2)
                  --lag-samples N         end-to-end lag samples (default 200)
                """;
    }

    public static int run(List<String> args) throws Exception {
        Options options = Options.parse(args, Set.of("command-url", "query-url", "jdbc-url", "single-events", "clients",
                "batch-events", "batch-size", "batch-concurrency", "lag-samples"), Set.of("standalone", "help"));
        if (options.has("help")) {
            System.out.println(usage());
            return 0;
        }
        Settings settings = new Settings(options.positiveInt("single-events", 2000), options.positiveInt("clients", 4),
                options.positiveInt("batch-events", 50_000), options.positiveInt("batch-size", 1000),
                options.positiveInt("batch-concurrency", 2), options.positiveInt("lag-samples", 200));
        if (settings.batchSize() > BatchPoster.MAX_BATCH) {
            throw new Options.UsageException("--batch-size is at most " + BatchPoster.MAX_BATCH);
        }
        if (!options.has("standalone")) {
            String jdbcUrl = options.string("jdbc-url", "jdbc:postgresql://localhost:54329/postgres");
            if (!jdbcUrl.startsWith("jdbc:postgresql://localhost") && !jdbcUrl.startsWith("jdbc:postgresql://127.0.0.1")) {
                throw new Options.UsageException("--jdbc-url must point at localhost, got " + jdbcUrl);
            }
            StandaloneSystem.Database database = new StandaloneSystem.Database(jdbcUrl,
                    System.getenv().getOrDefault("CASEJOURNEY_DB_USER", "postgres"),
                    System.getenv().getOrDefault("CASEJOURNEY_DB_PASSWORD", "postgres"));
            return new BenchmarkRun(settings, options.localUrl("command-url", "http://localhost:8080"),
                    options.localUrl("query-url", "http://localhost:8081"), database, "running system",
                    LocalKeys.in(StandaloneConfig.fromEnvironment(System.getenv(), Path.of("").toAbsolutePath()).dataDir()).access()).execute();
        }
        Path dataDir = Files.createTempDirectory("casejourney-benchmark-");
        System.out.println("benchmark: starting a standalone system on " + dataDir + " (apps' output in " + dataDir.resolve("logs") + ")");
        StandaloneConfig fromEnv = StandaloneConfig.fromEnvironment(System.getenv(), Path.of("").toAbsolutePath());
        StandaloneConfig config = StandaloneConfig.isolated(dataDir)
                .withAppsDir(fromEnv.appsDir())
                .withJavaOptions(fromEnv.javaOptions())
                .withAppLogsToFiles(true);
        int code;
        try (StandaloneSystem system = StandaloneSystem.start(config)) {
            code = new BenchmarkRun(settings, system.commandUrl(), system.queryUrl(), system.scratchDatabase(),
                    "standalone, embedded PostgreSQL and in-process Kafka", system.keys().access()).execute();
        }
        if (code == 0) {
            deleteRecursively(dataDir);
        } else {
            System.out.println("benchmark: kept " + dataDir + " for its logs");
        }
        return code;
    }

    record Settings(int singleEvents, int clients, int batchEvents, int batchSize, int batchConcurrency, int lagSamples) {
    }

    /** One benchmark against one system: every phase, then the figures. */
    private record BenchmarkRun(Settings settings, URI commandUrl, URI queryUrl, StandaloneSystem.Database database, String system,
                                LocalKeys.Access access) {

        int execute() throws Exception {
            String run = "bench" + Long.toString(System.currentTimeMillis(), 36);
            Instant end = Instant.now().truncatedTo(ChronoUnit.SECONDS).minusSeconds(60);
            List<String> figures = new ArrayList<>();
            boolean clean = true;

            System.out.println("benchmark: reference inserts on " + database.url());
            List<ReferenceLimits.Rate> limits = List.of();
            try {
                limits = ReferenceLimits.measure(database);
            } catch (Exception e) {
                System.out.println("benchmark: reference inserts unavailable: " + e.getMessage());
            }

            System.out.println("benchmark: single-event endpoint, " + settings.singleEvents() + " events, " + settings.clients() + " clients");
            List<JourneyGenerator.Person> singlePeople = people(new JourneyGenerator(run + "-s", 1, end, 30), settings.singleEvents());
            SingleEventLoad.Result single = SingleEventLoad.run(commandUrl, access.recorder(), singlePeople, settings.clients(), PHASE_LIMIT);
            figures.add(String.format("single-event: %.0f events/s (%d clients, %d events, %d errors)",
                    single.rate(), single.clients(), single.ok(), single.errors()));
            single.problems().forEach(p -> figures.add("  error: " + p));
            clean &= single.errors() == 0;

            System.out.println("benchmark: batch endpoint, " + settings.batchEvents() + " events in batches of " + settings.batchSize());
            List<JourneyGenerator.Person> batchPeople = people(new JourneyGenerator(run + "-b", 2, end, 365), settings.batchEvents());
            BatchPoster.Packing packing = BatchPoster.pack(batchPeople, settings.batchSize());
            long batchStarted = System.nanoTime();
            BatchPoster.Outcome batch = new BatchPoster(commandUrl, settings.batchConcurrency(), access.recorder()).post(packing, PHASE_LIMIT);
            long lastAck = System.nanoTime();
            double batchSeconds = (lastAck - batchStarted) / 1e9;
            figures.add(String.format("batch: %.0f events/s (batches of up to %d, %d in flight, %d events, %d rejected%s)",
                    batch.answered() / batchSeconds, settings.batchSize(), settings.batchConcurrency(), batch.answered(), batch.rejected(),
                    batch.unsent() > 0 ? ", " + batch.unsent() + " unsent at the time limit" : ""));
            batch.problems().forEach(p -> figures.add("  rejected: " + p));
            clean &= batch.rejected() == 0 && batch.unsent() == 0;

            JourneyView view = new JourneyView(queryUrl, access);
            if (batch.unsent() > 0) {
                figures.add("catch-up: not measured, the batch phase stopped at its time limit");
            } else {
                System.out.println("benchmark: waiting for the journey view to catch up with the batch phase");
                long caughtUp = awaitCatchUp(view, batchPeople, lastAck + PHASE_LIMIT.toNanos());
                if (caughtUp > 0) {
                    figures.add(String.format("catch-up: journey view complete %.1f s after the last batch acknowledgement (%d events)",
                            (caughtUp - lastAck) / 1e9, packing.events()));
                } else {
                    figures.add("catch-up: journey view still behind " + PHASE_LIMIT.toMinutes() + " min after the last batch acknowledgement");
                    clean = false;
                }
            }

            System.out.println("benchmark: end-to-end lag, " + settings.lagSamples() + " samples");
            LagProbe.Result lag = LagProbe.run(commandUrl, access.recorder(), view, run, settings.lagSamples(), Duration.ofSeconds(30), PHASE_LIMIT);
            figures.add(String.format("end-to-end lag: p50 %.0f ms, p99 %.0f ms, max %.0f ms (%d samples, %d timeouts, %d errors; ack to visible in the journey view)",
                    lag.percentile(0.5), lag.percentile(0.99), lag.percentile(1.0), lag.lagsMillis().size(), lag.timeouts(), lag.errors()));
            clean &= lag.timeouts() == 0 && lag.errors() == 0;

            for (ReferenceLimits.Rate limit : limits) {
                figures.add(String.format("limit: %s: %.0f rows/s (%d rows, scratch table on the same PostgreSQL)",
                        limit.what(), limit.perSecond(), limit.rows()));
            }

            System.out.println();
            System.out.printf("casejourney benchmark, %s, %d cpus, %s %s, Java %s, %s%n", system, Runtime.getRuntime().availableProcessors(),
                    System.getProperty("os.name"), System.getProperty("os.version"), System.getProperty("java.version"), Instant.now().truncatedTo(ChronoUnit.SECONDS));
            figures.forEach(System.out::println);
            return clean ? 0 : 1;
        }

        /** Catch-up is judged on a sample of the batch's people, each of whom must show all of their events. */
        private static long awaitCatchUp(JourneyView view, List<JourneyGenerator.Person> people, long deadline) throws IOException, InterruptedException {
            int step = Math.max(1, people.size() / 20);
            long last = -1;
            for (int i = people.size() - 1; i >= 0; i -= step) {
                JourneyGenerator.Person person = people.get(i);
                last = view.awaitEvents(person.personId(), person.events().size(), deadline, 50);
                if (last < 0) {
                    return -1;
                }
            }
            return last;
        }
    }

    /** Whole people until {@code events} is reached, the last one cut short (a prefix of a stream is a valid stream). */
    static List<JourneyGenerator.Person> people(JourneyGenerator generator, int events) {
        List<JourneyGenerator.Person> people = new ArrayList<>();
        int total = 0;
        for (int i = 0; total < events; i++) {
            JourneyGenerator.Person person = generator.person(i);
            if (person.events().isEmpty()) {
                continue;
            }
            List<PersonEvent> taken = person.events().subList(0, Math.min(person.events().size(), events - total));
            people.add(new JourneyGenerator.Person(person.personId(), person.redesigned(), List.copyOf(taken)));
            total += taken.size();
        }
        return people;
    }

    private static void deleteRecursively(Path dir) {
        try (Stream<Path> paths = Files.walk(dir)) {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
