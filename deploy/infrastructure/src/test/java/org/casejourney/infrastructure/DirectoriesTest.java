package org.casejourney.infrastructure;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

class DirectoriesTest {

    @Test
    void deletesATreeAndIsContentWhenItIsAlreadyGone(@TempDir Path temp) throws IOException {
        Path root = temp.resolve("data");
        Files.createDirectories(root.resolve("a/b/c"));
        Files.writeString(root.resolve("a/b/c/file"), "x");
        Files.writeString(root.resolve("a/top"), "y");

        Directories.deleteTree(root);
        Directories.deleteTree(root);

        assertThat(root).doesNotExist();
        assertThat(temp).exists();
    }

    @Test
    void aFileThatVanishesWhileTheTreeIsWalkedIsNotAnError(@TempDir Path temp) throws IOException {
        Path root = temp.resolve("data");
        Files.createDirectories(root.resolve("pg_wal"));
        for (int i = 0; i < 200; i++) {
            Files.writeString(root.resolve("pg_wal/segment-" + i), "x");
        }
        Thread remover = new Thread(() -> {
            for (int i = 199; i >= 0; i--) {
                root.resolve("pg_wal/segment-" + i).toFile().delete();
            }
        });
        remover.start();
        Directories.deleteTree(root);
        assertThat(root).doesNotExist();
    }
}
