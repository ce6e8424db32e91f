package org.casejourney.faults;

import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * One running system for every scenario of the JVM: starting it costs half a minute of two shared
 * cores, and each scenario leaves it whole and uses its own people. Stopped after the last test.
 */
final class SharedSystem implements BeforeAllCallback, ExtensionContext.Store.CloseableResource {

    private static LocalSystem system;

    static synchronized LocalSystem get() {
        if (system == null) {
            try {
                Path dir = Files.createTempDirectory(Path.of("target").toAbsolutePath(), "fault-injection-");
                LocalSystem started = LocalSystem.start(dir);
                // a test JVM stopped early must not leave its child processes behind
                Runtime.getRuntime().addShutdownHook(new Thread(started::close, "fault-injection-stop"));
                system = started;
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return system;
    }

    @Override
    public void beforeAll(ExtensionContext context) {
        context.getRoot().getStore(ExtensionContext.Namespace.GLOBAL).getOrComputeIfAbsent(SharedSystem.class, k -> {
            get();
            return this;
        });
    }

    @Override
    public synchronized void close() {
        if (system != null) {
            system.close();
            system.deleteData();
            system = null;
        }
    }
}
