package org.casejourney.standalone.launcher;

import org.casejourney.infrastructure.LocalProcesses;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The apps' process ids, so that a launcher killed with {@code kill -9} (whose children keep running
 * and keep the ports) can be cleaned up by the next one. Each line is {@code name pid startMillis}:
 * the start time tells our child from an unrelated process that reused the pid.
 */
final class PidFile {

    private static final Logger log = LoggerFactory.getLogger(PidFile.class);

    record Entry(String name, long pid, long startMillis) {

        static Entry of(String name, ProcessHandle process) {
            return new Entry(name, process.pid(), process.info().startInstant().map(Instant::toEpochMilli).orElse(0L));
        }

        /** The process this entry names, if it is still alive and is still the one that was recorded. */
        Optional<ProcessHandle> liveProcess() {
            return ProcessHandle.of(pid)
                    .filter(ProcessHandle::isAlive)
                    .filter(p -> startMillis == 0 || p.info().startInstant().map(Instant::toEpochMilli).orElse(startMillis) == startMillis);
        }
    }

    private final Path file;

    PidFile(Path file) {
        this.file = file;
    }

    List<Entry> read() {
        if (!Files.exists(file)) {
            return List.of();
        }
        try {
            List<Entry> entries = new ArrayList<>();
            for (String line : Files.readAllLines(file)) {
                String[] parts = line.trim().split("\\s+");
                if (parts.length == 3) {
                    try {
                        entries.add(new Entry(parts[0], Long.parseLong(parts[1]), Long.parseLong(parts[2])));
                    } catch (NumberFormatException ignored) {
                        log.warn("Ignoring unreadable line in {}: {}", file, line);
                    }
                }
            }
            return entries;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    void write(List<Entry> entries) {
        StringBuilder text = new StringBuilder();
        entries.forEach(e -> text.append(e.name()).append(' ').append(e.pid()).append(' ').append(e.startMillis()).append('\n'));
        try {
            Path temp = file.resolveSibling(file.getFileName() + ".tmp");
            Files.writeString(temp, text);
            Files.move(temp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    void delete() {
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Stops every recorded process that an earlier launcher left running; returns how many there were. */
    int stopLeftovers(Duration grace) {
        int stopped = 0;
        for (Entry entry : read()) {
            Optional<ProcessHandle> process = entry.liveProcess();
            if (process.isPresent()) {
                log.warn("Stopping {} (pid {}) left running by an earlier launcher", entry.name(), entry.pid());
                LocalProcesses.stop(process.get(), grace);
                stopped++;
            }
        }
        delete();
        return stopped;
    }
}
