package org.casejourney.standalone.benchmark;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/** The benchmark's header names the commit its jar was built from, and those of the apps it started. */
class MachineInfoTest {

    @Test
    void theCommitComesFromTheBuildsGitProperties() {
        assertThat(MachineInfo.builtFrom(properties("git.commit.id.abbrev=0677fe3\ngit.dirty=false\n"))).isEqualTo("0677fe3");
        assertThat(MachineInfo.builtFrom(properties("git.commit.id.abbrev=0677fe3\ngit.dirty=true\n"))).isEqualTo("0677fe3-dirty");
        assertThat(MachineInfo.builtFrom(properties("git.dirty=false\n"))).isNull();
        assertThat(MachineInfo.builtFrom(null)).isNull();
    }

    @Test
    void theBuildWritesTheCommitAndTheHeaderUsesIt() {
        // a checkout with its .git (CI's clean clone) gets git.properties from the build; a source tree without one does not
        assumeTrue(Files.isDirectory(Path.of("../../.git")), "not a git checkout");
        assertThat(MachineInfo.class.getResource("/git.properties")).isNotNull();
        assertThat(MachineInfo.commit()).matches("commit [0-9a-f]{7,}(-dirty)?");
    }

    @Test
    void theHeaderNamesTheCommitsTheAppsJarsWereBuiltFrom(@TempDir Path dir) throws IOException {
        Path command = jar(dir.resolve("command.jar"), "git.commit.id.abbrev=5b7e8f5\ngit.dirty=false\n");
        Path query = jar(dir.resolve("query.jar"), "git.commit.id.abbrev=5b7e8f5\ngit.dirty=false\n");
        Path older = jar(dir.resolve("older.jar"), "git.commit.id.abbrev=1e1effb\ngit.dirty=true\n");
        Path without = jar(dir.resolve("without.jar"), null);

        assertThat(MachineInfo.appsCommit(command, query)).isEqualTo("apps at 5b7e8f5");
        assertThat(MachineInfo.appsCommit(command, older)).isEqualTo("command side at 5b7e8f5, query side at 1e1effb-dirty");
        assertThat(MachineInfo.appsCommit(without, dir.resolve("missing.jar"))).isEqualTo("apps at unknown");
    }

    @Test
    void theBuildPutsTheCommitInEachAppsJar() {
        // the apps' own builds write git.properties into their classes, which their runnable jars carry
        assumeTrue(Files.isDirectory(Path.of("../../.git")), "not a git checkout");
        for (String app : new String[]{"command-side", "query-side"}) {
            Path built = Path.of("../..", app, "target", "classes", "git.properties");
            assumeTrue(Files.isDirectory(built.getParent()), app + " not built in this tree");
            assertThat(built).as(app).exists();
        }
    }

    /** A jar laid out as Spring Boot's, with {@code git.properties} among its classes when given. */
    private static Path jar(Path path, String gitProperties) throws IOException {
        try (ZipOutputStream zip = new ZipOutputStream(Files.newOutputStream(path))) {
            zip.putNextEntry(new ZipEntry("BOOT-INF/classes/application.yml"));
            zip.write("spring: {}\n".getBytes(StandardCharsets.UTF_8));
            if (gitProperties != null) {
                zip.putNextEntry(new ZipEntry("BOOT-INF/classes/git.properties"));
                zip.write(gitProperties.getBytes(StandardCharsets.ISO_8859_1));
            }
        }
        return path;
    }

    private static ByteArrayInputStream properties(String text) {
        return new ByteArrayInputStream(text.getBytes(StandardCharsets.ISO_8859_1));
    }
}
