package org.casejourney.infrastructure.supervisor;

import org.casejourney.infrastructure.EmbeddedPostgresServer;
import org.casejourney.infrastructure.InProcessKafkaBroker;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * The parts of the system on this machine, each separately stoppable: the embedded PostgreSQL, a
 * Kafka broker (in this process, or as a child JVM that can be killed), and the apps as child JVMs.
 * {@link #close()} stops the apps gracefully, then the broker, then PostgreSQL. The standalone
 * launcher and the fault-injection suite both run the system through it.
 */
public final class Supervisor implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(Supervisor.class);
    public static final Duration STOP_GRACE = Duration.ofSeconds(30);

    private final List<ChildJvm> apps = new CopyOnWriteArrayList<>();
    private final CompletableFuture<String> unexpectedExit = new CompletableFuture<>();
    private final Readiness readiness = new Readiness();
    private EmbeddedPostgresServer postgres;
    private InProcessKafkaBroker kafka;
    private ChildJvm kafkaProcess;
    private volatile boolean closing;
    private boolean closed;

    public synchronized EmbeddedPostgresServer startPostgres(Path dataDirectory, int port, String superuserPassword) {
        ensureNotClosing();
        postgres = EmbeddedPostgresServer.start(dataDirectory, port, superuserPassword);
        return postgres;
    }

    /** A fast shutdown (pg_ctl stop -m fast): every open connection of the apps is cut. */
    public synchronized void stopPostgres() {
        postgres.close();
        postgres = null;
    }

    /** The broker in this process; returns its bootstrap servers. */
    public synchronized String startKafka(Path logDirectory, int port) {
        ensureNotClosing();
        kafka = InProcessKafkaBroker.start(logDirectory, port);
        return kafka.bootstrapServers();
    }

    /**
     * The broker as a child JVM ({@link BrokerProcess}) on its log directory and port, so it can be
     * killed; started again by calling this again. Returns once it listens.
     */
    public synchronized ChildJvm startKafkaProcess(Path logDirectory, int port, List<String> javaOptions, Path logFile) {
        ensureNotClosing();
        if (kafkaProcess == null) {
            kafkaProcess = new ChildJvm(ChildJvm.Spec.main("kafka", BrokerProcess.class, javaOptions,
                    List.of(logDirectory.toString(), String.valueOf(port)), port, logFile));
        }
        kafkaProcess.start();
        kafkaProcess.awaitOutput(BrokerProcess.READY, Duration.ofSeconds(120));
        return kafkaProcess;
    }

    /** Starts an app; {@link #awaitHealthy} waits for it. */
    public synchronized ChildJvm startApp(ChildJvm.Spec spec) {
        ensureNotClosing();
        ChildJvm app = new ChildJvm(spec);
        app.start();
        apps.add(app);
        watch(app);
        return app;
    }

    /** Starts an app that was stopped or killed again, with the same settings. */
    public synchronized void startAgain(ChildJvm app) {
        ensureNotClosing();
        app.start();
        watch(app);
    }

    /** Stops an app (SIGTERM, SIGKILL after the grace period) and forgets it. */
    public void remove(ChildJvm app) {
        apps.remove(app);
        app.stop(STOP_GRACE);
    }

    private void watch(ChildJvm app) {
        Process process = app.process();
        process.onExit().thenAccept(exited -> {
            if (!closing && apps.contains(app) && app.process() == process && app.exitedByItself()) {
                unexpectedExit.complete(app.exitDescription());
            }
        });
    }

    /**
     * Returns once every app answers UP on {@code /actuator/health}; fails as soon as one exits.
     *
     * @param hint added to the message when the timeout passes
     */
    public void awaitHealthy(List<ChildJvm> starting, Duration timeout, String hint) {
        readiness.await(starting, timeout, hint, () -> closing);
    }

    /** Completes with a message when an app exits by itself while the system is meant to be running. */
    public CompletableFuture<String> unexpectedExit() {
        return unexpectedExit;
    }

    public List<ChildJvm> apps() {
        return List.copyOf(apps);
    }

    public ChildJvm app(String name) {
        return apps.stream().filter(a -> a.name().equals(name)).findFirst().orElseThrow();
    }

    /** Stop requested, e.g. Ctrl-C during start-up: whatever has not started yet must not start. */
    private void ensureNotClosing() {
        if (closing) {
            throw new IllegalStateException("stopped while starting");
        }
    }

    /** Stops the apps (gracefully, then forcibly after 30 s), then the broker, then PostgreSQL. Safe to call twice. */
    @Override
    public void close() {
        closing = true;
        synchronized (this) {
            if (closed) {
                return;
            }
            closed = true;
            CompletableFuture.allOf(apps.stream()
                    .map(app -> CompletableFuture.runAsync(() -> {
                        log.info("Stopping {}", app.name());
                        app.stop(STOP_GRACE);
                    }))
                    .toArray(CompletableFuture[]::new)).join();
            if (kafka != null) {
                log.info("Stopping the Kafka broker");
                quietly(kafka::close);
            }
            if (kafkaProcess != null) {
                log.info("Stopping the Kafka broker");
                quietly(() -> kafkaProcess.stop(Duration.ofSeconds(60)));
            }
            if (postgres != null) {
                log.info("Stopping PostgreSQL");
                quietly(postgres::close);
                postgres = null;
            }
        }
    }

    private static void quietly(Runnable step) {
        try {
            step.run();
        } catch (RuntimeException e) {
            log.warn("Error while stopping: {}", e.toString());
        }
    }

    /** Sleeps; an interruption ends the wait with a failure, as it ends every wait of the system's start and faults. */
    public static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
