package org.casejourney.infrastructure;

import kafka.server.KafkaConfig;
import kafka.server.KafkaRaftServer;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.utils.Time;
import org.apache.kafka.metadata.storage.Formatter;
import org.apache.kafka.server.common.MetadataVersion;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Properties;
import java.util.Set;

/**
 * A single-node Kafka broker in KRaft mode (no ZooKeeper), running Kafka's own server code in this
 * JVM, with its log in a directory that outlives the process and only its owner may read, listening
 * on localhost. Used when no cluster is configured.
 */
public final class InProcessKafkaBroker implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(InProcessKafkaBroker.class);

    private final KafkaRaftServer server;
    private final int port;

    private InProcessKafkaBroker(KafkaRaftServer server, int port) {
        this.server = server;
        this.port = port;
    }

    /**
     * Starts the broker on {@code logDirectory}, formatting it on first use.
     *
     * @param port 0 for any free port
     */
    public static InProcessKafkaBroker start(Path logDirectory, int port) {
        try {
            OwnerOnly.restrict(logDirectory); // the topic holds every event: readable by this user only
            int brokerPort = port > 0 ? port : LocalProcesses.freePort(Set.of());
            int controllerPort = LocalProcesses.freePort(Set.of(brokerPort));
            Properties props = new Properties();
            props.put("process.roles", "broker,controller");
            props.put("node.id", "1");
            props.put("controller.quorum.voters", "1@localhost:" + controllerPort);
            props.put("listeners", "PLAINTEXT://localhost:" + brokerPort + ",CONTROLLER://localhost:" + controllerPort);
            props.put("advertised.listeners", "PLAINTEXT://localhost:" + brokerPort);
            props.put("listener.security.protocol.map", "PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT");
            props.put("controller.listener.names", "CONTROLLER");
            props.put("inter.broker.listener.name", "PLAINTEXT");
            props.put("log.dirs", logDirectory.toAbsolutePath().toString());
            props.put("num.partitions", "1");
            props.put("offsets.topic.replication.factor", "1");
            props.put("offsets.topic.num.partitions", "4");
            props.put("transaction.state.log.replication.factor", "1");
            props.put("transaction.state.log.min.isr", "1");
            props.put("group.initial.rebalance.delay.ms", "0");
            props.put("auto.create.topics.enable", "false");
            // The standalone system keeps everything: the topic is a replayable copy of the store.
            props.put("log.retention.ms", "-1");
            // Flush each batch: a single broker has no replica to recover acknowledged records from.
            props.put("log.flush.interval.messages", "1");
            KafkaConfig config = KafkaConfig.fromProps(props, false);

            if (!Files.exists(logDirectory.resolve("meta.properties"))) {
                new Formatter()
                        .setNodeId(1)
                        .setClusterId(Uuid.randomUuid().toString())
                        .setDirectories(List.of(logDirectory.toAbsolutePath().toString()))
                        .setMetadataLogDirectory(logDirectory.toAbsolutePath().toString())
                        .setControllerListenerName("CONTROLLER")
                        .setReleaseVersion(MetadataVersion.LATEST_PRODUCTION)
                        .setPrintStream(System.out)
                        .run();
            }
            KafkaRaftServer server = new KafkaRaftServer(config, Time.SYSTEM);
            server.startup();
            log.info("Kafka broker (KRaft, in-process) listening on localhost:{}, log in {}", brokerPort, logDirectory);
            return new InProcessKafkaBroker(server, brokerPort);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (Exception e) {
            throw new IllegalStateException("could not start the in-process Kafka broker in " + logDirectory, e);
        }
    }

    public String bootstrapServers() {
        return "localhost:" + port;
    }

    @Override
    public void close() {
        server.shutdown();
        server.awaitShutdown();
    }
}
