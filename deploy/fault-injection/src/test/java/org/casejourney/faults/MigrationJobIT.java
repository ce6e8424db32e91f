package org.casejourney.faults;

import org.casejourney.infrastructure.TestInfrastructure;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What the Kubernetes migration Jobs run (deploy/kubernetes/base/migration): the app's own jar with
 * {@code casejourney.migrate-only}, given only the database settings (no issuer keys, pseudonym key or
 * broker), migrates an empty database as the owner role, grants the app's role, and exits 0; run again, it
 * finds nothing to do and exits 0 again.
 */
@ExtendWith(SharedSystem.class)
class MigrationJobIT {

    @ParameterizedTest(name = "{0}")
    @CsvSource({"command-side, migrate_only_events, domain_event_entry, flyway_schema_history",
            "query-side, migrate_only_read, journey.journey_event, journey.flyway_schema_history"})
    void theAppMigratesAnEmptyDatabaseAndExitsAndAgainFindsNothingToDo(String app, String database, String table, String history)
            throws Exception {
        LocalSystem system = SharedSystem.get();
        String url = system.createEmptyDatabase(database);
        Path log = system.dir().resolve("logs").resolve(app + "-migrate-only.log");

        long first = migrate(system.appJar(app), url, log);
        long second = migrate(system.appJar(app), url, log);

        try (Connection c = system.connect(database); Statement s = c.createStatement()) {
            try (ResultSet rs = s.executeQuery("select count(*), bool_and(success) from " + history + " where installed_by = '"
                    + TestInfrastructure.OWNER_ROLE + "'")) {
                rs.next();
                assertThat(rs.getInt(1)).as("migrations applied by the owner role").isGreaterThan(1);
                assertThat(rs.getBoolean(2)).isTrue();
            }
            try (ResultSet rs = s.executeQuery("select has_table_privilege('" + TestInfrastructure.APP_ROLE + "', '" + table + "', 'select')")) {
                rs.next();
                assertThat(rs.getBoolean(1)).as("the app's role was granted what it needs").isTrue();
            }
        }
        System.out.printf("migration-job: %s migrated an empty database and exited in %d ms, found nothing to do in %d ms%n",
                app, first, second);
    }

    /** Runs the jar as a Job would; the milliseconds it took to exit 0. */
    private static long migrate(Path jar, String url, Path log) throws Exception {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString()));
        command.addAll(LocalSystem.APP_JAVA_OPTIONS);
        command.addAll(List.of("-jar", jar.toString(), "--casejourney.migrate-only=true", "--spring.main.web-application-type=none",
                "--spring.datasource.url=" + url, "--spring.datasource.username=" + TestInfrastructure.APP_ROLE,
                "--spring.flyway.user=" + TestInfrastructure.OWNER_ROLE));
        Files.createDirectories(log.getParent());
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
        builder.environment().put("SPRING_FLYWAY_PASSWORD", TestInfrastructure.OWNER_PASSWORD);
        long started = System.nanoTime();
        Process process = builder.start();
        boolean exited = process.waitFor(180, TimeUnit.SECONDS);
        if (!exited) {
            process.destroyForcibly();
        }
        assertThat(exited).as("exited within 180 s; see " + log).isTrue();
        assertThat(process.exitValue()).as("exit code; see " + log).isZero();
        return (System.nanoTime() - started) / 1_000_000;
    }
}
