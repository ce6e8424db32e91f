package org.casejourney.standalone.launcher;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class StandaloneSystemTest {

    @TempDir
    Path dataDir;

    @Test
    void aDataDirectoryInUseByAnotherLauncherIsLeftAlone() throws Exception {
        Files.writeString(dataDir.resolve("pids"), "command-side 1 0\n");
        try (FileChannel other = FileChannel.open(dataDir.resolve("launcher.lock"), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
             var held = other.lock()) {
            assertThatThrownBy(() -> StandaloneSystem.start(StandaloneConfig.isolated(dataDir)))
                    .hasMessageContaining("Another launcher is running on " + dataDir);
        }
        assertThat(Files.readString(dataDir.resolve("pids"))).isEqualTo("command-side 1 0\n");
    }

    @Test
    void missingAppJarsStopTheStartBeforeAnythingRuns() {
        assertThatThrownBy(() -> StandaloneSystem.start(StandaloneConfig.isolated(dataDir).withAppsDir(dataDir)))
                .hasMessageContaining("CASEJOURNEY_APPS_DIR");
        assertThat(dataDir.resolve("postgres")).doesNotExist();
    }
}
