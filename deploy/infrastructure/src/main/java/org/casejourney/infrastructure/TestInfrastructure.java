package org.casejourney.infrastructure;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The one switch between Testcontainers and embedded infrastructure for every integration test:
 * real PostgreSQL and real Kafka either way, started once per test JVM. Containers are used when a
 * Docker engine answers; otherwise the embedded PostgreSQL and in-process KRaft broker that the
 * standalone launcher uses. {@code CASEJOURNEY_TEST_INFRASTRUCTURE=embedded|containers} forces one.
 *
 * <p>Apps under test connect as they do in production (docs/security.md, Database roles): as
 * {@link #APP_ROLE}, granted only what the migrations give it, while {@link #OWNER_ROLE} runs the
 * migrations and owns each test database. The roles are made once per test JVM.
 */
public final class TestInfrastructure {

    private static final Logger log = LoggerFactory.getLogger(TestInfrastructure.class);
    private static TestInfrastructure instance;
    /** Test-only roles and passwords, like TestTokens' keys: they exist only in test runs. */
    public static final String OWNER_ROLE = "casejourney_owner";
    public static final String OWNER_PASSWORD = "test-only-owner-password";
    public static final String APP_ROLE = "casejourney_app";
    public static final String APP_PASSWORD = "test-only-app-password";
    static final String ANALYST_ROLE = "casejourney_analyst";

    private final String mode;
    private final String jdbcBase;
    private final String user;
    private final String password;
    private final String kafkaBootstrapServers;
    private final AtomicInteger databases = new AtomicInteger();

    private TestInfrastructure(String mode, String jdbcBase, String user, String password, String kafka) {
        this.mode = mode;
        this.jdbcBase = jdbcBase;
        this.user = user;
        this.password = password;
        this.kafkaBootstrapServers = kafka;
    }

    public static synchronized TestInfrastructure get() {
        if (instance == null) {
            instance = useContainers() ? Containers.start() : startEmbedded();
            instance.createRoles();
            log.info("Test infrastructure: {} (PostgreSQL {}, Kafka {})", instance.mode, instance.jdbcBase, instance.kafkaBootstrapServers);
        }
        return instance;
    }

    private static boolean useContainers() {
        String forced = System.getenv().getOrDefault("CASEJOURNEY_TEST_INFRASTRUCTURE", "").toLowerCase(Locale.ROOT);
        if (forced.equals("embedded")) {
            return false;
        }
        if (forced.equals("containers")) {
            return true;
        }
        boolean engineHinted = System.getenv("DOCKER_HOST") != null || Files.exists(Path.of("/var/run/docker.sock"));
        return engineHinted && Containers.classesPresent() && Containers.dockerAvailable();
    }

    private static TestInfrastructure startEmbedded() {
        try {
            Path root = Files.createTempDirectory("casejourney-test-");
            String superuserPassword = java.util.UUID.randomUUID().toString();
            EmbeddedPostgresServer postgres = EmbeddedPostgresServer.start(root.resolve("postgres"), 0, superuserPassword);
            InProcessKafkaBroker kafka = InProcessKafkaBroker.start(root.resolve("kafka"), 0);
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                kafka.close();
                postgres.close();
                deleteQuietly(root); // a benchmark's data runs to gigabytes; a JVM killed with -9 still leaves it behind
            }, "test-infrastructure-stop"));
            return new TestInfrastructure("embedded", "jdbc:postgresql://127.0.0.1:" + postgres.port() + "/",
                    EmbeddedPostgresServer.USER, superuserPassword, kafka.bootstrapServers());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void deleteQuietly(Path root) {
        try {
            Directories.deleteTree(root);
        } catch (IOException e) {
            // the operating system's temporary directory is cleaned in the end anyway
        }
    }

    private void createRoles() {
        try (var c = DriverManager.getConnection(jdbcBase + "postgres", user, password)) {
            DatabaseRoles.ensureLogin(c, OWNER_ROLE, OWNER_PASSWORD);
            DatabaseRoles.ensureLogin(c, APP_ROLE, APP_PASSWORD);
            DatabaseRoles.grantMembership(c, APP_ROLE, OWNER_ROLE);
            // the analysts' role (R__analytics_views.sql) is the DBA's to make, as the owner may not create roles
            DatabaseRoles.ensureNoLogin(c, ANALYST_ROLE);
            DatabaseRoles.grantMembership(c, ANALYST_ROLE, OWNER_ROLE);
        } catch (SQLException e) {
            throw new IllegalStateException("could not create the test roles", e);
        }
    }

    /** A new, empty database owned by {@link #OWNER_ROLE}, so each test context owns its schema and data. */
    public String newDatabase(String prefix) {
        String name = (prefix + "_" + ProcessHandle.current().pid() + "_" + databases.incrementAndGet()).toLowerCase(Locale.ROOT);
        try (var c = DriverManager.getConnection(jdbcBase + "postgres", user, password); var s = c.createStatement()) {
            s.execute("create database " + name + " owner " + OWNER_ROLE);
        } catch (SQLException e) {
            throw new IllegalStateException("could not create test database " + name, e);
        }
        try (var c = DriverManager.getConnection(jdbcBase + name, user, password); var s = c.createStatement()) {
            s.execute("alter schema public owner to " + OWNER_ROLE); // as PostgreSQL 15 has it: the database owner's
        } catch (SQLException e) {
            throw new IllegalStateException("could not hand the public schema of " + name + " to " + OWNER_ROLE, e);
        }
        return jdbcBase + name;
    }

    public String mode() {
        return mode;
    }

    /** The role apps under test connect as. */
    public String user() {
        return APP_ROLE;
    }

    public String password() {
        return APP_PASSWORD;
    }

    /** The role that runs the migrations and owns the test databases. */
    public String ownerUser() {
        return OWNER_ROLE;
    }

    public String ownerPassword() {
        return OWNER_PASSWORD;
    }

    /** The Spring properties that point an app at {@code jdbcUrl}: its own role for the app, the owner for Flyway. */
    public java.util.Map<String, String> databaseProperties(String jdbcUrl) {
        return java.util.Map.of(
                "spring.datasource.url", jdbcUrl,
                "spring.datasource.username", APP_ROLE,
                "spring.datasource.password", APP_PASSWORD,
                "spring.flyway.user", OWNER_ROLE,
                "spring.flyway.password", OWNER_PASSWORD);
    }

    /** A superuser connection to {@code database}, for tests that inspect what the roles may do. */
    public java.sql.Connection superuser(String database) throws SQLException {
        return DriverManager.getConnection(jdbcBase + database, user, password);
    }

    public String kafkaBootstrapServers() {
        return kafkaBootstrapServers;
    }

    /** Kept apart so the embedded path never loads a Testcontainers class. */
    private static final class Containers {

        static boolean classesPresent() {
            try {
                Class.forName("org.testcontainers.DockerClientFactory");
                return true;
            } catch (ClassNotFoundException e) {
                return false;
            }
        }

        static boolean dockerAvailable() {
            try {
                return org.testcontainers.DockerClientFactory.instance().isDockerAvailable();
            } catch (RuntimeException e) {
                return false;
            }
        }

        @SuppressWarnings("resource")
        static TestInfrastructure start() {
            var postgres = new org.testcontainers.containers.PostgreSQLContainer<>("postgres:18-alpine");
            var kafka = new org.testcontainers.kafka.KafkaContainer("apache/kafka:3.9.1");
            postgres.start();
            kafka.start();
            String base = postgres.getJdbcUrl().substring(0, postgres.getJdbcUrl().lastIndexOf('/') + 1);
            return new TestInfrastructure("containers", base, postgres.getUsername(), postgres.getPassword(), kafka.getBootstrapServers());
        }
    }
}
