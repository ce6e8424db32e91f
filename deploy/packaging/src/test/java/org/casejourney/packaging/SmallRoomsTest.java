package org.casejourney.packaging;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Issue 16's small rooms (style.md, point 13): no class in any module's {@code src/main/java} over
 * 300 lines, and no method or constructor over 50, as {@link JavaRooms} counts them. Generated code
 * lives under {@code target/} and is not read.
 */
class SmallRoomsTest {

    static final int MAX_CLASS_LINES = 300;
    static final int MAX_METHOD_LINES = 50;

    @Test
    void noMainClassIsOver300LinesAndNoMethodOver50() {
        assertThat(overTheLimits()).as("split these by phase or by role (style.md, point 13)").isEmpty();
    }

    @Test
    void everyModulesMainSourcesAreRead() {
        Set<String> modules = new TreeSet<>();
        mainSources().keySet().forEach(file -> modules.add(file.substring(0, file.indexOf("/src/main/java/"))));
        assertThat(modules).contains("shared-events", "shared-platform", "command-side", "query-side", "deploy/infrastructure",
                "deploy/standalone", "deploy/fault-injection");
    }

    /** Each file or method over its limit ("path" or "path#method"), with its lines. */
    private static Map<String, String> overTheLimits() {
        JavaRooms.Sizes sizes = JavaRooms.measure(mainSources());
        Map<String, String> over = new TreeMap<>();
        sizes.rooms().stream().filter(r -> r.lines() > MAX_CLASS_LINES)
                .forEach(r -> over.put(r.file(), r.lines() + " lines"));
        sizes.methods().stream().filter(m -> m.lines() > MAX_METHOD_LINES)
                .forEach(m -> over.merge(m.file() + "#" + m.name(), m.lines() + " lines", (a, b) -> a + ", " + b));
        return over;
    }

    /** Every module's src/main/java sources, by their path from the repository root. */
    private static Map<String, String> mainSources() {
        Path root = Repository.root();
        Map<String, String> sources = new TreeMap<>();
        try (Stream<Path> files = Files.walk(root)) {
            List<Path> java = new ArrayList<>(files
                    .filter(p -> p.toString().endsWith(".java") && Files.isRegularFile(p))
                    .filter(p -> root.relativize(p).toString().replace('\\', '/').matches("([^/]+/)*src/main/java/.*"))
                    .filter(p -> !root.relativize(p).toString().replace('\\', '/').matches("(.*/)?(target|node_modules|\\.[^/]*)/.*"))
                    .toList());
            for (Path file : java) {
                sources.put(root.relativize(file).toString().replace('\\', '/'), Files.readString(file));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return sources;
    }
}
