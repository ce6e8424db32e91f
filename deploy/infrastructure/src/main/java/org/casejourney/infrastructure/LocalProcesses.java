package org.casejourney.infrastructure;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/** Ports and processes on this machine: a free port to listen on, and stopping a process politely first. */
public final class LocalProcesses {

    private static final Logger log = LoggerFactory.getLogger(LocalProcesses.class);

    private LocalProcesses() {
    }

    /** A port nothing listens on now, and not one of {@code taken}. */
    public static int freePort(Set<Integer> taken) {
        for (int attempt = 0; attempt < 20; attempt++) {
            try (ServerSocket socket = new ServerSocket(0)) {
                socket.setReuseAddress(true);
                if (!taken.contains(socket.getLocalPort())) {
                    return socket.getLocalPort();
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        throw new IllegalStateException("no free port found");
    }

    /** SIGTERM, then SIGKILL after the grace period; a child of this process or one an earlier process left behind. */
    public static void stop(ProcessHandle process, Duration grace) {
        process.destroy();
        if (!awaitExit(process, grace)) {
            process.destroyForcibly();
            if (!awaitExit(process, Duration.ofSeconds(30))) {
                log.error("Process {} did not stop even when killed", process.pid());
            }
        }
    }

    /** True once the process has exited, false when the timeout passed first. */
    public static boolean awaitExit(ProcessHandle process, Duration timeout) {
        try {
            process.onExit().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        } catch (Exception e) {
            return !process.isAlive();
        }
    }
}
