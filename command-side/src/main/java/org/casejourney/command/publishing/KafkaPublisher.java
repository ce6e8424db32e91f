package org.casejourney.command.publishing;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.TrackingToken;
import org.axonframework.messaging.unitofwork.CurrentUnitOfWork;
import org.axonframework.serialization.Serializer;
import org.casejourney.command.person.PersonJourney;
import org.casejourney.command.person.RecordedJson;
import org.casejourney.command.platform.CaseJourneyProperties;
import org.casejourney.command.platform.StoredForms;
import org.casejourney.events.EventJson;
import org.casejourney.events.PersonEvent;
import org.casejourney.events.RecordedEvent;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.stereotype.Component;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.OffsetDateTime;
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
 * event (it is retried, which is why the query side must tolerate duplicates). Each record is a
 * CloudEvent in the Kafka binding's binary mode ({@link CloudEventHeaders}).
 */
@Component
@ProcessingGroup(KafkaPublisher.GROUP)
class KafkaPublisher {

    static final String GROUP = "kafka-publisher";
    private static final String PENDING = KafkaPublisher.class.getName() + ".pending";
    private static final long ACK_TIMEOUT_SECONDS = 60;

    private final KafkaTemplate<String, String> kafka;
    private final String topic;
    private final Serializer serializer;
    private final CloudEventHeaders cloudEvents;
    private final Timer delay;

    KafkaPublisher(KafkaTemplate<String, String> kafka, CaseJourneyProperties properties, @Qualifier("eventSerializer") Serializer serializer,
                   MeterRegistry meters) {
        this.kafka = kafka;
        this.serializer = serializer;
        this.topic = properties.topic().name();
        this.cloudEvents = new CloudEventHeaders(properties.topic().cloudEventsSource());
        this.delay = Timer.builder("casejourney.publish.delay")
                .description("Per event, from its recordedAt (when its command was handled, before the commit) to Kafka's "
                        + "acknowledgement of its record: the write's and the publisher's share of acknowledged-to-visible")
                .publishPercentileHistogram().register(meters);
    }

    /**
     * Only the record's envelope is written here: the event itself goes out as the bytes it was
     * stored as (Axon's serializer wrote them with the event contract's mapper), never read into
     * objects and written again, which was a third of the publisher's CPU (docs/performance.md).
     * An event stored in an older form goes out in today's form, as its upcasters read it;
     * KafkaPublisherTest holds both records to what writing a {@link RecordedEvent} gives.
     */
    @EventHandler(payloadType = PersonEvent.class)
    void on(DomainEventMessage<?> message, TrackingToken token) {
        Long position = token == null || token.position().isEmpty() ? null : token.position().getAsLong();
        String payload = publishedPayload(message, serializer);
        ProducerRecord<String, String> record = new ProducerRecord<>(topic, message.getAggregateIdentifier(),
                recordJson(message, position, payload));
        Identity identity = Identity.of(payload);
        // read once: the CloudEvent's time and the publish delay's start
        OffsetDateTime recordedAt = CloudEventHeaders.time((String) message.getMetaData().get(PersonJourney.RECORDED_AT));
        cloudEvents.addTo(record, identity.eventId(), identity.type(), recordedAt);
        header(record, "type", identity.type());
        header(record, "eventId", identity.eventId());
        header(record, "sequence", Long.toString(message.getSequenceNumber()));
        Object hash = message.getMetaData().get(PersonJourney.HASH);
        if (hash != null) {
            header(record, "hash", hash.toString());
        }
        if (position != null) {
            header(record, "globalPosition", Long.toString(position));
        }
        String recordedVersion = StoredForms.recordedVersion(message);
        if (recordedVersion != null) {
            // the value is in today's form; the hash above covers the form this version stored
            header(record, "recordedVersion", recordedVersion);
        }
        CompletableFuture<?> sent = kafka.send(record);
        long recordedMillis = recordedAt.toInstant().toEpochMilli();
        sent.thenRun(() -> delay.record(Math.max(0, System.currentTimeMillis() - recordedMillis), TimeUnit.MILLISECONDS));
        pending().add(sent);
    }

    /**
     * The event's JSON in today's form: as stored when it was stored so, otherwise (read through an upcaster)
     * written from the upcast record, so its fields and their order are exactly today's.
     */
    static String publishedPayload(DomainEventMessage<?> message, Serializer serializer) {
        return StoredForms.recordedVersion(message) == null ? storedPayload(message, serializer) : EventJson.write(message.getPayload());
    }

    /** The event's JSON as stored; serialized again only if the message was not read with this serializer. */
    static String storedPayload(DomainEventMessage<?> message, Serializer serializer) {
        return new String(message.serializePayload(serializer, byte[].class).getData(), StandardCharsets.UTF_8);
    }

    /** The record's value: what {@code EventJson.write(RecordedEvent)} gives, with the stored event spliced in. */
    static String recordJson(DomainEventMessage<?> message, Long position, String payload) {
        Object recordedBy = message.getMetaData().get(PersonJourney.RECORDED_BY);
        return RecordedJson.of(message.getAggregateIdentifier(), message.getSequenceNumber(), position,
                (String) message.getMetaData().get(PersonJourney.RECORDED_AT), recordedBy == null ? null : recordedBy.toString(), payload);
    }

    /** The event's type and eventId, read from the head of its JSON (the type comes first, the eventId next). */
    record Identity(String type, String eventId) {

        static Identity of(String payload) {
            String type = null;
            String eventId = null;
            try (JsonParser json = EventJson.mapper().getFactory().createParser(payload)) {
                json.nextToken();
                while (json.nextToken() == JsonToken.FIELD_NAME && (type == null || eventId == null)) {
                    String field = json.currentName();
                    JsonToken value = json.nextToken();
                    if ("type".equals(field)) {
                        type = json.getText();
                    } else if ("eventId".equals(field)) {
                        eventId = json.getText();
                    } else if (value == JsonToken.START_OBJECT || value == JsonToken.START_ARRAY) {
                        json.skipChildren();
                    }
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            if (type == null || eventId == null) {
                throw new IllegalStateException("a stored event without type or eventId: " + payload);
            }
            return new Identity(type, eventId);
        }
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
