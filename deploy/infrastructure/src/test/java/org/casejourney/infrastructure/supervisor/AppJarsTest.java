package org.casejourney.infrastructure.supervisor;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class AppJarsTest {

    @TempDir
    Path repo;

    @Test
    void theJarsAreFoundInTheRepositoryLayoutFromASubdirectory() throws Exception {
        Path command = touch(repo.resolve("command-side/target/casejourney-command-side-0.1.0-SNAPSHOT-exec.jar"));
        Path query = touch(repo.resolve("query-side/target/casejourney-query-side-0.1.0-SNAPSHOT-exec.jar"));
        touch(repo.resolve("command-side/target/casejourney-command-side-0.1.0-SNAPSHOT.jar"));

        AppJars jars = AppJars.locate(null, Files.createDirectories(repo.resolve("deploy/standalone")));

        assertThat(jars).isEqualTo(new AppJars(command, query));
    }

    @Test
    void aConfiguredDirectoryIsUsedAsIs() throws Exception {
        Path command = touch(repo.resolve("apps/casejourney-command-side-1.2.0-exec.jar"));
        Path query = touch(repo.resolve("apps/casejourney-query-side-1.2.0-exec.jar"));

        assertThat(AppJars.locate(repo.resolve("apps"), Path.of("/"))).isEqualTo(new AppJars(command, query));
    }

    @Test
    void missingJarsAreReportedWithTheWayToBuildThem() {
        assertThatThrownBy(() -> AppJars.locate(repo, repo))
                .hasMessageContaining("mvnw").hasMessageContaining("CASEJOURNEY_APPS_DIR");
    }

    private static Path touch(Path file) throws Exception {
        Files.createDirectories(file.getParent());
        return Files.write(file, new byte[0]);
    }
}
