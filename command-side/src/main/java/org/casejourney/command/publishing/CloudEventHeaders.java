package org.casejourney.command.publishing;

import io.cloudevents.CloudEvent;
import io.cloudevents.core.builder.CloudEventBuilder;
import io.cloudevents.kafka.KafkaMessageFactory;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.casejourney.events.EventJson;
import org.casejourney.events.EventVersions;

import java.net.URI;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;

/**
 * Makes each published record a CloudEvent in the Kafka protocol binding's binary mode: the record's
 * value stays the {@code RecordedEvent} envelope (so consumers written before keep reading it), and the
 * CloudEvents SDK writes the attributes as {@code ce_*} headers and {@code content-type}
 * (docs/events.md, "The topic as CloudEvents").
 */
final class CloudEventHeaders {

    /** {@code type} is this prefix and the event's type: {@code org.casejourney.ContactRecorded}. */
    static final String TYPE_PREFIX = "org.casejourney.";

    private final URI source;

    CloudEventHeaders(URI source) {
        this.source = source;
    }

    /** The service writes {@code recordedAt} in UTC ({@code ...Z}); read without a formatter when it is in that form. */
    static OffsetDateTime time(String recordedAt) {
        Instant canonical = EventJson.canonicalUtc(recordedAt);
        return canonical != null ? canonical.atOffset(ZoneOffset.UTC) : OffsetDateTime.parse(recordedAt);
    }

    /**
     * Adds the attributes of the record's CloudEvent: {@code id} the eventId, {@code subject} the person (the
     * record's key), {@code time} when the service recorded it.
     */
    void addTo(ProducerRecord<String, String> record, String eventId, String type, String recordedAt) {
        addTo(record, eventId, type, time(recordedAt));
    }

    /** As {@link #addTo(ProducerRecord, String, String, String)}, with {@code recordedAt} read already ({@link #time}). */
    void addTo(ProducerRecord<String, String> record, String eventId, String type, OffsetDateTime recordedAt) {
        CloudEvent attributes = CloudEventBuilder.v1()
                .withId(eventId)
                .withSource(source)
                .withType(TYPE_PREFIX + type)
                .withSubject(record.key())
                .withTime(recordedAt)
                .withDataSchema(URI.create(EventVersions.schemaId(type)))
                .withDataContentType("application/json")
                .build();
        // the SDK's binary-mode writer names and encodes the headers; the data is the record's value already
        ProducerRecord<String, byte[]> written = KafkaMessageFactory.createWriter(record.topic(), record.key()).writeBinary(attributes);
        written.headers().forEach(header -> record.headers().add(header));
    }
}
