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

    /**
     * How many checkpoints were read and checked, the newest, what is wrong with them (empty when all hold), and
     * each stream's newest anchor. The checkpoints themselves are not kept: a ledger of years holds hundreds of
     * thousands, and what a check needs from them is the newest one and the anchors.
     */
    public record Verified(long count, Checkpoint latest, List<String> problems, Map<String, Anchor> anchors) {

        public static final Verified EMPTY = new Verified(0, null, List.of(), Map.of());

        public boolean holds() {
            return problems.isEmpty();
        }
    }

    private CheckpointLedger() {
    }

    /** Whether a file name is a checkpoint's ({@code checkpoint-00000001.json}). */
    public static boolean isCheckpointFile(String name) {
        return name.matches("checkpoint-\\d{8}\\.json");
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
                for (Path path : files.filter(p -> isCheckpointFile(p.getFileName().toString())).sorted().toList()) {
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

    /**
     * The ledger {@code known} extended by the checkpoints written after its newest ({@code known.latest().number() + 1}
     * and on, until a number has no file), each checked as the continuation of the one before; the files already
     * checked are not read again. {@code known} must hold; a file that cannot be read is a problem, as in {@link #read}.
     */
    public static Verified readAfter(Verified known, Path directory, PublicKey key) {
        if (!known.holds()) {
            throw new IllegalArgumentException("only a ledger that holds can be extended: read it whole again");
        }
        List<Checkpoint> newer = new ArrayList<>();
        List<String> problems = new ArrayList<>();
        for (long number = known.latest() == null ? 1 : known.latest().number() + 1; ; number++) {
            Path path = file(directory, number);
            if (!Files.exists(path)) {
                break;
            }
            try {
                newer.add(Checkpoint.fromJson(Files.readString(path, StandardCharsets.UTF_8)));
            } catch (IOException | RuntimeException e) {
                problems.add(path.getFileName() + " cannot be read as a checkpoint");
                break;
            }
        }
        return newer.isEmpty() && problems.isEmpty() ? known : check(known, newer, key, problems);
    }

    /** Checks checkpoints given in order (as read from a file or a topic). */
    public static Verified check(List<Checkpoint> checkpoints, PublicKey key, List<String> problemsSoFar) {
        return check(Verified.EMPTY, checkpoints, key, problemsSoFar);
    }

    private static Verified check(Verified known, List<Checkpoint> checkpoints, PublicKey key, List<String> problemsSoFar) {
        List<String> problems = new ArrayList<>(known.problems());
        problems.addAll(problemsSoFar);
        Map<String, Anchor> anchors = new HashMap<>(known.anchors());
        Checkpoint before = known.latest();
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
        return new Verified(known.count() + checkpoints.size(), before, List.copyOf(problems), Map.copyOf(anchors));
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
