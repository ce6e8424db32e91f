package org.casejourney.standalone.launcher;

import org.casejourney.infrastructure.LocalProcesses;
import org.casejourney.infrastructure.OwnerOnly;
import org.casejourney.infrastructure.supervisor.AppJars;
import org.casejourney.infrastructure.supervisor.ChildJvm;
import org.casejourney.infrastructure.supervisor.Supervisor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;

/**
 * The whole system on one machine: PostgreSQL and Kafka (embedded unless configured), then both
 * apps as child processes from their runnable jars, started in that order through the
 * {@link Supervisor} and stopped in reverse.
 */
public final class StandaloneSystem implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(StandaloneSystem.class);
    private static final String TIMEOUT_HINT = " (set CASEJOURNEY_START_TIMEOUT_SECONDS to wait longer)";

    /** Where one app's data lives: the app's login, and the owner's that runs the migrations (null: the app's environment names it). */
    public record Database(String url, String user, String password, String owner, String ownerPassword) {
        @Override
        public String toString() {
            return url;
        }
    }

    private final StandaloneConfig config;
    private final PidFile pids;
    private final Supervisor supervisor = new Supervisor();
    private DataDirectoryLock lock;
    private EmbeddedDatabases databases;
    private Database eventStore;
    private Database readModel;
    private String kafkaBootstrapServers;
    private boolean embeddedKafka;
    private AppJars jars;
    private LocalIdentityProvider signIn;
    private URI webAppUrl;
    private AppSettings settings;
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
        restrictDataDirectory(dataDir);
        lock = DataDirectoryLock.take(dataDir);
        pids.stopLeftovers(Supervisor.STOP_GRACE);
        jars = AppJars.locate(config.appsDir(), Path.of("").toAbsolutePath());
        Set<Integer> taken = new HashSet<>();
        int commandPort = appPort(config.commandPort(), "CASEJOURNEY_COMMAND_PORT", taken);
        int queryPort = appPort(config.queryPort(), "CASEJOURNEY_QUERY_PORT", taken);
        int signInPort = appPort(config.signInPort(), "CASEJOURNEY_SIGNIN_PORT", taken);
        webAppUrl = URI.create("http://localhost:" + queryPort);
        signIn = LocalIdentityProvider.start(signInPort, keys(), webAppUrl);

        if (config.needsEmbeddedPostgres()) {
            log.info("Starting embedded PostgreSQL in {}", dataDir.resolve("postgres"));
            databases = new EmbeddedDatabases(supervisor.startPostgres(dataDir.resolve("postgres"), config.postgresPort(),
                    keys().databasePassword("superuser")), keys());
        }
        eventStore = database(config.eventStoreUrl(), StandaloneConfig.EVENT_STORE_DATABASE, true);
        readModel = database(config.readModelUrl(), StandaloneConfig.READ_MODEL_DATABASE, false);
        if (config.kafkaBootstrapServers() != null) {
            kafkaBootstrapServers = config.kafkaBootstrapServers();
        } else {
            log.info("Starting the in-process Kafka broker in {}", dataDir.resolve("kafka"));
            kafkaBootstrapServers = supervisor.startKafka(dataDir.resolve("kafka"), config.kafkaPort());
            embeddedKafka = true;
        }
        settings = new AppSettings(config, keys(), kafkaBootstrapServers, URI.create("http://localhost:" + commandPort), webAppUrl,
                signIn.issuer());
        startApp(AppSettings.COMMAND_SIDE, jars.commandSide(), commandPort, eventStore, Map.of());
        startApp(AppSettings.QUERY_SIDE, jars.querySide(), queryPort, readModel, Map.of());
        supervisor.awaitHealthy(supervisor.apps(), config.startTimeout(), TIMEOUT_HINT);
    }

    /** Keys, database, topic and logs: this user's alone. */
    private static void restrictDataDirectory(Path dataDir) {
        try {
            OwnerOnly.restrict(dataDir);
            if (Files.exists(dataDir.resolve(LocalKeys.FILE))) {
                Files.setPosixFilePermissions(dataDir.resolve(LocalKeys.FILE), PosixFilePermissions.fromString("rw-------"));
            }
        } catch (UnsupportedOperationException e) {
            log.debug("No POSIX permissions on {}", dataDir);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create the data directory " + dataDir, e);
        }
    }

    /** Stops the command side and starts it again on its port with {@code extraEnvironment} added; returns once it is UP. */
    public void restartCommandSide(Map<String, String> extraEnvironment) {
        restart(AppSettings.COMMAND_SIDE, jars.commandSide(), eventStore, extraEnvironment);
    }

    /**
     * Stops the query side and starts it again on its port on a new, empty database of the embedded
     * PostgreSQL, so its projection replays the whole topic; returns once it is UP.
     */
    public void restartQuerySideOnEmptyDatabase(String databaseName) {
        if (databases == null || config.readModelUrl() != null) {
            throw new IllegalStateException("an empty read model needs the embedded PostgreSQL");
        }
        readModel = databases.forApp(databaseName, false);
        restartQuerySide();
    }

    /** Stops the query side and starts it again on its port and its database, in a fresh JVM; returns once it is UP. */
    public void restartQuerySide() {
        restart(AppSettings.QUERY_SIDE, jars.querySide(), readModel, Map.of());
    }

    private synchronized void restart(String name, Path jar, Database database, Map<String, String> extraEnvironment) {
        if (closed) {
            throw new IllegalStateException("stopped");
        }
        ChildJvm old = supervisor.app(name);
        supervisor.remove(old);
        ChildJvm app = startApp(name, jar, old.port(), database, extraEnvironment);
        supervisor.awaitHealthy(List.of(app), config.startTimeout(), TIMEOUT_HINT);
    }

    private ChildJvm startApp(String name, Path jar, int port, Database database, Map<String, String> extraEnvironment) {
        log.info("Starting {} on port {} from {}", name, port, jar);
        ChildJvm app = supervisor.startApp(settings.spec(name, jar, port, database, extraEnvironment));
        pids.write(supervisor.apps().stream().map(a -> PidFile.Entry.of(a.name(), a.handle())).toList());
        return app;
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
        int port = LocalProcesses.freePort(taken);
        taken.add(port);
        return port;
    }

    /** The system's own token key, pseudonym key and master key (DATA_DIR/keys.properties). */
    public LocalKeys keys() {
        return LocalKeys.in(config.dataDir());
    }

    public URI commandUrl() {
        return supervisor.app(AppSettings.COMMAND_SIDE).url();
    }

    /** The local identity provider's issuer URL. */
    public URI signInUrl() {
        return signIn.issuer();
    }

    public URI queryUrl() {
        return supervisor.app(AppSettings.QUERY_SIDE).url();
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

    /** The two apps' runnable jars this system started, once started. */
    public AppJars appJars() {
        return jars;
    }

    /** A database on the same PostgreSQL as the event store where a scratch table may be created and dropped. */
    public Database scratchDatabase() {
        return databases != null ? databases.superuser("postgres") : eventStore;
    }

    /** Completes with a message when an app dies while the system is meant to be running. */
    public CompletableFuture<String> unexpectedExit() {
        return supervisor.unexpectedExit();
    }

    /** Where the data lives, one line per store, for the people running the system. */
    public List<String> describe() {
        List<String> lines = new ArrayList<>();
        String embeddedPostgres = " (embedded PostgreSQL, data in " + config.dataDir().resolve("postgres") + ")";
        lines.add("data directory: " + config.dataDir() + " (pids, lock" + (config.appLogsToFiles() ? ", logs" : "") + ")");
        lines.add("event store:    " + eventStore + (databases != null && config.eventStoreUrl() == null ? embeddedPostgres : ""));
        lines.add("read model:     " + readModel + (databases != null && config.readModelUrl() == null ? embeddedPostgres : ""));
        if (signIn != null) {
            lines.add("web app:        " + webAppUrl + "/app/ (sign in through the local identity provider, " + signIn.issuer() + ")");
        }
        lines.add("kafka:          " + kafkaBootstrapServers + (embeddedKafka ? " (in-process broker, log in " + config.dataDir().resolve("kafka") + ")" : ""));
        return lines;
    }

    /** Stops the apps (gracefully, then forcibly after 30 s), the sign-in page, the broker, then PostgreSQL. Safe to call twice. */
    @Override
    public void close() {
        supervisor.close();
        synchronized (this) {
            if (closed) {
                return;
            }
            closed = true;
            List<ChildJvm> apps = supervisor.apps();
            if (!apps.isEmpty() && apps.stream().noneMatch(ChildJvm::isAlive)) {
                pids.delete();
            }
            if (signIn != null) {
                quietly(signIn::close);
            }
            if (lock != null) {
                quietly(lock::close);
            }
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
