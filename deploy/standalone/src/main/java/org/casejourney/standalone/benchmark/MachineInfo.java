package org.casejourney.standalone.benchmark;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

/** What the header line says about the machine and the code: load average, and the commits of the benchmark and the apps. */
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

    /**
     * The commits the two apps' jars were built from, for the header: one when both agree, each when they differ (an
     * older jar left in a {@code target} directory, or {@code CASEJOURNEY_APPS_DIR} naming other builds).
     */
    static String appsCommit(Path commandSide, Path querySide) {
        String command = jarCommit(commandSide);
        String query = jarCommit(querySide);
        return command.equals(query) ? "apps at " + command : "command side at " + command + ", query side at " + query;
    }

    /** The commit in a Spring Boot jar's {@code BOOT-INF/classes/git.properties}, or "unknown". */
    static String jarCommit(Path jar) {
        try (ZipFile zip = new ZipFile(jar.toFile())) {
            ZipEntry entry = zip.getEntry("BOOT-INF/classes/git.properties");
            String built = entry == null ? null : builtFrom(zip.getInputStream(entry));
            return built == null ? "unknown" : built;
        } catch (IOException e) {
            return "unknown";
        }
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
