package org.casejourney.standalone.launcher;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * Everything the standalone system needs to start. An absent database URL or broker means "start
 * an embedded one"; port 0 means "any free port".
 *
 * @param eventStoreUrl JDBC URL of the command side's database, or null for the embedded PostgreSQL
 * @param readModelUrl JDBC URL of the query side's database, or null for the embedded PostgreSQL
 * @param kafkaBootstrapServers an external broker, or null for the in-process one
 * @param appsDir where the two runnable app jars are, or null to find them in the repository layout
 * @param appLogsToFiles write the apps' output to {@code DATA_DIR/logs} instead of this process's output
 * @param commandSideEnvironment extra environment for the command side only (the benchmark's peer run sets a setting this way)
 */
public record StandaloneConfig(
        Path dataDir,
        String eventStoreUrl,
        String readModelUrl,
        String dbUser,
        String dbPassword,
        String kafkaBootstrapServers,
        int commandPort,
        int queryPort,
        int postgresPort,
        int kafkaPort,
        int signInPort,
        Path appsDir,
        List<String> javaOptions,
        Duration startTimeout,
        boolean appLogsToFiles,
        Map<String, String> commandSideEnvironment) {

    static final String EVENT_STORE_DATABASE = "casejourney_events";
    static final String READ_MODEL_DATABASE = "casejourney_read";

    /** One environment variable of the launcher, with its default, for --help and the README. */
    public record Setting(String name, String defaultValue, String meaning) {
    }

    public static final List<Setting> SETTINGS = List.of(
            new Setting("CASEJOURNEY_DATA_DIR", "./.casejourney", "where the embedded PostgreSQL and Kafka keep their data, plus the pids file and lock"),
            new Setting("CASEJOURNEY_EVENTSTORE_URL", "(embedded)", "JDBC URL of an external PostgreSQL database for the event store (command side)"),
            new Setting("CASEJOURNEY_READMODEL_URL", "(embedded)", "JDBC URL of an external PostgreSQL database for the read model (query side)"),
            new Setting("CASEJOURNEY_DB_USER", "(none)", "the apps' role in the external databases, required with them; the owner role that migrates comes from SPRING_FLYWAY_USER and SPRING_FLYWAY_PASSWORD"),
            new Setting("CASEJOURNEY_DB_PASSWORD", "(none)", "that role's password (passed to the apps by environment, not on their command line)"),
            new Setting("CASEJOURNEY_KAFKA_BOOTSTRAP_SERVERS", "(in-process broker)", "an external Kafka cluster"),
            new Setting("CASEJOURNEY_COMMAND_PORT", "8080", "HTTP port of the command side"),
            new Setting("CASEJOURNEY_QUERY_PORT", "8081", "HTTP port of the query side"),
            new Setting("CASEJOURNEY_POSTGRES_PORT", "54329", "port of the embedded PostgreSQL"),
            new Setting("CASEJOURNEY_KAFKA_PORT", "9092", "port of the in-process Kafka broker"),
            new Setting("CASEJOURNEY_SIGNIN_PORT", "8082", "port of the local identity provider the web application signs in with"),
            new Setting("CASEJOURNEY_APPS_DIR", "(found from the repository layout)", "directory holding casejourney-command-side-*-exec.jar and casejourney-query-side-*-exec.jar"),
            new Setting("CASEJOURNEY_JAVA_OPTS", "(none)", "JVM options for both apps, separated by spaces, e.g. -Xmx512m"),
            new Setting("CASEJOURNEY_START_TIMEOUT_SECONDS", "180", "how long to wait for both apps' health to be UP"));

    public static StandaloneConfig fromEnvironment(Map<String, String> env, Path workingDirectory) {
        String dataDir = env.get("CASEJOURNEY_DATA_DIR");
        String appsDir = env.get("CASEJOURNEY_APPS_DIR");
        return new StandaloneConfig(
                workingDirectory.resolve(blank(dataDir) ? ".casejourney" : dataDir).toAbsolutePath().normalize(),
                nullIfBlank(env.get("CASEJOURNEY_EVENTSTORE_URL")),
                nullIfBlank(env.get("CASEJOURNEY_READMODEL_URL")),
                nullIfBlank(env.get("CASEJOURNEY_DB_USER")),
                nullIfBlank(env.get("CASEJOURNEY_DB_PASSWORD")),
                nullIfBlank(env.get("CASEJOURNEY_KAFKA_BOOTSTRAP_SERVERS")),
                port(env, "CASEJOURNEY_COMMAND_PORT", 8080),
                port(env, "CASEJOURNEY_QUERY_PORT", 8081),
                port(env, "CASEJOURNEY_POSTGRES_PORT", 54329),
                port(env, "CASEJOURNEY_KAFKA_PORT", 9092),
                port(env, "CASEJOURNEY_SIGNIN_PORT", 8082),
                blank(appsDir) ? null : workingDirectory.resolve(appsDir).toAbsolutePath().normalize(),
                blank(env.get("CASEJOURNEY_JAVA_OPTS")) ? List.of() : Arrays.asList(env.get("CASEJOURNEY_JAVA_OPTS").trim().split("\\s+")),
                Duration.ofSeconds(positive(env, "CASEJOURNEY_START_TIMEOUT_SECONDS", 180)),
                false,
                Map.of());
    }

    /** A private system on {@code dataDir}: embedded database and broker, free ports, apps found in the repository. */
    public static StandaloneConfig isolated(Path dataDir) {
        return new StandaloneConfig(dataDir.toAbsolutePath().normalize(), null, null, null, null, null,
                0, 0, 0, 0, 0, null, List.of(), Duration.ofSeconds(180), false, Map.of());
    }

    public StandaloneConfig withAppsDir(Path dir) {
        return new StandaloneConfig(dataDir, eventStoreUrl, readModelUrl, dbUser, dbPassword, kafkaBootstrapServers,
                commandPort, queryPort, postgresPort, kafkaPort, signInPort, dir, javaOptions, startTimeout, appLogsToFiles, commandSideEnvironment);
    }

    public StandaloneConfig withJavaOptions(List<String> options) {
        return new StandaloneConfig(dataDir, eventStoreUrl, readModelUrl, dbUser, dbPassword, kafkaBootstrapServers,
                commandPort, queryPort, postgresPort, kafkaPort, signInPort, appsDir, List.copyOf(options), startTimeout, appLogsToFiles, commandSideEnvironment);
    }

    public StandaloneConfig withAppLogsToFiles(boolean toFiles) {
        return new StandaloneConfig(dataDir, eventStoreUrl, readModelUrl, dbUser, dbPassword, kafkaBootstrapServers,
                commandPort, queryPort, postgresPort, kafkaPort, signInPort, appsDir, javaOptions, startTimeout, toFiles, commandSideEnvironment);
    }

    public StandaloneConfig withCommandSideEnvironment(Map<String, String> environment) {
        return new StandaloneConfig(dataDir, eventStoreUrl, readModelUrl, dbUser, dbPassword, kafkaBootstrapServers,
                commandPort, queryPort, postgresPort, kafkaPort, signInPort, appsDir, javaOptions, startTimeout, appLogsToFiles, Map.copyOf(environment));
    }

    /** Without the password, which must not reach a log. */
    @Override
    public String toString() {
        return "StandaloneConfig[dataDir=" + dataDir + ", eventStoreUrl=" + eventStoreUrl + ", readModelUrl=" + readModelUrl
                + ", dbUser=" + dbUser + ", kafkaBootstrapServers=" + kafkaBootstrapServers + ", ports=" + commandPort + "/" + queryPort
                + "/" + postgresPort + "/" + kafkaPort + ", appsDir=" + appsDir + "]";
    }

    boolean needsEmbeddedPostgres() {
        return eventStoreUrl == null || readModelUrl == null;
    }

    private static int port(Map<String, String> env, String name, int fallback) {
        int port = positive(env, name, fallback);
        if (port > 65535) {
            throw new IllegalArgumentException(name + " must be a port number, got " + port);
        }
        return port;
    }

    private static int positive(Map<String, String> env, String name, int fallback) {
        String value = env.get(name);
        if (blank(value)) {
            return fallback;
        }
        try {
            int parsed = Integer.parseInt(value.trim());
            if (parsed <= 0) {
                throw new IllegalArgumentException(name + " must be positive, got " + value);
            }
            return parsed;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(name + " must be a whole number, got " + value);
        }
    }

    private static boolean blank(String s) {
        return s == null || s.isBlank();
    }

    private static String nullIfBlank(String s) {
        return blank(s) ? null : s.trim();
    }
}
