package org.casejourney.standalone.launcher;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

class PidFileTest {

    @TempDir
    Path dir;

    @Test
    void processesLeftByAKilledLauncherAreStopped() throws Exception {
        Process orphan = new ProcessBuilder("sleep", "300").start();
        PidFile pids = new PidFile(dir.resolve("pids"));
        pids.write(List.of(PidFile.Entry.of("command-side", orphan.toHandle())));

        assertThat(pids.stopLeftovers(Duration.ofSeconds(5))).isEqualTo(1);
        assertThat(orphan.waitFor(5, TimeUnit.SECONDS)).isTrue();
        assertThat(Files.exists(dir.resolve("pids"))).isFalse();
    }

    @Test
    void aRecordedPidNowUsedByAnotherProcessIsLeftAlone() throws Exception {
        Process unrelated = new ProcessBuilder("sleep", "300").start();
        try {
            long otherStart = PidFile.Entry.of("x", unrelated.toHandle()).startMillis() - 60_000;
            PidFile pids = new PidFile(dir.resolve("pids"));
            pids.write(List.of(new PidFile.Entry("command-side", unrelated.pid(), otherStart)));

            assertThat(pids.stopLeftovers(Duration.ofSeconds(5))).isZero();
            assertThat(unrelated.isAlive()).isTrue();
        } finally {
            unrelated.destroyForcibly();
        }
    }

    @Test
    void entriesSurviveARoundTrip() {
        PidFile pids = new PidFile(dir.resolve("pids"));
        List<PidFile.Entry> entries = List.of(new PidFile.Entry("command-side", 12, 34), new PidFile.Entry("query-side", 56, 78));
        pids.write(entries);
        assertThat(pids.read()).isEqualTo(entries);
    }
}
