package org.casejourney.command.platform;

import org.axonframework.common.jdbc.DataSourceConnectionProvider;
import org.axonframework.common.transaction.NoTransactionManager;
import org.axonframework.eventhandling.GenericEventMessage;
import org.axonframework.eventhandling.TrackingEventStream;
import org.axonframework.eventsourcing.eventstore.EmbeddedEventStore;
import org.axonframework.eventsourcing.eventstore.jdbc.JdbcEventStorageEngine;
import org.axonframework.eventsourcing.eventstore.jdbc.PostgresEventTableFactory;
import org.axonframework.messaging.unitofwork.DefaultUnitOfWork;
import org.axonframework.serialization.json.JacksonSerializer;
import org.casejourney.infrastructure.TestInfrastructure;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.postgresql.ds.PGSimpleDataSource;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The publisher's event store on a real PostgreSQL: a reader waiting for events is woken by this
 * instance's commit, whatever it read before, not by the poll (set to an hour here).
 */
class CommitWakingEventStoreTest {

    private static final Duration POLL = Duration.ofHours(1);

    private final ExecutorService reader = Executors.newSingleThreadExecutor();
    private EmbeddedEventStore store;
    private TrackingEventStream stream;

    @BeforeEach
    void store() {
        TestInfrastructure infra = TestInfrastructure.get();
        PGSimpleDataSource dataSource = new PGSimpleDataSource();
        dataSource.setUrl(infra.newDatabase("waking"));
        dataSource.setUser(infra.ownerUser());
        dataSource.setPassword(infra.ownerPassword());
        JdbcEventStorageEngine engine = JdbcEventStorageEngine.builder()
                .connectionProvider(new DataSourceConnectionProvider(dataSource))
                .transactionManager(NoTransactionManager.INSTANCE)
                .eventSerializer(JacksonSerializer.defaultSerializer())
                .snapshotSerializer(JacksonSerializer.defaultSerializer())
                .dataType(byte[].class)
                .build();
        engine.createSchema(PostgresEventTableFactory.INSTANCE);
        store = new CommitWakingEventStore(EmbeddedEventStore.builder().storageEngine(engine), POLL);
        stream = store.openStream(null);
    }

    @AfterEach
    void close() {
        stream.close();
        store.shutDown();
        reader.shutdownNow();
    }

    @Test
    void aWaitingReaderIsWokenByTheNextCommitNotByThePoll() throws Exception {
        Future<Boolean> waiting = waitForAnEvent();

        commit(List.of("first"));

        assertThat(waiting.get(30, TimeUnit.SECONDS)).as("woken by the commit within its 60 s wait").isTrue();
        assertThat(stream.nextAvailable().getPayload()).isEqualTo("first");
    }

    /**
     * The case that held every event about a second in Axon's shared tailing stream: a burst larger
     * than its cache (10,000 events), more events while the reader catches up, then quiet.
     */
    @Test
    void aReaderThatFellBehindABurstIsStillWokenByTheNextCommit() throws Exception {
        assertThat(stream.hasNextAvailable()).isFalse();
        for (int k = 0; k < 11; k++) {
            commit(IntStream.range(0, 1000).mapToObj(i -> "burst").toList());
        }
        Thread.sleep(200);
        assertThat(stream.hasNextAvailable(10, TimeUnit.SECONDS)).isTrue();
        stream.nextAvailable();
        commit(List.of("while catching up", "while catching up"));
        int read = 1;
        while (stream.hasNextAvailable()) {
            stream.nextAvailable();
            read++;
        }
        assertThat(read).isEqualTo(11_002);

        Future<Boolean> waiting = waitForAnEvent();
        commit(List.of("after the quiet"));

        assertThat(waiting.get(30, TimeUnit.SECONDS)).as("woken by the commit within its 60 s wait").isTrue();
        assertThat(stream.nextAvailable().getPayload()).isEqualTo("after the quiet");
    }

    /** Starts a 60 s wait for an event on the reader's thread, and returns once the thread is waiting. */
    private Future<Boolean> waitForAnEvent() throws InterruptedException {
        List<Thread> thread = new ArrayList<>(1);
        Future<Boolean> waiting = reader.submit(() -> {
            synchronized (thread) {
                thread.add(Thread.currentThread());
            }
            return stream.hasNextAvailable(60, TimeUnit.SECONDS);
        });
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (System.nanoTime() < deadline) {
            synchronized (thread) {
                if (!thread.isEmpty() && thread.get(0).getState() == Thread.State.TIMED_WAITING) {
                    return waiting;
                }
            }
            Thread.sleep(5);
        }
        throw new AssertionError("the reader never started waiting");
    }

    private void commit(List<String> payloads) {
        DefaultUnitOfWork.startAndGet(null).execute(() -> payloads.forEach(p -> store.publish(GenericEventMessage.asEventMessage(p))));
    }
}
