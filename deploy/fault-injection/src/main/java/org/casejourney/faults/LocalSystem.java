package org.casejourney.faults;

import org.casejourney.infrastructure.DatabaseRoles;
import org.casejourney.infrastructure.Directories;
import org.casejourney.infrastructure.EmbeddedPostgresServer;
import org.casejourney.infrastructure.LocalProcesses;
import org.casejourney.infrastructure.TestInfrastructure;
import org.casejourney.infrastructure.TestTokens;
import org.casejourney.infrastructure.supervisor.AppJars;
import org.casejourney.infrastructure.supervisor.ChildJvm;
import org.casejourney.infrastructure.supervisor.Supervisor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.UncheckedIOException;
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
import java.util.Set;
import java.util.UUID;

/**
 * The real system on this machine as the fault scenarios need it, run through the {@link Supervisor}:
 * embedded PostgreSQL and a KRaft broker in a child JVM (on fixed ports, so they can be restarted
 * under the apps' feet), one or more command sides and query sides, and the test-only roles and keys.
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
    private final String superuserPassword = UUID.randomUUID().toString();
    private final int postgresPort;
    private final int kafkaPort;
    private final Path commandJar;
    private final Path queryJar;
    private final Http http = new Http();
    private final Supervisor supervisor = new Supervisor();
    private EmbeddedPostgresServer postgres;
    private ChildJvm kafka;
    private final List<ChildJvm> commandSides = new ArrayList<>();
    private ChildJvm querySide;
    private final List<ChildJvm> extraQuerySides = new ArrayList<>();

    private LocalSystem(Path dir, AppJars jars) {
        this.dir = dir;
        this.postgresPort = LocalProcesses.freePort(Set.of());
        this.kafkaPort = LocalProcesses.freePort(Set.of(postgresPort));
        this.commandJar = copy(jars.commandSide(), dir.resolve("apps"));
        this.queryJar = copy(jars.querySide(), dir.resolve("apps"));
    }

    /** Starts PostgreSQL, Kafka, one command side and the query side, and waits until both apps report UP. */
    public static LocalSystem start(Path dir) {
        Path appsDir = Optional.ofNullable(System.getenv("CASEJOURNEY_APPS_DIR")).filter(s -> !s.isBlank()).map(Path::of).orElse(null);
        LocalSystem system = new LocalSystem(dir, AppJars.locate(appsDir, Path.of("").toAbsolutePath()));
        try {
            system.startPostgres();
            system.prepareDatabases();
            system.startKafka();
            system.addCommandSide();
            system.querySide = system.supervisor.startApp(system.spec("query-side", system.queryJar, READ_MODEL));
            system.awaitHealthy(system.commandSide(0));
            system.awaitHealthy(system.querySide);
            log.info("System up in {}: PostgreSQL :{}, Kafka :{}, command side {}, query side {}", dir, system.postgresPort,
                    system.kafkaPort, system.commandSide(0).url(), system.querySide.url());
            return system;
        } catch (RuntimeException e) {
            system.close();
            throw e;
        }
    }

    /** Another command-side instance on its own port, on the same event store; started, not yet awaited. */
    public ChildJvm addCommandSide() {
        ChildJvm app = supervisor.startApp(spec("command-side-" + (commandSides.size() + 1), commandJar, EVENT_STORE));
        commandSides.add(app);
        return app;
    }

    /** Another query-side instance in the same consumer group, on the same read model; started, not yet awaited. */
    public ChildJvm addQuerySide() {
        ChildJvm app = supervisor.startApp(spec("query-side-" + (extraQuerySides.size() + 2), queryJar, READ_MODEL));
        extraQuerySides.add(app);
        return app;
    }

    /** Stops and forgets every query side after the first (a killed one is only forgotten). */
    public void removeExtraQuerySides() {
        while (!extraQuerySides.isEmpty()) {
            supervisor.remove(extraQuerySides.remove(extraQuerySides.size() - 1));
        }
    }

    /** Stops and forgets every command side after the first. */
    public void removeExtraCommandSides() {
        while (commandSides.size() > 1) {
            supervisor.remove(commandSides.remove(commandSides.size() - 1));
        }
    }

    /** Starts an app that was killed or stopped again, with the same settings; not yet awaited. */
    public void startAgain(ChildJvm app) {
        supervisor.startAgain(app);
    }

    /** Waits until the app's /actuator/health answers UP; fails early when the process dies. */
    public void awaitHealthy(ChildJvm app) {
        awaitHealthy(app, START_TIMEOUT);
    }

    public void awaitHealthy(ChildJvm app, Duration timeout) {
        supervisor.awaitHealthy(List.of(app), timeout, "");
    }

    private ChildJvm.Spec spec(String name, Path jar, String database) {
        int port = LocalProcesses.freePort(Set.of(postgresPort, kafkaPort));
        Map<String, String> properties = new LinkedHashMap<>();
        properties.put("server.port", String.valueOf(port));
        properties.put("spring.datasource.url", jdbcUrl(database));
        properties.put("spring.datasource.username", TestInfrastructure.APP_ROLE);
        properties.put("spring.flyway.user", TestInfrastructure.OWNER_ROLE);
        properties.put("spring.kafka.bootstrap-servers", kafkaBootstrapServers());
        // the test-only roles' passwords (this system makes the roles as TestInfrastructure does)
        Map<String, String> environment = new LinkedHashMap<>();
        environment.put("SPRING_DATASOURCE_PASSWORD", TestInfrastructure.APP_PASSWORD);
        environment.put("SPRING_FLYWAY_PASSWORD", TestInfrastructure.OWNER_PASSWORD);
        environment.put("AXONIQ_UPDATE_CHECKER_DISABLED", "true");
        // the test-only issuer key, pseudonym secret and master key, by environment rather than on the command line
        environment.putAll(TestTokens.environment());
        // reconciliation reads every person's journey at once as one analyst; the query side's rate limit has its own test
        environment.put("CASEJOURNEY_API_RATELIMIT_REQUESTS", "0");
        return ChildJvm.Spec.app(name, jar, port, APP_JAVA_OPTIONS, properties, environment, dir.resolve("logs").resolve(name + ".log"));
    }

    public void startPostgres() {
        postgres = supervisor.startPostgres(dir.resolve("postgres"), postgresPort, superuserPassword);
    }

    /** The roles and databases the apps use, as the launcher makes them (docs/security.md, Database roles). */
    private void prepareDatabases() {
        try (Connection superuser = postgres.connect("postgres")) {
            DatabaseRoles.ensureLogin(superuser, TestInfrastructure.OWNER_ROLE, TestInfrastructure.OWNER_PASSWORD);
            DatabaseRoles.ensureLogin(superuser, TestInfrastructure.APP_ROLE, TestInfrastructure.APP_PASSWORD);
            DatabaseRoles.grantMembership(superuser, TestInfrastructure.APP_ROLE, TestInfrastructure.OWNER_ROLE);
            DatabaseRoles.ensureNoLogin(superuser, "casejourney_analyst");
        } catch (SQLException e) {
            throw new IllegalStateException("could not prepare the databases", e);
        }
        createEmptyDatabase(EVENT_STORE);
        createEmptyDatabase(READ_MODEL);
    }

    /** A new, empty database owned by the owner role, as a deployment's database administrator would make one. */
    public String createEmptyDatabase(String database) {
        postgres.createDatabaseOwnedBy(database, TestInfrastructure.OWNER_ROLE);
        return jdbcUrl(database);
    }

    private String jdbcUrl(String database) {
        return "jdbc:postgresql://127.0.0.1:" + postgresPort + "/" + database;
    }

    /** The private copy of an app's jar this system runs ("command-side" or "query-side"). */
    public Path appJar(String module) {
        return module.equals("command-side") ? commandJar : queryJar;
    }

    /** A fast shutdown (pg_ctl stop -m fast): every open connection of the apps is cut. */
    public void stopPostgres() {
        supervisor.stopPostgres();
        postgres = null;
    }

    /** Starts the broker as a child JVM on its log directory and port, and waits until it listens. */
    public void startKafka() {
        kafka = supervisor.startKafkaProcess(dir.resolve("kafka"), kafkaPort, BROKER_JAVA_OPTIONS, dir.resolve("logs").resolve("kafka.log"));
    }

    /** SIGTERM: the broker shuts down cleanly, as a planned stop would. */
    public void stopKafka() {
        kafka.stop(Duration.ofSeconds(60));
    }

    /** SIGKILL: no controlled shutdown, no flush beyond what each append already flushed. */
    public void kill9Kafka() {
        kafka.kill9();
    }

    public long kafkaPid() {
        return kafka.pid();
    }

    public String kafkaBootstrapServers() {
        return "localhost:" + kafkaPort;
    }

    public Connection connect(String database) throws SQLException {
        return DriverManager.getConnection(jdbcUrl(database), EmbeddedPostgresServer.USER, superuserPassword);
    }

    public ChildJvm commandSide(int index) {
        return commandSides.get(index);
    }

    public List<ChildJvm> commandSides() {
        return List.copyOf(commandSides);
    }

    public ChildJvm querySide() {
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

    /** Stops the apps, then the broker, then PostgreSQL. */
    @Override
    public void close() {
        supervisor.close();
    }

    /** After {@link #close()}: drops the databases, the broker log and the jar copies; the apps' logs stay. */
    public void deleteData() {
        for (String part : List.of("postgres", "kafka", "apps")) {
            Path root = dir.resolve(part);
            try {
                Directories.deleteTree(root);
            } catch (IOException e) {
                log.warn("could not delete {}: {}", root, e.toString());
            }
        }
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
}
