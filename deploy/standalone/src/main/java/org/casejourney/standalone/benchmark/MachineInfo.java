package org.casejourney.standalone.benchmark;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;
import java.util.concurrent.TimeUnit;

/** What the header line says about the machine and the code: load average and commit. */
final class MachineInfo {

    private MachineInfo() {
    }

    /** The 1, 5 and 15 minute load averages from /proc/loadavg, or "unknown" off Linux. */
    static String loadAverage() {
        try {
            String[] fields = Files.readString(Path.of("/proc/loadavg")).trim().split("\\s+");
            return fields[0] + " " + fields[1] + " " + fields[2];
        } catch (IOException | RuntimeException e) {
            return "unknown";
        }
    }

    /**
     * The commit this jar was built from ({@code git.properties}, written by the build), else {@code git describe
     * --always --dirty} of the working directory, else the jar's version.
     */
    static String commit() {
        String built = builtFrom(MachineInfo.class.getResourceAsStream("/git.properties"));
        if (built != null) {
            return "commit " + built;
        }
        try {
            Process git = new ProcessBuilder("git", "describe", "--always", "--dirty").redirectErrorStream(true).start();
            if (git.waitFor(5, TimeUnit.SECONDS) && git.exitValue() == 0) {
                return "commit " + new String(git.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
            }
            git.destroyForcibly();
        } catch (IOException e) {
            // no git here: fall back to the jar's version
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        String version = MachineInfo.class.getPackage().getImplementationVersion();
        return "commit unknown (jar version " + (version == null ? "unknown" : version) + ")";
    }

    /** {@code <abbreviated id>} or {@code <abbreviated id>-dirty} from a git.properties; null when absent or without an id. */
    static String builtFrom(InputStream gitProperties) {
        if (gitProperties == null) {
            return null;
        }
        Properties git = new Properties();
        try (InputStream in = gitProperties) {
            git.load(in);
        } catch (IOException e) {
            return null;
        }
        String id = git.getProperty("git.commit.id.abbrev");
        if (id == null || id.isBlank()) {
            return null;
        }
        return "true".equals(git.getProperty("git.dirty")) ? id + "-dirty" : id;
    }
}
