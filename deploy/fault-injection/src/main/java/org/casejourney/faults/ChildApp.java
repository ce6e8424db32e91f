package org.casejourney.faults;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** One app as a child JVM from its runnable jar, so that killing it is a real {@code kill -9}. */
public final class ChildApp {

    private final String name;
    private final Path jar;
    private final int port;
    private final List<String> javaOptions;
    private final Map<String, String> properties;
    private final Path logFile;
    private Process process;
    private int starts;

    ChildApp(String name, Path jar, int port, List<String> javaOptions, Map<String, String> properties, Path logFile) {
        this.name = name;
        this.jar = jar;
        this.port = port;
        this.javaOptions = List.copyOf(javaOptions);
        this.properties = Map.copyOf(properties);
        this.logFile = logFile;
    }

    public synchronized void start() {
        if (process != null && process.isAlive()) {
            throw new IllegalStateException(name + " is already running");
        }
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(javaOptions);
        command.add("-jar");
        command.add(jar.toString());
        properties.forEach((key, value) -> command.add("--" + key + "=" + value));
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(logFile.toFile()));
        // the test-only roles' passwords (LocalSystem makes the roles as TestInfrastructure does)
        builder.environment().put("SPRING_DATASOURCE_PASSWORD", org.casejourney.infrastructure.TestInfrastructure.APP_PASSWORD);
        builder.environment().put("SPRING_FLYWAY_PASSWORD", org.casejourney.infrastructure.TestInfrastructure.OWNER_PASSWORD);
        builder.environment().put("AXONIQ_UPDATE_CHECKER_DISABLED", "true");
        // the test-only issuer key, pseudonym secret and master key, by environment rather than on the command line
        builder.environment().putAll(org.casejourney.infrastructure.TestTokens.environment());
        // reconciliation reads every person's journey at once as one analyst; the query side's rate limit has its own test
        builder.environment().put("CASEJOURNEY_API_RATELIMIT_REQUESTS", "0");
        try {
            Files.createDirectories(logFile.getParent());
            Files.writeString(logFile, "==== start " + (++starts) + " of " + name + "\n",
                    java.nio.file.StandardOpenOption.CREATE, java.nio.file.StandardOpenOption.APPEND);
            process = builder.start();
        } catch (IOException e) {
            throw new UncheckedIOException("could not start " + name, e);
        }
    }

    /** SIGKILL: no shutdown hook, no graceful stop, no flush. */
    public synchronized void kill9() {
        if (process == null || !process.isAlive()) {
            throw new IllegalStateException(name + " is not running");
        }
        process.destroyForcibly();
        awaitExit(Duration.ofSeconds(30));
    }

    /** SIGTERM, then SIGKILL after the grace period. */
    public synchronized void stop(Duration grace) {
        if (process == null || !process.isAlive()) {
            return;
        }
        process.destroy();
        if (!awaitExit(grace)) {
            process.destroyForcibly();
            awaitExit(Duration.ofSeconds(30));
        }
    }

    private boolean awaitExit(Duration timeout) {
        try {
            return process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** Waits until /actuator/health answers 200 UP; fails early when the process dies. */
    public void awaitHealthy(Http http, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        String last = "no answer";
        while (System.nanoTime() < deadline) {
            if (!isAlive()) {
                throw new IllegalStateException(name + " exited with " + process.exitValue() + "; see " + logFile);
            }
            try {
                Http.Response health = http.get(url().resolve("/actuator/health"), Duration.ofSeconds(5));
                last = health.status() + " " + health.body();
                if (health.status() == 200) {
                    return;
                }
            } catch (IOException e) {
                last = e.toString();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
            sleep(250);
        }
        throw new IllegalStateException(name + " not healthy within " + timeout.toSeconds() + " s: " + last + "; see " + logFile);
    }

    static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    public synchronized boolean isAlive() {
        return process != null && process.isAlive();
    }

    public synchronized long pid() {
        return process.pid();
    }

    public String name() {
        return name;
    }

    public URI url() {
        return URI.create("http://localhost:" + port);
    }

    public Path logFile() {
        return logFile;
    }
}
