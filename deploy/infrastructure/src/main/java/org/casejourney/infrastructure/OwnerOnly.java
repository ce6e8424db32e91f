package org.casejourney.infrastructure;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;

/** POSIX permissions for data only its owner may read: 0700 directories, 0600 files. */
public final class OwnerOnly {

    public static final Set<PosixFilePermission> DIRECTORY = PosixFilePermissions.fromString("rwx------");
    public static final FileAttribute<Set<PosixFilePermission>> FILE = PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------"));

    private OwnerOnly() {
    }

    /** A new temporary file only its owner may read (where the file system has POSIX permissions). */
    static Path newTemporaryFile(String prefix, String suffix) throws IOException {
        try {
            return Files.createTempFile(prefix, suffix, FILE);
        } catch (UnsupportedOperationException e) {
            return Files.createTempFile(prefix, suffix);
        }
    }

    /** Makes {@code directory} (created if absent) readable by its owner only; a file system without POSIX permissions is left as it is. */
    public static void restrict(Path directory) throws IOException {
        Files.createDirectories(directory);
        try {
            Files.setPosixFilePermissions(directory, DIRECTORY);
        } catch (UnsupportedOperationException e) {
            // Windows: the directory keeps its ACLs
        }
    }
}
