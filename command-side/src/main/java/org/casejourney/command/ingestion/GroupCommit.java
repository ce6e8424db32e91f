package org.casejourney.command.ingestion;

import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.annotation.PreDestroy;
import org.casejourney.platform.problems.ApiProblem;
import org.casejourney.command.platform.CaseJourneyProperties;
import org.casejourney.command.platform.StoreFailures;
import org.casejourney.events.PersonEvent;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Group commit for the single-event endpoint: requests that arrive while a writer is busy wait in
 * a queue, and the next free writer takes all of them (up to a limit) into one transaction. Each
 * request is answered when the transaction holding its event has committed, with its own outcome,
 * exactly as if it had been written alone. No request waits for a timer: a lone request is
 * written at once; under load, groups grow by themselves with the time a commit takes. One writer
 * at a time gathers and prepares a group, and lets the next writer gather once its transaction
 * begins to commit: one group's commit and answers overlap the next group's reads and decisions,
 * while every group still takes everything that waited.
 */
@Component
class GroupCommit {

    private static final Logger log = LoggerFactory.getLogger(GroupCommit.class);
    private static final long ANSWER_TIMEOUT_SECONDS = Ingestion.TRANSACTION_TIMEOUT_SECONDS * 2L;

    private record Waiting(Request request, CompletableFuture<Outcome> answer) {
    }

    private final Ingestion ingestion;
    private final boolean enabled;
    private final int maxEvents;
    private final BlockingQueue<Waiting> queue;
    private final List<Thread> writers = new ArrayList<>();
    /** Held by the writer gathering and preparing a group until its transaction begins to commit: one group prepares while another commits. */
    private final Semaphore preparing = new Semaphore(1);
    private final DistributionSummary groupSizes;
    private volatile boolean running = true;

    GroupCommit(Ingestion ingestion, CaseJourneyProperties properties, MeterRegistry meters) {
        var settings = properties.ingestion().groupCommit();
        this.ingestion = ingestion;
        this.enabled = !properties.ingestion().axonDefaults() && settings.writers() > 0;
        this.maxEvents = Math.max(1, settings.maxEvents());
        this.queue = new ArrayBlockingQueue<>(Math.max(1, settings.queue()));
        this.groupSizes = DistributionSummary.builder("casejourney.ingest.group.size")
                .description("Single-event requests written together in one transaction").register(meters);
        if (enabled) {
            for (int i = 1; i <= settings.writers(); i++) {
                Thread writer = new Thread(this::writeGroups, "group-commit-" + i);
                writer.setDaemon(true);
                writer.start();
                writers.add(writer);
            }
        }
    }

    /** Records one event; returns once it is committed (or refused). */
    Outcome record(String personId, PersonEvent event, Provenance provenance) {
        Request request = new Request(new Item(personId, event, null), provenance);
        if (!enabled) {
            return ingestion.recordAll(List.of(request)).get(0);
        }
        Waiting waiting = new Waiting(request, new CompletableFuture<>());
        if (!queue.offer(waiting)) {
            throw new ApiProblem(HttpStatus.SERVICE_UNAVAILABLE, "write-queue-full", "Too many writes waiting",
                    queue.size() + " single-event requests are already waiting to be written; nothing was stored. "
                            + "Retry with the same eventId after a pause, or send events in batches.");
        }
        try {
            return waiting.answer().get(ANSWER_TIMEOUT_SECONDS, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            throw e.getCause() instanceof RuntimeException r ? r : new IllegalStateException(e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while the event was being written; retry with the same eventId", e);
        } catch (TimeoutException e) {
            throw new IllegalStateException("no answer from the writer within " + ANSWER_TIMEOUT_SECONDS + " s; retry with the same eventId", e);
        }
    }

    private void writeGroups() {
        List<Waiting> group = new ArrayList<>();
        while (running) {
            AtomicBoolean held = new AtomicBoolean();
            Runnable letNextPrepare = () -> {
                if (held.compareAndSet(true, false)) {
                    preparing.release();
                }
            };
            try {
                preparing.acquire();
                held.set(true);
                Waiting first = queue.poll(1, TimeUnit.SECONDS);
                if (first == null) {
                    continue;
                }
                group.add(first);
                queue.drainTo(group, maxEvents - 1);
                write(group, letNextPrepare);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (RuntimeException | Error e) {
                log.error("A group-commit writer failed outside a write; its requests are answered with the failure", e);
                group.forEach(w -> w.answer().completeExceptionally(e));
            } finally {
                letNextPrepare.run();
                group.clear();
            }
        }
    }

    /** The group at once; if that fails as a whole, each request alone, so one request's failure is its own. */
    private void write(List<Waiting> group, Runnable letNextPrepare) {
        groupSizes.record(group.size());
        try {
            List<Outcome> outcomes = ingestion.recordAll(group.stream().map(Waiting::request).toList(), letNextPrepare);
            for (int i = 0; i < group.size(); i++) {
                group.get(i).answer().complete(outcomes.get(i));
            }
            return;
        } catch (RuntimeException e) {
            if (StoreFailures.isStoreUnavailable(e)) {
                // the store is out of reach: every request waiting now would wait as long again to hear the same
                List<Waiting> waiting = new ArrayList<>(group);
                queue.drainTo(waiting);
                waiting.forEach(w -> w.answer().completeExceptionally(e));
                return;
            }
            if (group.size() == 1) {
                group.get(0).answer().completeExceptionally(e);
                return;
            }
            log.debug("A group of {} failed as a whole ({}); writing each alone", group.size(), e.toString());
        }
        letNextPrepare.run();
        for (Waiting waiting : group) {
            try {
                waiting.answer().complete(ingestion.recordAll(List.of(waiting.request())).get(0));
            } catch (RuntimeException e) {
                waiting.answer().completeExceptionally(e);
            }
        }
    }

    /** Runs after the web server has finished its requests: writers end their group, whatever still waits is refused. */
    @PreDestroy
    void stop() throws InterruptedException {
        running = false;
        for (Thread writer : writers) {
            writer.join(TimeUnit.SECONDS.toMillis(ANSWER_TIMEOUT_SECONDS));
        }
        Waiting left;
        while ((left = queue.poll()) != null) {
            left.answer().completeExceptionally(new IllegalStateException("the command side is stopping; nothing was stored"));
        }
    }
}
