package org.casejourney.standalone.launcher;

import org.casejourney.events.checkpoints.Checkpoint;
import org.casejourney.events.checkpoints.CheckpointKeys;
import org.casejourney.events.checkpoints.CheckpointLedger;
import org.casejourney.standalone.Options;

import java.nio.file.Path;
import java.util.List;
import java.util.Set;

/**
 * {@code verify-checkpoints}: checks the signed checkpoints offline, without the apps or the
 * database: every signature, numbering without a gap, each naming the one before.
 */
public final class VerifyCheckpointsCommand {

    private VerifyCheckpointsCommand() {
    }

    public static String usage() {
        return """
                verify-checkpoints: checks the command side's signed checkpoints offline (no app or database needed).
                  --directory DIR    where the checkpoint files are (default: DATA_DIR/checkpoints)
                  --public-key KEY   base64 X.509 Ed25519 public key (default: the one in DATA_DIR/keys.properties)
                  exits 0 when every checkpoint verifies, 1 when one does not
                """;
    }

    public static int run(List<String> args) {
        Options options = Options.parse(args, Set.of("directory", "public-key"), Set.of("help"));
        if (options.has("help")) {
            System.out.println(usage());
            return 0;
        }
        Path dataDir = StandaloneConfig.fromEnvironment(System.getenv(), Path.of("").toAbsolutePath()).dataDir();
        String directory = options.string("directory", null);
        String publicKey = options.string("public-key", null);
        if (directory == null || publicKey == null) {
            LocalKeys keys = LocalKeys.in(dataDir);
            directory = directory != null ? directory : keys.checkpoints().toString();
            publicKey = publicKey != null ? publicKey : keys.checkpointPublicKey();
        }
        CheckpointLedger.Verified verified;
        try {
            verified = CheckpointLedger.read(Path.of(directory), CheckpointKeys.publicKey(publicKey));
        } catch (IllegalArgumentException e) {
            throw new Options.UsageException("--public-key: " + e.getMessage());
        }
        Checkpoint latest = verified.latest();
        System.out.printf("%d checkpoints in %s; newest %s; %d streams anchored%n", verified.count(), directory,
                latest == null ? "none" : "#" + latest.number() + " taken at " + latest.takenAt(), verified.anchors().size());
        if (verified.holds()) {
            System.out.println("valid: every checkpoint is signed by the key, numbered without a gap and names the one before");
            return 0;
        }
        verified.problems().forEach(p -> System.out.println("INVALID: " + p));
        return 1;
    }
}
