package org.casejourney.standalone.launcher;

import org.casejourney.events.checkpoints.Checkpoint;
import org.casejourney.events.checkpoints.CheckpointKeys;
import org.casejourney.events.checkpoints.CheckpointLedger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class VerifyCheckpointsCommandTest {

    @TempDir
    Path directory;

    @Test
    void validCheckpointsPassOfflineAndAnAlteredOneFails() throws Exception {
        KeyPair keys = CheckpointKeys.generate();
        Checkpoint one = CheckpointKeys.sign(keys.getPrivate(), null, Instant.parse("2026-12-01T00:00:00Z"),
                List.of(new Checkpoint.Head("ps-a", 3, "h3")));
        Checkpoint two = CheckpointKeys.sign(keys.getPrivate(), one, Instant.parse("2026-12-01T00:05:00Z"),
                List.of(new Checkpoint.Head("ps-b", 1, "h1")));
        CheckpointLedger.write(directory, one);
        CheckpointLedger.write(directory, two);
        List<String> args = List.of("--directory", directory.toString(), "--public-key", CheckpointKeys.encode(keys.getPublic()));

        assertThat(VerifyCheckpointsCommand.run(args)).isZero();

        Path first = CheckpointLedger.file(directory, 1);
        Files.writeString(first, Files.readString(first).replace("\"sequence\":3", "\"sequence\":2"));
        assertThat(VerifyCheckpointsCommand.run(args)).isEqualTo(1);
    }
}
