package org.casejourney.standalone.launcher;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** One app running as a child JVM from its runnable jar. */
final class AppProcess {

    private final String name;
    private final int port;
    private final Process process;
    private final Path logFile;

    private AppProcess(String name, int port, Process process, Path logFile) {
        this.name = name;
        this.port = port;
        this.process = process;
        this.logFile = logFile;
    }

    /**
     * @param properties Spring properties, passed as {@code --name=value} arguments
     * @param environment extra environment, for values that must not show in a process listing
     * @param logFile where the app's output goes, or null to copy it to this process's output with a prefix
     */
    static AppProcess start(String name, Path jar, int port, List<String> javaOptions, Map<String, String> properties,
                            Map<String, String> environment, Path logFile) {
        List<String> command = new ArrayList<>();
        command.add(javaBinary());
        command.addAll(javaOptions);
        command.add("-jar");
        command.add(jar.toString());
        properties.forEach((key, value) -> command.add("--" + key + "=" + value));
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        builder.environment().putAll(environment);
        try {
            if (logFile != null) {
                Files.createDirectories(logFile.getParent());
                builder.redirectOutput(ProcessBuilder.Redirect.appendTo(logFile.toFile()));
            }
            Process process = builder.start();
            if (logFile == null) {
                copyWithPrefix(process, "[" + name + "] ", System.out);
            }
            return new AppProcess(name, port, process, logFile);
        } catch (IOException e) {
            throw new UncheckedIOException("could not start " + name + " from " + jar, e);
        }
    }

    /** The same Java that runs the launcher, so the apps get the JDK the user chose. */
    private static String javaBinary() {
        return ProcessHandle.current().info().command()
                .orElse(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    }

    private static void copyWithPrefix(Process process, String prefix, PrintStream out) {
        Thread pump = new Thread(() -> {
            try (var reader = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                String line;
                while ((line = reader.readLine()) != null) {
                    out.println(prefix + line);
                }
            } catch (IOException ignored) {
                // the child is gone; its exit is reported elsewhere
            }
        }, prefix.trim() + "-output");
        pump.setDaemon(true);
        pump.start();
    }

    String name() {
        return name;
    }

    int port() {
        return port;
    }

    URI baseUrl() {
        return URI.create("http://localhost:" + port);
    }

    Process process() {
        return process;
    }

    Path logFile() {
        return logFile;
    }

    void stop(Duration grace) {
        if (process.isAlive()) {
            PidFile.stop(process.toHandle(), grace);
        }
    }
}
