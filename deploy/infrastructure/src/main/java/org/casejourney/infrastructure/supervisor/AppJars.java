package org.casejourney.infrastructure.supervisor;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;

/** The two apps' runnable jars: in the configured directory, or in the apps' {@code target} directories of the repository. */
public record AppJars(Path commandSide, Path querySide) {

    static final String COMMAND_SIDE = "casejourney-command-side";
    static final String QUERY_SIDE = "casejourney-query-side";
    private static final int LEVELS_UP = 4;

    public static AppJars locate(Path appsDir, Path workingDirectory) {
        List<Path> candidates = new ArrayList<>();
        if (appsDir != null) {
            candidates.add(appsDir);
        } else {
            for (Path root : searchRoots(workingDirectory)) {
                Path dir = root;
                for (int i = 0; i <= LEVELS_UP && dir != null; i++, dir = dir.getParent()) {
                    candidates.add(dir);
                }
            }
        }
        Optional<Path> command = find(candidates, COMMAND_SIDE, "command-side");
        Optional<Path> query = find(candidates, QUERY_SIDE, "query-side");
        if (command.isEmpty() || query.isEmpty()) {
            throw new IllegalStateException("Cannot find the apps' runnable jars (" + COMMAND_SIDE + "-*-exec.jar and "
                    + QUERY_SIDE + "-*-exec.jar) " + (appsDir != null ? "in " + appsDir : "in command-side/target and query-side/target of the repository")
                    + ". Build them with ./mvnw -DskipTests package from the repository root, or set CASEJOURNEY_APPS_DIR.");
        }
        return new AppJars(command.get(), query.get());
    }

    /** The working directory, and the directory of the launcher jar when it runs from one. */
    private static Set<Path> searchRoots(Path workingDirectory) {
        Set<Path> roots = new LinkedHashSet<>();
        roots.add(workingDirectory.toAbsolutePath().normalize());
        for (String entry : System.getProperty("java.class.path", "").split(File.pathSeparator)) {
            if (entry.endsWith("casejourney-standalone.jar")) {
                Path parent = Path.of(entry).toAbsolutePath().normalize().getParent();
                if (parent != null) {
                    roots.add(parent);
                }
            }
        }
        return roots;
    }

    private static Optional<Path> find(List<Path> dirs, String artifact, String module) {
        for (Path dir : dirs) {
            for (Path candidate : List.of(dir, dir.resolve(module).resolve("target"))) {
                Optional<Path> jar = newestJar(candidate, artifact);
                if (jar.isPresent()) {
                    return jar;
                }
            }
        }
        return Optional.empty();
    }

    private static Optional<Path> newestJar(Path dir, String artifact) {
        if (!Files.isDirectory(dir)) {
            return Optional.empty();
        }
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(f -> {
                        String name = f.getFileName().toString();
                        return name.startsWith(artifact + "-") && name.endsWith("-exec.jar");
                    })
                    .max(Comparator.comparing(AppJars::modified));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static long modified(Path file) {
        try {
            return Files.getLastModifiedTime(file).toMillis();
        } catch (IOException e) {
            return 0;
        }
    }
}
