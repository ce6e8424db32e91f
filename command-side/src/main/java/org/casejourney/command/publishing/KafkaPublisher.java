package org.casejourney.command.publishing;

import org.apache.kafka.clients.producer.ProducerRecord;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.TrackingToken;
import org.axonframework.messaging.unitofwork.CurrentUnitOfWork;
import org.casejourney.command.person.PersonJourney;
import org.casejourney.command.person.PersonStream;
import org.casejourney.command.platform.CaseJourneyProperties;
import org.casejourney.events.EventJson;
import org.casejourney.events.PersonEvent;
import org.casejourney.events.RecordedEvent;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.stereotype.Component;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The event store is the outbox: a tracking processor reads every stored event in order and sends
 * it to Kafka keyed by person. Sends in a batch go out together; the processor's token only moves
 * once the broker has acknowledged them all, so an outage delays publishing but never loses an
 * event (it is retried, which is why the query side must tolerate duplicates).
 */
@Component
@ProcessingGroup(KafkaPublisher.GROUP)
class KafkaPublisher {

    static final String GROUP = "kafka-publisher";
    private static final String PENDING = KafkaPublisher.class.getName() + ".pending";
    private static final long ACK_TIMEOUT_SECONDS = 60;

    private final KafkaTemplate<String, String> kafka;
    private final String topic;

    KafkaPublisher(KafkaTemplate<String, String> kafka, CaseJourneyProperties properties) {
        this.kafka = kafka;
        this.topic = properties.topic().name();
    }

    @EventHandler
    void on(PersonEvent event, DomainEventMessage<?> message, TrackingToken token) {
        RecordedEvent stored = PersonStream.toRecorded(message);
        Long position = token == null || token.position().isEmpty() ? null : token.position().getAsLong();
        RecordedEvent recorded = new RecordedEvent(stored.personId(), stored.sequence(), position,
                stored.recordedAt(), stored.recordedBy(), event);
        ProducerRecord<String, String> record = new ProducerRecord<>(topic, recorded.personId(), EventJson.write(recorded));
        header(record, "type", event.type());
        header(record, "eventId", event.eventId());
        header(record, "sequence", Long.toString(recorded.sequence()));
        Object hash = message.getMetaData().get(PersonJourney.HASH);
        if (hash != null) {
            header(record, "hash", hash.toString());
        }
        if (position != null) {
            header(record, "globalPosition", Long.toString(position));
        }
        pending().add(kafka.send(record));
    }

    private static void header(ProducerRecord<String, String> record, String name, String value) {
        record.headers().add(name, value.getBytes(StandardCharsets.UTF_8));
    }

    /** The sends of the current batch; before the batch's token is stored, every one must be acknowledged. */
    private static List<CompletableFuture<?>> pending() {
        var unitOfWork = CurrentUnitOfWork.get();
        return unitOfWork.root().getOrComputeResource(PENDING, key -> {
            List<CompletableFuture<?>> sends = new ArrayList<>();
            unitOfWork.root().onPrepareCommit(u -> awaitAll(sends));
            return sends;
        });
    }

    private static void awaitAll(List<CompletableFuture<?>> sends) {
        try {
            CompletableFuture.allOf(sends.toArray(CompletableFuture[]::new)).get(ACK_TIMEOUT_SECONDS, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for Kafka", e);
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("Kafka did not acknowledge the batch; it will be published again", e);
        }
    }
}
