package org.casejourney.command.platform;

import org.axonframework.eventhandling.EventMessage;
import org.axonframework.eventhandling.TrackedEventMessage;
import org.axonframework.eventhandling.TrackingEventStream;
import org.axonframework.eventhandling.TrackingToken;
import org.axonframework.eventsourcing.eventstore.EmbeddedEventStore;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Axon's embedded event store whose readers (the publisher) each read their own stream from the
 * database, woken the moment this instance commits events, and otherwise looking once per poll
 * interval, the safety net for events written by other instances.
 *
 * <p>Why not Axon's shared tailing stream (its "optimised event consumption"): a reader that falls
 * further behind than the shared cache holds (10,000 events, one burst of batches) moves to a
 * stream of its own, and can move back only once the cache holds its exact position. With a single
 * reader nobody keeps that cache current, so after any burst the publisher waited out the
 * processor's whole event-availability timeout (1 s) before every batch, and each event reached
 * Kafka about a second after its commit until the application restarted (docs/performance.md,
 * "Publishing"). Here the reader's wait ends on the next commit instead.
 */
final class CommitWakingEventStore extends EmbeddedEventStore {

    private final ReentrantLock lock = new ReentrantLock();
    private final Condition committed = lock.newCondition();
    private final long pollNanos;
    /** How many commits this instance has made; a reader waits for it to change. Guarded by lock. */
    private long commits;

    /** @param builder Axon's builder; event consumption optimisation is turned off here */
    CommitWakingEventStore(Builder builder, Duration pollInterval) {
        super(builder.optimizeEventConsumption(false));
        this.pollNanos = pollInterval.toNanos();
    }

    @Override
    protected void afterCommit(List<? extends EventMessage<?>> events) {
        super.afterCommit(events);
        lock.lock();
        try {
            commits++;
            committed.signalAll();
        } finally {
            lock.unlock();
        }
    }

    @Override
    public TrackingEventStream openStream(TrackingToken trackingToken) {
        return new WakingStream(super.openStream(trackingToken));
    }

    private long commits() {
        lock.lock();
        try {
            return commits;
        } finally {
            lock.unlock();
        }
    }

    /** Returns when a commit after the {@code seen}-th one happened, or after the poll interval or {@code nanos}, whichever is first. */
    private void awaitCommitAfter(long seen, long nanos) throws InterruptedException {
        lock.lock();
        try {
            long left = Math.min(nanos, pollNanos);
            while (commits == seen && left > 0) {
                left = committed.awaitNanos(left);
            }
        } finally {
            lock.unlock();
        }
    }

    /**
     * A reader's own stream. Asked whether an event is available within a time, it looks in the
     * database at once (the stream's read never blocks with the optimisation off), and otherwise
     * waits for a commit or the poll interval and looks again, until the time is up.
     */
    private final class WakingStream implements TrackingEventStream {

        private final TrackingEventStream stream;

        private WakingStream(TrackingEventStream stream) {
            this.stream = stream;
        }

        @Override
        public boolean hasNextAvailable(int timeout, TimeUnit unit) throws InterruptedException {
            long deadline = System.nanoTime() + unit.toNanos(timeout);
            while (true) {
                // read before looking, so a commit landing between the look and the wait ends the wait
                long seen = commits();
                if (stream.hasNextAvailable(0, TimeUnit.NANOSECONDS)) {
                    return true;
                }
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    return false;
                }
                awaitCommitAfter(seen, left);
            }
        }

        @Override
        public Optional<TrackedEventMessage<?>> peek() {
            return stream.peek();
        }

        @Override
        public TrackedEventMessage<?> nextAvailable() throws InterruptedException {
            return stream.nextAvailable();
        }

        @Override
        public void skipMessagesWithPayloadTypeOf(TrackedEventMessage<?> ignoredMessage) {
            stream.skipMessagesWithPayloadTypeOf(ignoredMessage);
        }

        @Override
        public void close() {
            stream.close();
        }
    }
}
