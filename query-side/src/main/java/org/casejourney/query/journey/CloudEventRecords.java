package org.casejourney.query.journey;

import io.cloudevents.CloudEvent;
import io.cloudevents.core.message.Encoding;
import io.cloudevents.core.message.MessageReader;
import io.cloudevents.kafka.KafkaMessageFactory;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;
import org.casejourney.events.EventVersions;

import java.nio.charset.StandardCharsets;

/**
 * Reads a topic record through the CloudEvents SDK (Kafka protocol binding): in binary mode (how the
 * command side publishes) the value is the {@code RecordedEvent} and the attributes are {@code ce_*}
 * headers; in structured mode ({@code content-type: application/cloudevents+json}) the value is the whole
 * CloudEvent and the envelope is its data; a record with neither was published before the topic carried
 * CloudEvents, and its value is the envelope as it always was.
 */
final class CloudEventRecords {

    static final String TYPE_PREFIX = "org.casejourney.";
    private static final String SPEC_VERSION_HEADER = "ce_specversion";

    /**
     * The envelope's JSON, the CloudEvent's attributes (null for a record from before), or why it cannot be read;
     * {@code newerMinor} when its {@code dataschema} names a later minor version of the event's type than this
     * reader knows, whose added optional fields are to be ignored (docs/events.md, "Versions and compatibility").
     */
    record Envelope(String json, CloudEvent attributes, String refusal, boolean newerMinor) {

        Envelope(String json, CloudEvent attributes, String refusal) {
            this(json, attributes, refusal, false);
        }
    }

    private CloudEventRecords() {
    }

    static Envelope read(ConsumerRecord<String, String> record) {
        try {
            Header contentType = record.headers().lastHeader("content-type");
            if (contentType != null && new String(contentType.value(), StandardCharsets.UTF_8).startsWith("application/cloudevents")) {
                CloudEvent event = KafkaMessageFactory.createReader(record.headers(), record.value().getBytes(StandardCharsets.UTF_8)).toEvent();
                return event.getData() == null
                        ? new Envelope(null, event, "a structured CloudEvent without data")
                        : new Envelope(new String(event.getData().toBytes(), StandardCharsets.UTF_8), event, null);
            }
            if (record.headers().lastHeader(SPEC_VERSION_HEADER) == null) {
                return new Envelope(record.value(), null, null); // published before the topic carried CloudEvents
            }
            // binary mode: the value is the envelope already; the reader needs only the headers
            MessageReader reader = KafkaMessageFactory.createReader(record.headers(), null);
            return reader.getEncoding() == Encoding.BINARY
                    ? new Envelope(record.value(), reader.toEvent(), null)
                    : new Envelope(null, null, "a ce_specversion header without a binary-mode CloudEvent");
        } catch (RuntimeException e) {
            return new Envelope(null, null, "not a CloudEvent: " + e.getMessage());
        }
    }

    /**
     * The envelope with its schema version checked: another major than this reader's is refused (it needs an
     * upcaster first), a later minor is marked to be read leniently, anything else read as it is.
     */
    static Envelope versioned(Envelope envelope) {
        if (envelope.attributes() == null || envelope.attributes().getDataSchema() == null) {
            return envelope;
        }
        var named = EventVersions.parse(envelope.attributes().getDataSchema().toString());
        if (named.isEmpty()) {
            return envelope;
        }
        EventVersions.Version known;
        try {
            known = EventVersions.of(named.get().type());
        } catch (IllegalArgumentException e) {
            return envelope; // a type this reader does not know: parsing says so
        }
        EventVersions.Version version = named.get().version();
        if (version.major() != known.major()) {
            return new Envelope(null, envelope.attributes(), "schema " + named.get().type() + " " + version
                    + " is of another major version than this reader's " + known + ": upgrade the query side (or add an upcaster)");
        }
        return new Envelope(envelope.json(), envelope.attributes(), null, version.minor() > known.minor());
    }

    /** Why the attributes contradict the envelope (another id, type or person); null when they agree or are absent. */
    static String contradiction(CloudEvent attributes, String eventId, String type, String personId) {
        if (attributes == null) {
            return null;
        }
        if (!eventId.equals(attributes.getId())) {
            return "CloudEvent id " + attributes.getId() + " is not the event's eventId " + eventId;
        }
        if (!(TYPE_PREFIX + type).equals(attributes.getType())) {
            return "CloudEvent type " + attributes.getType() + " is not " + TYPE_PREFIX + type;
        }
        if (attributes.getSubject() != null && !attributes.getSubject().equals(personId)) {
            return "CloudEvent subject " + attributes.getSubject() + " is not the event's personId " + personId;
        }
        return null;
    }
}
