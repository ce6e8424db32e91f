package org.casejourney.infrastructure.supervisor;

import org.casejourney.infrastructure.LocalProcesses;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * One child JVM, startable again after it stopped or was killed, so that killing it is a real
 * {@code kill -9}. Its output is appended to a log file, or copied to this process's output with a prefix.
 */
public final class ChildJvm {

    /**
     * What to run.
     *
     * @param launch {@code -jar <jar>} or {@code -cp <classpath> <main class>}
     * @param arguments after the launch, e.g. Spring properties as {@code --name=value}
     * @param environment added to this process's, for values that must not show in a process listing
     * @param withheld variables of this process's environment the child does not inherit
     * @param port the port it serves on, 0 when none
     * @param logFile where its output goes, or null to copy it to this process's output with a prefix
     */
    public record Spec(String name, List<String> javaOptions, List<String> launch, List<String> arguments,
                       Map<String, String> environment, List<String> withheld, int port, Path logFile) {

        public Spec {
            javaOptions = List.copyOf(javaOptions);
            launch = List.copyOf(launch);
            arguments = List.copyOf(arguments);
            environment = Map.copyOf(environment);
            withheld = List.copyOf(withheld);
        }

        /** The same, without these variables of this process's environment. */
        public Spec withholding(List<String> variables) {
            return new Spec(name, javaOptions, launch, arguments, environment, variables, port, logFile);
        }

        /** A Spring Boot app from its runnable jar, {@code properties} passed as {@code --name=value} arguments. */
        public static Spec app(String name, Path jar, int port, List<String> javaOptions, Map<String, String> properties,
                               Map<String, String> environment, Path logFile) {
            List<String> arguments = new ArrayList<>();
            properties.forEach((key, value) -> arguments.add("--" + key + "=" + value));
            return new Spec(name, javaOptions, List.of("-jar", jar.toString()), arguments, environment, List.of(), port, logFile);
        }

        /** A main class on this process's own class path. */
        public static Spec main(String name, Class<?> mainClass, List<String> javaOptions, List<String> arguments, int port, Path logFile) {
            return new Spec(name, javaOptions, List.of("-cp", System.getProperty("java.class.path"), mainClass.getName()),
                    arguments, Map.of(), List.of(), port, logFile);
        }
    }

    private final Spec spec;
    // volatile, not locked: exit callbacks read them while a stop holds the lock and waits for that exit
    private volatile Process process;
    private volatile boolean stopRequested;
    private long logStart;
    private int starts;

    ChildJvm(Spec spec) {
        this.spec = spec;
    }

    /** Starts it, or starts it again once it has exited. */
    synchronized void start() {
        if (process != null && process.isAlive()) {
            throw new IllegalStateException(spec.name() + " is already running");
        }
        List<String> command = new ArrayList<>();
        command.add(javaBinary());
        command.addAll(spec.javaOptions());
        command.addAll(spec.launch());
        command.addAll(spec.arguments());
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        builder.environment().keySet().removeAll(spec.withheld());
        builder.environment().putAll(spec.environment());
        try {
            if (spec.logFile() != null) {
                Files.createDirectories(spec.logFile().getParent());
                // each start marked, so a restart's output can be told from the one before
                Files.writeString(spec.logFile(), "==== start " + (++starts) + " of " + spec.name() + "\n",
                        StandardOpenOption.CREATE, StandardOpenOption.APPEND);
                logStart = Files.size(spec.logFile());
                builder.redirectOutput(ProcessBuilder.Redirect.appendTo(spec.logFile().toFile()));
            }
            process = builder.start();
            stopRequested = false;
            if (spec.logFile() == null) {
                copyWithPrefix(process, "[" + spec.name() + "] ");
            }
        } catch (IOException e) {
            throw new UncheckedIOException("could not start " + spec.name() + " with " + spec.launch(), e);
        }
    }

    /** The same Java that runs this process, so the children get the JDK the user chose. */
    private static String javaBinary() {
        return ProcessHandle.current().info().command()
                .orElse(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    }

    private static void copyWithPrefix(Process process, String prefix) {
        Thread pump = new Thread(() -> {
            try (var reader = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                String line;
                while ((line = reader.readLine()) != null) {
                    System.out.println(prefix + line);
                }
            } catch (IOException ignored) {
                // the child is gone; its exit is reported elsewhere
            }
        }, prefix.trim() + "-output");
        pump.setDaemon(true);
        pump.start();
    }

    /** SIGKILL: no shutdown hook, no graceful stop, no flush. */
    public synchronized void kill9() {
        if (process == null || !process.isAlive()) {
            throw new IllegalStateException(spec.name() + " is not running");
        }
        stopRequested = true;
        process.destroyForcibly();
        LocalProcesses.awaitExit(process.toHandle(), Duration.ofSeconds(30));
    }

    /** SIGTERM, then SIGKILL after the grace period. */
    public synchronized void stop(Duration grace) {
        if (process == null || !process.isAlive()) {
            return;
        }
        stopRequested = true;
        LocalProcesses.stop(process.toHandle(), grace);
    }

    /** Waits until this start's output holds {@code line}; fails when the process exits first or the timeout passes. */
    public void awaitOutput(String line, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!outputSinceStart().contains(line)) {
            if (!isAlive() || System.nanoTime() > deadline) {
                synchronized (this) {
                    process.destroyForcibly();
                }
                throw new IllegalStateException(spec.name() + " did not start; see " + spec.logFile());
            }
            Supervisor.sleep(100);
        }
    }

    private String outputSinceStart() {
        try {
            byte[] all = Files.readAllBytes(spec.logFile());
            int from = (int) Math.min(logStart, all.length);
            return new String(all, from, all.length - from, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public boolean isAlive() {
        return process != null && process.isAlive();
    }

    /** True once it exited without anyone having asked it to. */
    boolean exitedByItself() {
        return process != null && !process.isAlive() && !stopRequested;
    }

    public long pid() {
        return process.pid();
    }

    public ProcessHandle handle() {
        return process.toHandle();
    }

    Process process() {
        return process;
    }

    /** What a person needs to know about its exit: which process, its code, where its output went. */
    public String exitDescription() {
        return spec.name() + " (pid " + process.pid() + ") exited unexpectedly with code " + process.exitValue()
                + (spec.logFile() != null ? "; its output is in " + spec.logFile() : "");
    }

    public Spec spec() {
        return spec;
    }

    public String name() {
        return spec.name();
    }

    public int port() {
        return spec.port();
    }

    public URI url() {
        return URI.create("http://localhost:" + spec.port());
    }

    public Path logFile() {
        return spec.logFile();
    }
}
