package org.casejourney.standalone.benchmark;

import org.casejourney.events.PersonEvent;
import org.casejourney.infrastructure.Directories;
import org.casejourney.standalone.Options;
import org.casejourney.standalone.generator.BatchPoster;
import org.casejourney.standalone.generator.JourneyGenerator;
import org.casejourney.standalone.launcher.LocalKeys;
import org.casejourney.standalone.launcher.StandaloneConfig;
import org.casejourney.standalone.launcher.StandaloneSystem;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * {@code benchmark}: the figures users judge the system by (ingestion, lag, projection, reads, a peer),
 * printed as one table, each beside the limit of this machine it is compared with, measured in the same run.
 */
public final class BenchmarkCommand {

    /** casejourney.ingestion.rate-limit.requests; 0 turns the per-client write limit off. */
    static final String WRITE_RATE_LIMIT_ENVIRONMENT = "CASEJOURNEY_INGESTION_RATELIMIT_REQUESTS";

    private BenchmarkCommand() {
    }

    public static String usage() {
        return """
                benchmark: one table of events/s through the single-event and the batch endpoint, acknowledgement to visible
                under a steady load, the projection's replay and rebuild, reads of a long journey and the same single-event
                load under Axon's defaults (the peer), each beside the limit it is compared with, measured in the same run on
                the same PostgreSQL and Kafka. Each phase stops after 5 minutes whatever its count; exit code 1 if any had errors.
                  --standalone            start a private standalone system on a temporary data dir and free ports
                                          (needed for the replay into an empty read model and the peer)
                  --command-url URL       running command side (default http://localhost:8080; localhost only); start it with
                                          CASEJOURNEY_INGESTION_RATELIMIT_REQUESTS=0, or the per-client write limit (1,000
                                          a second) answers part of the load 429
                  --query-url URL         running query side (default http://localhost:8081; localhost only)
                  --jdbc-url URL          PostgreSQL for the reference inserts when not --standalone
                                          (default jdbc:postgresql://127.0.0.1:54329/postgres, the standalone default;
                                          user and password from CASEJOURNEY_DB_USER / CASEJOURNEY_DB_PASSWORD, default postgres and keys.properties)
                  --event-store-url URL   the event store read back when not --standalone
                                          (default jdbc:postgresql://127.0.0.1:54329/casejourney_events)
                  --single-events N       events through the single-event endpoint (default 20000)
                  --warmup-seconds N      single-event load sent and not counted before each single-event phase, ours and
                                          the peer's, so both are measured with their code compiled, a quarter as long of
                                          batches before the batch phase, an eighth as long of lag probes before the lag's
                                          samples, and half as long of journey reads before the journey phase (default 240: on 2 cores
                                          the command side's C2 compiler is still busy for about 200 s)
                  --clients N             concurrent single-event clients, and connections of the many-connection limit (default 32)
                  --batch-events N        events through the batch endpoint (default 50000)
                  --batch-size N          events per batch, at most 1000 (default 1000)
                  --batch-concurrency N   batches in flight (default 4)
                  --lag-load N            background events/s while the lag is probed (default 500)
                  --lag-samples N         end-to-end lag samples, and Kafka round trips (default 200)
                  --projection-events N   events in the topic for the projection's replay and rebuild (default 1000000)
                  --journey-events N      events of the person whose journey is read (default 1000)
                  --journey-requests N    reads of that journey, each way (default 1000)
                  --peer-events N         single events under Axon's defaults (default: --single-events)
                  --phases LIST           only these phases, comma-separated, in the usual order (default: all of
                                          limits,single,batch,lag,journey,peer,projection; peer needs single)
                """;
    }

    record Settings(int singleEvents, int clients, int batchEvents, int batchSize, int batchConcurrency, int lagLoad, int lagSamples,
                    int projectionEvents, int journeyEvents, int journeyRequests, int peerEvents, int warmupSeconds, Set<String> phases) {

        static final List<String> ALL_PHASES = List.of("limits", "single", "batch", "lag", "journey", "peer", "projection");

        boolean runs(String phase) {
            return phases.contains(phase);
        }
    }

    public static int run(List<String> args) throws Exception {
        return run(args, System.out);
    }

    /** Runs the benchmark, printing progress and the table to {@code out}; the exit code. */
    public static int run(List<String> args, PrintStream out) throws Exception {
        Options options = Options.parse(args, Set.of("command-url", "query-url", "jdbc-url", "event-store-url", "single-events", "clients",
                "batch-events", "batch-size", "batch-concurrency", "lag-load", "lag-samples", "projection-events", "journey-events",
                "journey-requests", "peer-events", "warmup-seconds", "phases"), Set.of("standalone", "help"));
        if (options.has("help")) {
            out.println(usage());
            return 0;
        }
        int singleEvents = options.positiveInt("single-events", 20_000);
        Settings settings = new Settings(singleEvents, options.positiveInt("clients", 32),
                options.positiveInt("batch-events", 50_000), options.positiveInt("batch-size", 1000),
                options.positiveInt("batch-concurrency", 4), options.positiveInt("lag-load", 500), options.positiveInt("lag-samples", 200),
                options.positiveInt("projection-events", 1_000_000), options.positiveInt("journey-events", 1000),
                options.positiveInt("journey-requests", 1000), options.positiveInt("peer-events", singleEvents),
                options.positiveInt("warmup-seconds", 240), phases(options.string("phases", String.join(",", Settings.ALL_PHASES))));
        if (settings.batchSize() > BatchPoster.MAX_BATCH) {
            throw new Options.UsageException("--batch-size is at most " + BatchPoster.MAX_BATCH);
        }
        if (!options.has("standalone")) {
            return new BenchmarkRun(settings, runningSystem(options), out).execute();
        }
        Path dataDir = Files.createTempDirectory("casejourney-benchmark-");
        out.println("benchmark: starting a standalone system on " + dataDir + " (apps' output in " + dataDir.resolve("logs") + ")");
        StandaloneConfig fromEnv = StandaloneConfig.fromEnvironment(System.getenv(), Path.of("").toAbsolutePath());
        StandaloneConfig config = StandaloneConfig.isolated(dataDir)
                .withAppsDir(fromEnv.appsDir())
                .withJavaOptions(fromEnv.javaOptions())
                .withAppLogsToFiles(true)
                // the load is one client principal well past the per-client limit of writes a second a front-line system gets
                .withCommandSideEnvironment(Map.of(WRITE_RATE_LIMIT_ENVIRONMENT, "0"));
        int code;
        try (StandaloneSystem system = StandaloneSystem.start(config)) {
            code = new BenchmarkRun(settings, new BenchmarkRun.Target(system.commandUrl(), system.queryUrl(), system.scratchDatabase(),
                    system.eventStore(), system.kafkaBootstrapServers(), system.keys().access(), system,
                    "standalone, embedded PostgreSQL and in-process Kafka"), out).execute();
        }
        if (code == 0) {
            deleteRecursively(dataDir, out);
        } else {
            out.println("benchmark: kept " + dataDir + " for its logs");
        }
        return code;
    }

    private static Set<String> phases(String list) {
        Set<String> phases = new java.util.LinkedHashSet<>();
        for (String phase : list.split(",")) {
            String name = phase.trim();
            if (!Settings.ALL_PHASES.contains(name)) {
                throw new Options.UsageException("--phases takes names from " + String.join(",", Settings.ALL_PHASES) + ", got '" + name + "'");
            }
            phases.add(name);
        }
        return Set.copyOf(phases);
    }

    private static BenchmarkRun.Target runningSystem(Options options) {
        String jdbcUrl = localJdbcUrl(options, "jdbc-url", "jdbc:postgresql://127.0.0.1:54329/postgres");
        String eventStoreUrl = localJdbcUrl(options, "event-store-url", "jdbc:postgresql://127.0.0.1:54329/casejourney_events");
        LocalKeys keys = LocalKeys.in(StandaloneConfig.fromEnvironment(System.getenv(), Path.of("").toAbsolutePath()).dataDir());
        // the embedded PostgreSQL's superuser, whose password the launcher keeps with the other keys
        String user = System.getenv().getOrDefault("CASEJOURNEY_DB_USER", "postgres");
        String password = System.getenv().getOrDefault("CASEJOURNEY_DB_PASSWORD", keys.databasePassword("superuser"));
        LocalKeys.Access access = keys.access();
        return new BenchmarkRun.Target(options.localUrl("command-url", "http://localhost:8080"), options.localUrl("query-url", "http://localhost:8081"),
                new StandaloneSystem.Database(jdbcUrl, user, password, null, null), new StandaloneSystem.Database(eventStoreUrl, user, password, null, null),
                null, access, null, "running system");
    }

    private static String localJdbcUrl(Options options, String name, String fallback) {
        String url = options.string(name, fallback);
        if (!url.startsWith("jdbc:postgresql://localhost") && !url.startsWith("jdbc:postgresql://127.0.0.1")) {
            throw new Options.UsageException("--" + name + " must point at localhost, got " + url);
        }
        return url;
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

    /** The figures are printed by now: a directory that cannot be removed is reported, not a failed run. */
    private static void deleteRecursively(Path dir, PrintStream out) {
        try {
            Directories.deleteTree(dir);
        } catch (IOException e) {
            out.println("benchmark: could not delete " + dir + ": " + e);
        }
    }
}
