package org.casejourney.standalone.benchmark;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
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

    /** {@code git describe --always --dirty} of the working directory, else the jar's version. */
    static String commit() {
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
}
