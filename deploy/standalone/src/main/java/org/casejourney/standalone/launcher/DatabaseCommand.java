package org.casejourney.standalone.launcher;

import org.casejourney.infrastructure.EmbeddedPostgresServer;
import org.casejourney.infrastructure.supervisor.Supervisor;
import org.casejourney.standalone.Options;

import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CountDownLatch;

/**
 * {@code database}: the embedded PostgreSQL alone, on the data directory, until Ctrl-C. For work on the
 * database with PostgreSQL's own tools while no app is connected: restoring a dump into a new cluster
 * when the embedded server's major version changes (docs/operations.md, "Upgrading the embedded PostgreSQL").
 */
public final class DatabaseCommand {

    private DatabaseCommand() {
    }

    public static String usage() {
        return """
                database: runs only the embedded PostgreSQL (DATA_DIR/postgres, port CASEJOURNEY_POSTGRES_PORT) until Ctrl-C,
                  for PostgreSQL's own tools (pg_dumpall, psql) while no app is connected; a new cluster has only the superuser
                  postgres, whose password is db.superuser.password in DATA_DIR/keys.properties. Used to upgrade the embedded
                  PostgreSQL to a new major version: see docs/operations.md, "Upgrading the embedded PostgreSQL".
                """;
    }

    public static int run(List<String> args) throws InterruptedException {
        Options options = Options.parse(args, Set.of(), Set.of("help"));
        if (options.has("help")) {
            System.out.println(usage());
            return 0;
        }
        StandaloneConfig config = StandaloneConfig.fromEnvironment(System.getenv(), Path.of("").toAbsolutePath());
        Path dataDirectory = config.dataDir().resolve("postgres");
        String password = LocalKeys.in(config.dataDir()).databasePassword("superuser");
        Supervisor supervisor = new Supervisor();
        supervisor.startPostgres(dataDirectory, config.postgresPort(), password);
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            supervisor.close();
            stopped.countDown();
        }, "casejourney-database-stop"));
        System.out.printf("PostgreSQL %d is up on 127.0.0.1:%d (data in %s); user %s, password db.superuser.password in %s%n"
                        + "Stop with Ctrl-C.%n", EmbeddedPostgresServer.MAJOR_VERSION, config.postgresPort(), dataDirectory,
                EmbeddedPostgresServer.USER, config.dataDir().resolve("keys.properties"));
        stopped.await();
        return 0;
    }
}
