package org.casejourney.standalone.launcher;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/** Two launchers on one data directory would corrupt each other's database and stop each other's apps. */
final class DataDirectoryLock implements AutoCloseable {

    private final FileChannel channel;
    private final FileLock lock;

    private DataDirectoryLock(FileChannel channel, FileLock lock) {
        this.channel = channel;
        this.lock = lock;
    }

    /** Takes DATA_DIR/launcher.lock, or fails naming the directory when another launcher holds it. */
    static DataDirectoryLock take(Path dataDir) {
        Path lockFile = dataDir.resolve("launcher.lock");
        FileChannel channel;
        FileLock lock;
        try {
            channel = FileChannel.open(lockFile, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot lock " + lockFile, e);
        }
        try {
            lock = channel.tryLock();
        } catch (OverlappingFileLockException e) {
            lock = null;
        } catch (IOException e) {
            closeQuietly(channel);
            throw new UncheckedIOException("cannot lock " + lockFile, e);
        }
        if (lock == null) {
            closeQuietly(channel);
            throw new IllegalStateException("Another launcher is running on " + dataDir
                    + "; stop it first or set CASEJOURNEY_DATA_DIR to another directory.");
        }
        return new DataDirectoryLock(channel, lock);
    }

    private static void closeQuietly(FileChannel channel) {
        try {
            channel.close();
        } catch (IOException ignored) {
            // nothing was locked through it
        }
    }

    @Override
    public void close() throws IOException {
        lock.release();
        channel.close();
    }
}
