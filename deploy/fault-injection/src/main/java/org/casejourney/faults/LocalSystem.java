package org.casejourney.faults;

import org.casejourney.infrastructure.DatabaseRoles;
import org.casejourney.infrastructure.EmbeddedPostgresServer;
import org.casejourney.infrastructure.TestInfrastructure;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Stream;

/**
 * The real system on this machine, each part separately stoppable: embedded PostgreSQL and a KRaft
 * broker (child processes, on fixed ports so they can be restarted under the apps' feet), and the
 * command side(s) and query side as child JVMs.
 */
public final class LocalSystem implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(LocalSystem.class);
    public static final String EVENT_STORE = "casejourney_events";
    public static final String READ_MODEL = "casejourney_read";
    static final List<String> APP_JAVA_OPTIONS = List.of("-Xmx384m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1",
            "-Daxoniq.update-checker.disabled=true");
    public static final Duration START_TIMEOUT = Duration.ofSeconds(180);
    static final List<String> BROKER_JAVA_OPTIONS = List.of("-Xmx256m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1");

    private final Path dir;
    /** The superuser's, for the faults the tests inject; the apps connect as the test-only roles. */
    private final String superuserPassword = java.util.UUID.randomUUID().toString();
    private final int postgresPort;
    private final int kafkaPort;
    private final Path commandJar;
    private final Path queryJar;
    private final Http http = new Http();
    private EmbeddedPostgresServer postgres;
    private Process kafka;
    private final List<ChildApp> commandSides = new ArrayList<>();
    private ChildApp querySide;
    private final List<ChildApp> extraQuerySides = new ArrayList<>();

    private LocalSystem(Path dir, Path commandJar, Path queryJar) {
        this.dir = dir;
        this.postgresPort = freePort();
        this.kafkaPort = freePort();
        this.commandJar = commandJar;
        this.queryJar = queryJar;
    }

    /** Starts PostgreSQL, Kafka, one command side and the query side, and waits until both apps report UP. */
    public static LocalSystem start(Path dir) {
        Path apps = dir.resolve("apps");
        LocalSystem system = new LocalSystem(dir, copy(findJar("command-side"), apps), copy(findJar("query-side"), apps));
        try {
            system.startPostgres();
            system.prepareDatabases();
            system.startKafka();
            system.addCommandSide();
            system.querySide = system.app("query-side", system.queryJar, READ_MODEL);
            system.querySide.start();
            system.commandSide(0).awaitHealthy(system.http, START_TIMEOUT);
            system.querySide.awaitHealthy(system.http, START_TIMEOUT);
            log.info("System up in {}: PostgreSQL :{}, Kafka :{}, command side {}, query side {}", dir, system.postgresPort,
                    system.kafkaPort, system.commandSide(0).url(), system.querySide.url());
            return system;
        } catch (RuntimeException e) {
            system.close();
            throw e;
        }
    }

    /** Another command-side instance on its own port, on the same event store; started, not yet awaited. */
    public ChildApp addCommandSide() {
        ChildApp app = app("command-side-" + (commandSides.size() + 1), commandJar, EVENT_STORE);
        commandSides.add(app);
        app.start();
        return app;
    }

    /** Another query-side instance in the same consumer group, on the same read model; started, not yet awaited. */
    public ChildApp addQuerySide() {
        ChildApp app = app("query-side-" + (extraQuerySides.size() + 2), queryJar, READ_MODEL);
        extraQuerySides.add(app);
        app.start();
        return app;
    }

    /** Stops and forgets every query side after the first (a killed one is only forgotten). */
    public void removeExtraQuerySides() {
        while (!extraQuerySides.isEmpty()) {
            extraQuerySides.remove(extraQuerySides.size() - 1).stop(Duration.ofSeconds(30));
        }
    }

    private ChildApp app(String name, Path jar, String database) {
        Map<String, String> properties = new LinkedHashMap<>();
        properties.put("server.port", String.valueOf(freePort()));
        properties.put("spring.datasource.url", "jdbc:postgresql://127.0.0.1:" + postgresPort + "/" + database);
        properties.put("spring.datasource.username", TestInfrastructure.APP_ROLE);
        properties.put("spring.flyway.user", TestInfrastructure.OWNER_ROLE);
        properties.put("spring.kafka.bootstrap-servers", "localhost:" + kafkaPort);
        return new ChildApp(name, jar, Integer.parseInt(properties.get("server.port")), APP_JAVA_OPTIONS, properties,
                dir.resolve("logs").resolve(name + ".log"));
    }

    public void startPostgres() {
        postgres = EmbeddedPostgresServer.start(dir.resolve("postgres"), postgresPort, superuserPassword);
    }

    /** The roles and databases the apps use, as the launcher makes them (docs/security.md, Database roles). */
    private void prepareDatabases() {
        try (Connection superuser = postgres.connect("postgres")) {
            DatabaseRoles.ensureLogin(superuser, TestInfrastructure.OWNER_ROLE, TestInfrastructure.OWNER_PASSWORD);
            DatabaseRoles.ensureLogin(superuser, TestInfrastructure.APP_ROLE, TestInfrastructure.APP_PASSWORD);
            DatabaseRoles.grantMembership(superuser, TestInfrastructure.APP_ROLE, TestInfrastructure.OWNER_ROLE);
            DatabaseRoles.ensureNoLogin(superuser, "casejourney_analyst");
            for (String database : List.of(EVENT_STORE, READ_MODEL)) {
                postgres.createDatabaseIfAbsent(database);
                try (Connection inDatabase = postgres.connect(database)) {
                    DatabaseRoles.handOver(inDatabase, TestInfrastructure.OWNER_ROLE);
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException("could not prepare the databases", e);
        }
    }

    /** A new, empty database owned by the owner role, as a deployment's database administrator would make one. */
    public String createEmptyDatabase(String database) {
        postgres.createDatabaseIfAbsent(database);
        try (Connection inDatabase = postgres.connect(database)) {
            DatabaseRoles.handOver(inDatabase, TestInfrastructure.OWNER_ROLE);
        } catch (SQLException e) {
            throw new IllegalStateException("could not prepare " + database, e);
        }
        return "jdbc:postgresql://127.0.0.1:" + postgresPort + "/" + database;
    }

    /** The private copy of an app's jar this system runs ("command-side" or "query-side"). */
    public Path appJar(String module) {
        return module.equals("command-side") ? commandJar : queryJar;
    }

    /** A fast shutdown (pg_ctl stop -m fast): every open connection of the apps is cut. */
    public void stopPostgres() {
        postgres.close();
        postgres = null;
    }

    /** Starts the broker as a child JVM on its log directory and port, and waits until it listens. */
    public void startKafka() {
        Path logFile = dir.resolve("logs").resolve("kafka.log");
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(BROKER_JAVA_OPTIONS);
        command.addAll(List.of("-cp", System.getProperty("java.class.path"), BrokerProcess.class.getName(),
                dir.resolve("kafka").toString(), String.valueOf(kafkaPort)));
        try {
            Files.createDirectories(logFile.getParent());
            long logStart = Files.exists(logFile) ? Files.size(logFile) : 0;
            kafka = new ProcessBuilder(command).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(logFile.toFile())).start();
            long deadline = System.nanoTime() + Duration.ofSeconds(120).toNanos();
            while (!logSince(logFile, logStart).contains(BrokerProcess.READY)) {
                if (!kafka.isAlive() || System.nanoTime() > deadline) {
                    kafka.destroyForcibly();
                    throw new IllegalStateException("the broker did not start; see " + logFile);
                }
                ChildApp.sleep(100);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String logSince(Path logFile, long offset) throws IOException {
        byte[] all = Files.readAllBytes(logFile);
        return new String(all, (int) Math.min(offset, all.length), (int) Math.max(0, all.length - offset),
                java.nio.charset.StandardCharsets.UTF_8);
    }

    /** SIGTERM: the broker shuts down cleanly, as a planned stop would. */
    public void stopKafka() {
        kafka.destroy();
        awaitExit(kafka, Duration.ofSeconds(60));
        kafka = null;
    }

    /** SIGKILL: no controlled shutdown, no flush beyond what each append already flushed. */
    public void kill9Kafka() {
        kafka.destroyForcibly();
        awaitExit(kafka, Duration.ofSeconds(30));
        kafka = null;
    }

    public long kafkaPid() {
        return kafka.pid();
    }

    private static void awaitExit(Process process, Duration timeout) {
        try {
            if (!process.waitFor(timeout.toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS)) {
                process.destroyForcibly().waitFor();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    public String kafkaBootstrapServers() {
        return "localhost:" + kafkaPort;
    }

    public Connection connect(String database) throws SQLException {
        return DriverManager.getConnection("jdbc:postgresql://127.0.0.1:" + postgresPort + "/" + database,
                EmbeddedPostgresServer.USER, superuserPassword);
    }

    public ChildApp commandSide(int index) {
        return commandSides.get(index);
    }

    public List<ChildApp> commandSides() {
        return List.copyOf(commandSides);
    }

    /** Stops and forgets every command side after the first. */
    public void removeExtraCommandSides() {
        while (commandSides.size() > 1) {
            commandSides.remove(commandSides.size() - 1).stop(Duration.ofSeconds(30));
        }
    }

    public ChildApp querySide() {
        return querySide;
    }

    public URI commandUrl() {
        return commandSide(0).url();
    }

    public URI queryUrl() {
        return querySide.url();
    }

    public Http http() {
        return http;
    }

    public Path dir() {
        return dir;
    }

    @Override
    public synchronized void close() {
        List<ChildApp> apps = new ArrayList<>(commandSides);
        if (querySide != null) {
            apps.add(querySide);
        }
        apps.addAll(extraQuerySides);
        CompletableFuture.allOf(apps.stream().map(a -> CompletableFuture.runAsync(() -> a.stop(Duration.ofSeconds(30))))
                .toArray(CompletableFuture[]::new)).join();
        if (kafka != null) {
            quietly(this::stopKafka);
        }
        if (postgres != null) {
            quietly(postgres::close);
            postgres = null;
        }
    }

    /** After {@link #close()}: drops the databases, the broker log and the jar copies; the apps' logs stay. */
    public void deleteData() {
        for (String part : List.of("postgres", "kafka", "apps")) {
            Path root = dir.resolve(part);
            if (!Files.exists(root)) {
                continue;
            }
            try (Stream<Path> files = Files.walk(root)) {
                files.sorted(java.util.Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
            } catch (IOException e) {
                log.warn("could not delete {}: {}", root, e.toString());
            }
        }
    }

    private static void quietly(Runnable step) {
        try {
            step.run();
        } catch (RuntimeException e) {
            log.warn("while stopping: {}", e.toString());
        }
    }

    /** CASEJOURNEY_APPS_DIR, else the apps' target directories of this repository. */
    static Path findJar(String module) {
        String artifact = "casejourney-" + module + "-";
        List<Path> dirs = new ArrayList<>();
        Optional.ofNullable(System.getenv("CASEJOURNEY_APPS_DIR")).filter(s -> !s.isBlank()).map(Path::of).ifPresent(dirs::add);
        for (Path d = Path.of("").toAbsolutePath(); d != null; d = d.getParent()) {
            dirs.add(d.resolve(module).resolve("target"));
        }
        for (Path d : dirs) {
            if (Files.isDirectory(d)) {
                try (Stream<Path> files = Files.list(d)) {
                    Optional<Path> jar = files.filter(f -> f.getFileName().toString().startsWith(artifact)
                            && f.getFileName().toString().endsWith("-exec.jar")).findFirst();
                    if (jar.isPresent()) {
                        return jar.get();
                    }
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }
        }
        throw new IllegalStateException("no " + artifact + "*-exec.jar in " + dirs
                + "; build it: mvn -q -B -o -pl command-side,query-side package -DskipTests");
    }

    /** A private copy, so a rebuild of the apps during the run cannot pull a jar from under a running JVM. */
    private static Path copy(Path jar, Path to) {
        try {
            Files.createDirectories(to);
            return Files.copy(jar, to.resolve(jar.getFileName()), StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
