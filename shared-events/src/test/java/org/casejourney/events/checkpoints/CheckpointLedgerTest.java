package org.casejourney.events.checkpoints;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class CheckpointLedgerTest {

    private final KeyPair keys = CheckpointKeys.generate();
    private final Instant t0 = Instant.parse("2026-12-01T00:00:00Z");

    @TempDir
    Path directory;

    @Test
    void checkpointsTakenInTurnVerifyAndTheNewestAnchorOfEachStreamWins() {
        takeThree();

        CheckpointLedger.Verified verified = CheckpointLedger.read(directory, keys.getPublic());

        assertThat(verified.problems()).isEmpty();
        assertThat(verified.count()).isEqualTo(3);
        assertThat(verified.latest().number()).isEqualTo(3);
        assertThat(verified.anchors().get("ps-a").sequence()).isEqualTo(7);
        assertThat(verified.anchors().get("ps-a").checkpoint()).isEqualTo(3);
        assertThat(verified.anchors().get("ps-b").sequence()).isEqualTo(2);
    }

    @Test
    void anAlteredCheckpointIsReportedAndItsHeadsAreNotTrusted() throws Exception {
        takeThree();
        Path second = CheckpointLedger.file(directory, 2);
        Files.writeString(second, Files.readString(second).replace("\"sequence\":2", "\"sequence\":1"));

        CheckpointLedger.Verified verified = CheckpointLedger.read(directory, keys.getPublic());

        assertThat(verified.problems()).anySatisfy(p -> assertThat(p).contains("checkpoint 2 is not signed"));
        assertThat(verified.problems()).anySatisfy(p -> assertThat(p).contains("checkpoint 3 does not name the digest of checkpoint 2"));
    }

    @Test
    void aRemovedCheckpointOrOneSignedByAnotherKeyIsReported() throws Exception {
        takeThree();
        Files.delete(CheckpointLedger.file(directory, 2));
        assertThat(CheckpointLedger.read(directory, keys.getPublic()).problems())
                .anySatisfy(p -> assertThat(p).contains("checkpoint 2 is missing"));

        KeyPair other = CheckpointKeys.generate();
        assertThat(CheckpointLedger.read(directory, other.getPublic()).problems())
                .anySatisfy(p -> assertThat(p).contains("checkpoint 1 is not signed"));
    }

    @Test
    void aLedgerExtendedByTheFilesWrittenSinceIsTheLedgerReadWhole() {
        Checkpoint one = CheckpointKeys.sign(keys.getPrivate(), null, t0, List.of(new Checkpoint.Head("ps-a", 3, "h3")));
        assertThat(CheckpointLedger.write(directory, one)).isTrue();
        CheckpointLedger.Verified first = CheckpointLedger.read(directory, keys.getPublic());
        assertThat(CheckpointLedger.readAfter(first, directory, keys.getPublic())).as("nothing new: the same ledger").isSameAs(first);

        Checkpoint two = CheckpointKeys.sign(keys.getPrivate(), one, t0.plusSeconds(300), List.of(new Checkpoint.Head("ps-b", 2, "hb2")));
        Checkpoint three = CheckpointKeys.sign(keys.getPrivate(), two, t0.plusSeconds(600), List.of(new Checkpoint.Head("ps-a", 7, "h7")));
        assertThat(CheckpointLedger.write(directory, two)).isTrue();
        assertThat(CheckpointLedger.write(directory, three)).isTrue();
        CheckpointLedger.Verified extended = CheckpointLedger.readAfter(first, directory, keys.getPublic());

        assertThat(extended).isEqualTo(CheckpointLedger.read(directory, keys.getPublic()));
        assertThat(extended.count()).isEqualTo(3);
        assertThat(extended.anchors().get("ps-a").checkpoint()).isEqualTo(3);
        assertThat(extended.anchors().get("ps-b").sequence()).isEqualTo(2);
    }

    @Test
    void aNewerCheckpointThatDoesNotFollowTheKnownOneIsReportedWhenExtending() {
        Checkpoint one = CheckpointKeys.sign(keys.getPrivate(), null, t0, List.of(new Checkpoint.Head("ps-a", 3, "h3")));
        assertThat(CheckpointLedger.write(directory, one)).isTrue();
        CheckpointLedger.Verified first = CheckpointLedger.read(directory, keys.getPublic());
        Checkpoint forgedSecond = CheckpointKeys.sign(keys.getPrivate(), null, t0.plusSeconds(300), List.of(new Checkpoint.Head("ps-a", 1, "h1")));
        Checkpoint renumbered = new Checkpoint(forgedSecond.format(), 2, forgedSecond.takenAt(), forgedSecond.previous(),
                forgedSecond.heads(), forgedSecond.signature());
        assertThat(CheckpointLedger.write(directory, renumbered)).isTrue();

        CheckpointLedger.Verified extended = CheckpointLedger.readAfter(first, directory, keys.getPublic());

        assertThat(extended.holds()).isFalse();
        assertThat(extended.problems()).anySatisfy(p -> assertThat(p).contains("checkpoint 2 does not name the digest of checkpoint 1"));
        assertThat(extended.problems()).anySatisfy(p -> assertThat(p).contains("checkpoint 2 is not signed"));
        assertThat(extended.anchors().get("ps-a").sequence()).as("an unsigned checkpoint anchors nothing").isEqualTo(3);
    }

    @Test
    void aNumberTakenAlreadyIsNotOverwritten() {
        Checkpoint first = CheckpointKeys.sign(keys.getPrivate(), null, t0, List.of(new Checkpoint.Head("ps-a", 1, "h1")));
        Checkpoint rival = CheckpointKeys.sign(keys.getPrivate(), null, t0, List.of(new Checkpoint.Head("ps-z", 1, "hz")));

        assertThat(CheckpointLedger.write(directory, first)).isTrue();
        assertThat(CheckpointLedger.write(directory, rival)).isFalse();
        assertThat(CheckpointLedger.read(directory, keys.getPublic()).latest()).isEqualTo(first);
    }

    private void takeThree() {
        Checkpoint one = CheckpointKeys.sign(keys.getPrivate(), null, t0, List.of(new Checkpoint.Head("ps-a", 3, "h3")));
        Checkpoint two = CheckpointKeys.sign(keys.getPrivate(), one, t0.plusSeconds(300), List.of(new Checkpoint.Head("ps-b", 2, "hb2")));
        Checkpoint three = CheckpointKeys.sign(keys.getPrivate(), two, t0.plusSeconds(600), List.of(new Checkpoint.Head("ps-a", 7, "h7")));
        for (Checkpoint c : List.of(one, two, three)) {
            assertThat(CheckpointLedger.write(directory, c)).isTrue();
        }
    }
}
