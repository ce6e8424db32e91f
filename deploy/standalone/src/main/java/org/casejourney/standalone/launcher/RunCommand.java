package org.casejourney.standalone.launcher;

import org.casejourney.standalone.Options;
import org.casejourney.standalone.generator.GenerateCommand;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.file.Path;
import java.util.List;
import java.util.Set;

/** {@code run}: starts the standalone system and keeps it up until Ctrl-C, or until an app dies. */
public final class RunCommand {

    private static final Logger log = LoggerFactory.getLogger(RunCommand.class);

    private RunCommand() {
    }

    public static String usage() {
        StringBuilder text = new StringBuilder("""
                run: starts PostgreSQL and Kafka (embedded unless configured), then the command side and the
                query side as child processes, and prints their URLs once both are healthy. Stop with Ctrl-C.
                  --demo            then load a year of synthetic journeys (2,000 people, as `generate` with its
                                    defaults; a rerun on the same day is a retry and stores nothing twice)
                Configured by environment variables:
                """);
        for (StandaloneConfig.Setting s : StandaloneConfig.SETTINGS) {
            text.append(String.format("  %-36s default %s%n  %-36s %s%n", s.name(), s.defaultValue(), "", s.meaning()));
        }
        return text.toString();
    }

    static String causes(Throwable e) {
        StringBuilder text = new StringBuilder(String.valueOf(e.getMessage() != null ? e.getMessage() : e));
        for (Throwable cause = e.getCause(); cause != null; cause = cause.getCause()) {
            text.append("\n  caused by: ").append(cause);
        }
        return text.toString();
    }

    /** @return the process exit code */
    public static int run(List<String> args) {
        Options options = Options.parse(args, Set.of(), Set.of("help", "demo"));
        if (options.has("help")) {
            System.out.println(usage());
            return 0;
        }
        StandaloneConfig config = StandaloneConfig.fromEnvironment(System.getenv(), Path.of("").toAbsolutePath());
        StandaloneSystem system = new StandaloneSystem(config);
        // Registered before anything starts, so Ctrl-C during start-up still stops what is running.
        Runtime.getRuntime().addShutdownHook(new Thread(system::close, "casejourney-stop"));
        try {
            system.startAll();
        } catch (RuntimeException e) {
            log.error("casejourney could not start: {}", causes(e));
            system.close();
            return 1;
        }
        System.out.println();
        System.out.println("casejourney is up");
        System.out.println("command side: " + system.commandUrl());
        System.out.println("query side: " + system.queryUrl());
        system.describe().forEach(System.out::println);
        System.out.println("Tokens for the local issuer, valid 12 hours (more: java -jar casejourney-standalone.jar token --role R):");
        LocalKeys keys = system.keys();
        for (org.casejourney.security.Role role : org.casejourney.security.Role.values()) {
            System.out.println("  " + role.claimValue() + ": " + keys.token(role.claimValue() + "-local", List.of(role), java.time.Duration.ofHours(12)));
        }
        System.out.println("Stop with Ctrl-C; the data stays for the next start.");
        if (options.has("demo")) {
            System.out.println("Loading the demo year (2,000 people) ...");
            int loaded = GenerateCommand.run(List.of("--url", system.commandUrl().toString()));
            System.out.println(loaded == 0 ? "Demo data loaded; the query side shows it within seconds."
                    : "Demo data loaded with rejections (see above).");
            System.out.println("Web app: " + system.queryUrl() + "/app/ ; an auditor can open person "
                    + org.casejourney.standalone.generator.JourneyGenerator.defaultPrefix(42) + "-000000, an analyst finds people by team there.");
        }
        String death = system.unexpectedExit().join();
        System.err.println();
        System.err.println("!!! " + death);
        System.err.println("!!! stopping the whole system");
        return 2;
    }
}
