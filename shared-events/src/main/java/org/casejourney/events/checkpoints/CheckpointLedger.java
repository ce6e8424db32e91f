package org.casejourney.events.checkpoints;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.PublicKey;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * The checkpoints kept in a directory, one file each ({@code checkpoint-00000001.json}), read and
 * checked as a whole: every signature by the public key, numbers from 1 without a gap, each
 * checkpoint naming the digest of the one before. Used by the command side and, offline, by the
 * launcher's {@code verify-checkpoints}.
 */
public final class CheckpointLedger {

    /** A stream's newest anchored head and the checkpoint that anchored it. */
    public record Anchor(long checkpoint, java.time.Instant takenAt, long sequence, String hash) {
    }

    /** The checkpoints as read, what is wrong with them (empty when all hold), and each stream's newest anchor. */
    public record Verified(List<Checkpoint> checkpoints, List<String> problems, Map<String, Anchor> anchors) {

        public Checkpoint latest() {
            return checkpoints.isEmpty() ? null : checkpoints.get(checkpoints.size() - 1);
        }

        public boolean holds() {
            return problems.isEmpty();
        }
    }

    private CheckpointLedger() {
    }

    public static Path file(Path directory, long number) {
        return directory.resolve(String.format("checkpoint-%08d.json", number));
    }

    /** Reads and checks every checkpoint in the directory (none when it does not exist). */
    public static Verified read(Path directory, PublicKey key) {
        List<Checkpoint> checkpoints = new ArrayList<>();
        List<String> problems = new ArrayList<>();
        if (Files.isDirectory(directory)) {
            try (Stream<Path> files = Files.list(directory)) {
                for (Path path : files.filter(p -> p.getFileName().toString().matches("checkpoint-\\d{8}\\.json")).sorted().toList()) {
                    try {
                        checkpoints.add(Checkpoint.fromJson(Files.readString(path, StandardCharsets.UTF_8)));
                    } catch (RuntimeException e) {
                        problems.add(path.getFileName() + " cannot be read as a checkpoint");
                    }
                }
            } catch (IOException e) {
                throw new UncheckedIOException("could not list the checkpoints in " + directory, e);
            }
        }
        return check(checkpoints, key, problems);
    }

    /** Checks checkpoints given in order (as read from a file or a topic). */
    public static Verified check(List<Checkpoint> checkpoints, PublicKey key, List<String> problemsSoFar) {
        List<String> problems = new ArrayList<>(problemsSoFar);
        Map<String, Anchor> anchors = new HashMap<>();
        Checkpoint before = null;
        for (Checkpoint checkpoint : checkpoints) {
            long expected = before == null ? 1 : before.number() + 1;
            if (checkpoint.number() != expected) {
                problems.add("checkpoint " + expected + " is missing (found " + checkpoint.number() + " next)");
            } else if (before != null && !before.digest().equals(checkpoint.previous())) {
                problems.add("checkpoint " + checkpoint.number() + " does not name the digest of checkpoint " + before.number());
            }
            if (!CheckpointKeys.signatureHolds(key, checkpoint)) {
                problems.add("checkpoint " + checkpoint.number() + " is not signed by the checkpoint key (altered or forged)");
            } else {
                for (Checkpoint.Head head : checkpoint.heads()) {
                    anchors.put(head.stream(), new Anchor(checkpoint.number(), checkpoint.takenAt(), head.sequence(), head.hash()));
                }
            }
            before = checkpoint;
        }
        return new Verified(List.copyOf(checkpoints), List.copyOf(problems), Map.copyOf(anchors));
    }

    /**
     * Writes the checkpoint as a new file, readable by the owner only; false when a file of that
     * number exists already (another instance took it first).
     */
    public static boolean write(Path directory, Checkpoint checkpoint) {
        try {
            Files.createDirectories(directory);
            Path temporary = Files.createTempFile(directory, ".checkpoint-", ".tmp");
            try {
                ownerOnly(temporary);
                Files.writeString(temporary, checkpoint.toJson() + "\n", StandardCharsets.UTF_8);
                try (var channel = java.nio.channels.FileChannel.open(temporary, java.nio.file.StandardOpenOption.WRITE)) {
                    channel.force(true);
                }
                Path target = file(directory, checkpoint.number());
                if (Files.exists(target)) {
                    return false;
                }
                Files.move(temporary, target, StandardCopyOption.ATOMIC_MOVE);
                return true;
            } catch (FileAlreadyExistsException e) {
                return false;
            } finally {
                Files.deleteIfExists(temporary);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("could not write checkpoint " + checkpoint.number() + " to " + directory, e);
        }
    }

    private static void ownerOnly(Path path) throws IOException {
        try {
            Files.setPosixFilePermissions(path, PosixFilePermissions.fromString("rw-------"));
        } catch (UnsupportedOperationException e) {
            // not a POSIX file system: the directory's own access control applies
        }
    }
}
