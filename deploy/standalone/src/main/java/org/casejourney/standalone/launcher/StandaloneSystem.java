package org.casejourney.standalone.launcher;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.casejourney.infrastructure.EmbeddedPostgresServer;
import org.casejourney.infrastructure.InProcessKafkaBroker;
import org.casejourney.infrastructure.OwnerOnly;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * The whole system on one machine: PostgreSQL and Kafka (embedded unless configured), then both
 * apps as child processes from their runnable jars, started in that order and stopped in reverse.
 */
public final class StandaloneSystem implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(StandaloneSystem.class);
    private static final Duration STOP_GRACE = Duration.ofSeconds(30);
    private static final ObjectMapper JSON = new ObjectMapper();

    /** Where one app's data lives: the app's login, and the owner's that runs the migrations (null: the app's environment names it). */
    public record Database(String url, String user, String password, String owner, String ownerPassword) {
        @Override
        public String toString() {
            return url;
        }
    }

    private final StandaloneConfig config;
    private final PidFile pids;
    private final List<AppProcess> apps = new CopyOnWriteArrayList<>();
    private final CompletableFuture<String> unexpectedExit = new CompletableFuture<>();
    private final HttpClient http = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(2))
            .build();
    private FileChannel lockChannel;
    private FileLock lock;
    private EmbeddedPostgresServer postgres;
    private EmbeddedDatabases databases;
    private InProcessKafkaBroker kafka;
    private Database eventStore;
    private Database readModel;
    private String kafkaBootstrapServers;
    private AppJars jars;
    private LocalIdentityProvider signIn;
    private URI webAppUrl;
    private URI commandSideUrl;
    private volatile boolean closing;
    private boolean closed;

    StandaloneSystem(StandaloneConfig config) {
        this.config = config;
        this.pids = new PidFile(config.dataDir().resolve("pids"));
    }

    /** Starts everything and returns once both apps report UP; on failure stops what had started and throws. */
    public static StandaloneSystem start(StandaloneConfig config) {
        StandaloneSystem system = new StandaloneSystem(config);
        try {
            system.startAll();
            return system;
        } catch (RuntimeException e) {
            system.close();
            throw e;
        }
    }

    void startAll() {
        Path dataDir = config.dataDir();
        try {
            OwnerOnly.restrict(dataDir); // keys, database, topic and logs: this user's alone
            if (Files.exists(dataDir.resolve(LocalKeys.FILE))) {
                Files.setPosixFilePermissions(dataDir.resolve(LocalKeys.FILE), PosixFilePermissions.fromString("rw-------"));
            }
        } catch (UnsupportedOperationException e) {
            log.debug("No POSIX permissions on {}", dataDir);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create the data directory " + dataDir, e);
        }
        lockDataDirectory();
        pids.stopLeftovers(STOP_GRACE);
        jars = AppJars.locate(config.appsDir(), Path.of("").toAbsolutePath());
        Set<Integer> taken = new HashSet<>();
        int commandPort = appPort(config.commandPort(), "CASEJOURNEY_COMMAND_PORT", taken);
        int queryPort = appPort(config.queryPort(), "CASEJOURNEY_QUERY_PORT", taken);
        int signInPort = appPort(config.signInPort(), "CASEJOURNEY_SIGNIN_PORT", taken);
        webAppUrl = URI.create("http://localhost:" + queryPort);
        commandSideUrl = URI.create("http://localhost:" + commandPort);
        signIn = LocalIdentityProvider.start(signInPort, keys(), webAppUrl);

        if (config.needsEmbeddedPostgres()) {
            ensureNotClosing();
            log.info("Starting embedded PostgreSQL in {}", dataDir.resolve("postgres"));
            postgres = EmbeddedPostgresServer.start(dataDir.resolve("postgres"), config.postgresPort(), keys().databasePassword("superuser"));
            databases = new EmbeddedDatabases(postgres, keys());
        }
        eventStore = database(config.eventStoreUrl(), StandaloneConfig.EVENT_STORE_DATABASE, true);
        readModel = database(config.readModelUrl(), StandaloneConfig.READ_MODEL_DATABASE, false);
        if (config.kafkaBootstrapServers() != null) {
            kafkaBootstrapServers = config.kafkaBootstrapServers();
        } else {
            ensureNotClosing();
            log.info("Starting the in-process Kafka broker in {}", dataDir.resolve("kafka"));
            kafka = InProcessKafkaBroker.start(dataDir.resolve("kafka"), config.kafkaPort());
            kafkaBootstrapServers = kafka.bootstrapServers();
        }

        startApp("command-side", jars.commandSide(), commandPort, eventStore, Map.of());
        startApp("query-side", jars.querySide(), queryPort, readModel, Map.of());
        awaitHealthy(apps, System.nanoTime() + config.startTimeout().toNanos());
    }

    /** Stops the command side and starts it again on its port with {@code extraEnvironment} added; returns once it is UP. */
    public void restartCommandSide(Map<String, String> extraEnvironment) {
        restart("command-side", jars.commandSide(), eventStore, extraEnvironment);
    }

    /**
     * Stops the query side and starts it again on its port on a new, empty database of the embedded
     * PostgreSQL, so its projection replays the whole topic; returns once it is UP.
     */
    public void restartQuerySideOnEmptyDatabase(String databaseName) {
        if (postgres == null || config.readModelUrl() != null) {
            throw new IllegalStateException("an empty read model needs the embedded PostgreSQL");
        }
        readModel = databases.forApp(databaseName, false);
        restart("query-side", jars.querySide(), readModel, Map.of());
    }

    private synchronized void restart(String name, Path jar, Database database, Map<String, String> extraEnvironment) {
        if (closing) {
            throw new IllegalStateException("stopped");
        }
        AppProcess old = app(name);
        apps.remove(old);
        old.stop(STOP_GRACE);
        startApp(name, jar, old.port(), database, extraEnvironment);
        awaitHealthy(List.of(app(name)), System.nanoTime() + config.startTimeout().toNanos());
    }

    /** Ctrl-C during start-up: whatever has not started yet must not start after the shutdown hook ran. */
    private void ensureNotClosing() {
        if (closing) {
            throw new IllegalStateException("stopped while starting");
        }
    }

    /** Two launchers on one data directory would corrupt each other's database and stop each other's apps. */
    private void lockDataDirectory() {
        Path lockFile = config.dataDir().resolve("launcher.lock");
        try {
            lockChannel = FileChannel.open(lockFile, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
            lock = lockChannel.tryLock();
        } catch (OverlappingFileLockException e) {
            lock = null;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot lock " + lockFile, e);
        }
        if (lock == null) {
            throw new IllegalStateException("Another launcher is running on " + config.dataDir()
                    + "; stop it first or set CASEJOURNEY_DATA_DIR to another directory.");
        }
    }

    private Database database(String externalUrl, String embeddedName, boolean commandSide) {
        if (externalUrl != null) {
            if (config.dbUser() == null || config.dbPassword() == null) {
                throw new IllegalStateException("An external database (" + externalUrl + ") needs CASEJOURNEY_DB_USER and CASEJOURNEY_DB_PASSWORD"
                        + " (the apps' role) and SPRING_FLYWAY_USER and SPRING_FLYWAY_PASSWORD (the owner role that migrates); there are no defaults.");
            }
            // the owner's login comes from SPRING_FLYWAY_USER/PASSWORD in the launcher's environment, which the apps inherit
            return new Database(externalUrl, config.dbUser(), config.dbPassword(), null, null);
        }
        return databases.forApp(embeddedName, commandSide);
    }

    private static int appPort(int configured, String setting, Set<Integer> taken) {
        if (configured > 0) {
            try (ServerSocket probe = new ServerSocket(configured)) {
                probe.setReuseAddress(true);
            } catch (IOException e) {
                throw new IllegalStateException("Port " + configured + " is already in use; free it or set " + setting + ".");
            }
            taken.add(configured);
            return configured;
        }
        for (int attempt = 0; attempt < 20; attempt++) {
            try (ServerSocket socket = new ServerSocket(0)) {
                if (taken.add(socket.getLocalPort())) {
                    return socket.getLocalPort();
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        throw new IllegalStateException("no free port found");
    }

    private void startApp(String name, Path jar, int port, Database database, Map<String, String> extraEnvironment) {
        ensureNotClosing();
        Map<String, String> properties = new LinkedHashMap<>();
        properties.put("server.port", String.valueOf(port));
        properties.put("spring.datasource.url", database.url());
        properties.put("spring.datasource.username", database.user());
        if (database.owner() != null) {
            properties.put("spring.flyway.user", database.owner());
        }
        properties.put("spring.kafka.bootstrap-servers", kafkaBootstrapServers);
        Path logFile = config.appLogsToFiles() ? config.dataDir().resolve("logs").resolve(name + ".log") : null;
        log.info("Starting {} on port {} from {}", name, port, jar);
        Map<String, String> environment = new LinkedHashMap<>(keys().environment(name.equals("command-side")));
        environment.put("SPRING_DATASOURCE_PASSWORD", database.password());
        if (database.owner() != null) {
            environment.put("SPRING_FLYWAY_PASSWORD", database.ownerPassword());
        }
        if (name.equals("command-side")) {
            // the web application's auditor view reads the command side from the query side's page
            environment.put("CASEJOURNEY_SECURITY_CORSALLOWEDORIGINS", webAppUrl.toString());
            environment.putAll(config.commandSideEnvironment());
        } else {
            environment.put("CASEJOURNEY_WEB_OIDCISSUER", signIn.issuer().toString());
            environment.put("CASEJOURNEY_WEB_LOCALSIGNIN", "true");
            environment.put("CASEJOURNEY_WEB_COMMANDSIDEURL", commandSideUrl.toString());
        }
        environment.putAll(extraEnvironment);
        AppProcess app = AppProcess.start(name, jar, port, config.javaOptions(), properties, environment, logFile);
        apps.add(app);
        pids.write(apps.stream().map(a -> PidFile.Entry.of(a.name(), a.process().toHandle())).toList());
        app.process().onExit().thenAccept(process -> {
            if (!closing && apps.contains(app)) {
                unexpectedExit.complete(name + " (pid " + process.pid() + ") exited unexpectedly with code " + process.exitValue()
                        + (app.logFile() != null ? "; its output is in " + app.logFile() : ""));
            }
        });
    }

    private void awaitHealthy(List<AppProcess> starting, long deadline) {
        List<AppProcess> waiting = new ArrayList<>(starting);
        while (!waiting.isEmpty()) {
            if (unexpectedExit.isDone()) {
                throw new IllegalStateException(unexpectedExit.join());
            }
            waiting.removeIf(this::isUp);
            if (waiting.isEmpty()) {
                return;
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException(waiting.stream().map(AppProcess::name).toList() + " not healthy at "
                        + waiting.stream().map(a -> a.baseUrl() + "/actuator/health").toList() + " after " + config.startTimeout().toSeconds()
                        + " s (set CASEJOURNEY_START_TIMEOUT_SECONDS to wait longer)");
            }
            try {
                Thread.sleep(500);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while waiting for the apps to start", e);
            }
        }
    }

    private boolean isUp(AppProcess app) {
        try {
            HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(app.baseUrl() + "/actuator/health"))
                    .timeout(Duration.ofSeconds(5)).GET().build(), HttpResponse.BodyHandlers.ofString());
            return response.statusCode() == 200 && "UP".equals(JSON.readTree(response.body()).path("status").asText());
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** The system's own token key, pseudonym key and master key (DATA_DIR/keys.properties). */
    public LocalKeys keys() {
        return LocalKeys.in(config.dataDir());
    }

    public URI commandUrl() {
        return app("command-side").baseUrl();
    }

    /** The local identity provider's issuer URL. */
    public URI signInUrl() {
        return signIn.issuer();
    }

    public URI queryUrl() {
        return app("query-side").baseUrl();
    }

    private AppProcess app(String name) {
        return apps.stream().filter(a -> a.name().equals(name)).findFirst().orElseThrow();
    }

    public Path dataDir() {
        return config.dataDir();
    }

    public Database eventStore() {
        return eventStore;
    }

    public Database readModel() {
        return readModel;
    }

    public String kafkaBootstrapServers() {
        return kafkaBootstrapServers;
    }

    /** A database on the same PostgreSQL as the event store where a scratch table may be created and dropped. */
    public Database scratchDatabase() {
        return databases != null ? databases.superuser("postgres") : eventStore;
    }

    /** Completes with a message when an app dies while the system is meant to be running. */
    public CompletableFuture<String> unexpectedExit() {
        return unexpectedExit;
    }

    /** Where the data lives, one line per store, for the people running the system. */
    public List<String> describe() {
        List<String> lines = new ArrayList<>();
        lines.add("data directory: " + config.dataDir() + " (pids, lock" + (config.appLogsToFiles() ? ", logs" : "") + ")");
        lines.add("event store:    " + eventStore + (postgres != null && config.eventStoreUrl() == null ? " (embedded PostgreSQL, data in " + config.dataDir().resolve("postgres") + ")" : ""));
        lines.add("read model:     " + readModel + (postgres != null && config.readModelUrl() == null ? " (embedded PostgreSQL, data in " + config.dataDir().resolve("postgres") + ")" : ""));
        if (signIn != null) {
            lines.add("web app:        " + webAppUrl + "/app/ (sign in through the local identity provider, " + signIn.issuer() + ")");
        }
        lines.add("kafka:          " + kafkaBootstrapServers + (kafka != null ? " (in-process broker, log in " + config.dataDir().resolve("kafka") + ")" : ""));
        return lines;
    }

    /** Stops the apps (gracefully, then forcibly after 30 s), then the broker, then PostgreSQL. Safe to call twice. */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        closing = true;
        CompletableFuture.allOf(apps.stream()
                .map(app -> CompletableFuture.runAsync(() -> {
                    log.info("Stopping {}", app.name());
                    app.stop(STOP_GRACE);
                }))
                .toArray(CompletableFuture[]::new)).join();
        if (!apps.isEmpty() && apps.stream().noneMatch(a -> a.process().isAlive())) {
            pids.delete();
        }
        if (signIn != null) {
            quietly(signIn::close);
        }
        if (kafka != null) {
            log.info("Stopping the Kafka broker");
            quietly(kafka::close);
        }
        if (postgres != null) {
            log.info("Stopping PostgreSQL");
            quietly(postgres::close);
        }
        if (lock != null) {
            quietly(() -> {
                lock.release();
                lockChannel.close();
            });
        } else if (lockChannel != null) {
            quietly(lockChannel::close);
        }
    }

    private interface Step {
        void run() throws Exception;
    }

    private static void quietly(Step step) {
        try {
            step.run();
        } catch (Exception e) {
            log.warn("Error while stopping: {}", e.toString());
        }
    }
}
