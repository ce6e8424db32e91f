package org.casejourney.query.journey;

import io.cloudevents.CloudEvent;
import io.cloudevents.CloudEventData;
import io.cloudevents.core.message.Encoding;
import io.cloudevents.core.message.MessageReader;
import io.cloudevents.kafka.KafkaMessageFactory;
import io.cloudevents.rw.CloudEventContextWriter;
import io.cloudevents.rw.CloudEventWriter;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;
import org.casejourney.events.EventVersions;

import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Reads a topic record as a CloudEvent (Kafka protocol binding): in binary mode (how the command side
 * publishes) the value is the {@code RecordedEvent} and the attributes are {@code ce_*} headers; in
 * structured mode ({@code content-type: application/cloudevents+json}) the value is the whole CloudEvent
 * and the envelope is its data; a record with neither was published before the topic carried CloudEvents,
 * and its value is the envelope as it always was. The command side's records are read in one pass over
 * their headers ({@link BinaryHeaders}); any other shape through the CloudEvents SDK.
 */
final class CloudEventRecords {

    static final String TYPE_PREFIX = "org.casejourney.";
    private static final String SPEC_VERSION_HEADER = "ce_specversion";

    /**
     * The envelope's JSON, the CloudEvent's attributes (null for a record from before), or why it cannot be read;
     * {@code newerMinor} when its {@code dataschema} names a later minor version of the event's type than this
     * reader knows, whose added optional fields are to be ignored (docs/events.md, "Versions and compatibility").
     */
    record Envelope(String json, Attributes attributes, String refusal, boolean newerMinor) {

        Envelope(String json, Attributes attributes, String refusal) {
            this(json, attributes, refusal, false);
        }
    }

    /** The CloudEvent attributes this reader checks against the envelope, as the record carries them. */
    record Attributes(String id, String type, String subject, String dataSchema) {

        static Attributes of(CloudEvent event) {
            return new Attributes(event.getId(), event.getType(), event.getSubject(),
                    event.getDataSchema() == null ? null : event.getDataSchema().toString());
        }
    }

    /**
     * Takes a binary-mode record's attributes from the SDK's reader as the texts its headers hold. The SDK's own
     * event builder parses every attribute, {@code time} with a {@code DateTimeFormatter}, which was 8% of a
     * replay's CPU (docs/performance.md); this reader uses none of it. The spec's required attributes are checked
     * as the builder checks them: id, source and type present, source and dataschema URI references.
     */
    /**
     * Sources and schemas already found to be URI references: a producer sends the same few on every record, and
     * parsing each as a {@code URI} was a twentieth of reading a record (docs/performance.md). At most this many are kept.
     */
    private static final int KNOWN_URI_REFERENCES = 256;
    private static final Set<String> URI_REFERENCES = ConcurrentHashMap.newKeySet();

    private static final class AttributesWriter implements CloudEventWriter<Attributes> {

        private String id;
        private String source;
        private String type;
        private String subject;
        private String dataSchema;

        @Override
        public CloudEventContextWriter withContextAttribute(String name, String value) {
            switch (name) {
                case "id" -> id = value;
                case "source" -> source = value;
                case "type" -> type = value;
                case "subject" -> subject = value;
                case "dataschema" -> dataSchema = value;
                default -> {
                    // time, datacontenttype and extensions: not checked here
                }
            }
            return this;
        }

        @Override
        public Attributes end(CloudEventData data) {
            return end();
        }

        @Override
        public Attributes end() {
            List<String> missing = new ArrayList<>(3);
            if (id == null || id.isEmpty()) {
                missing.add("id");
            }
            if (source == null || source.isEmpty()) {
                missing.add("source");
            }
            if (type == null || type.isEmpty()) {
                missing.add("type");
            }
            if (!missing.isEmpty()) {
                throw new IllegalArgumentException("the required attribute" + (missing.size() > 1 ? "s " : " ")
                        + String.join(", ", missing) + (missing.size() > 1 ? " are" : " is") + " missing");
            }
            uri("source", source);
            if (dataSchema != null) {
                uri("dataschema", dataSchema);
            }
            return new Attributes(id, type, subject, dataSchema);
        }

        private static void uri(String attribute, String value) {
            if (URI_REFERENCES.contains(value)) {
                return;
            }
            try {
                new URI(value);
            } catch (URISyntaxException e) {
                throw new IllegalArgumentException(attribute + " is not a URI reference: " + e.getMessage());
            }
            if (URI_REFERENCES.size() < KNOWN_URI_REFERENCES) {
                URI_REFERENCES.add(value);
            }
        }
    }

    private CloudEventRecords() {
    }

    static Envelope read(ConsumerRecord<String, String> record) {
        BinaryHeaders headers = BinaryHeaders.of(record.headers());
        if (!headers.usual()) {
            return readThroughSdk(record);
        }
        if (!headers.binary()) {
            return new Envelope(record.value(), null, null); // published before the topic carried CloudEvents
        }
        try {
            AttributesWriter attributes = new AttributesWriter();
            attributes.withContextAttribute("id", headers.id());
            attributes.withContextAttribute("source", headers.source());
            attributes.withContextAttribute("type", headers.type());
            attributes.withContextAttribute("subject", headers.subject());
            attributes.withContextAttribute("dataschema", headers.dataSchema());
            return new Envelope(record.value(), attributes.end(), null);
        } catch (RuntimeException e) {
            return new Envelope(null, null, "not a CloudEvent: " + e.getMessage());
        }
    }

    /** As {@link #read}, every header through the SDK's reader: how a record {@link BinaryHeaders} does not know is read. */
    static Envelope readThroughSdk(ConsumerRecord<String, String> record) {
        try {
            Header contentType = record.headers().lastHeader("content-type");
            if (contentType != null && new String(contentType.value(), StandardCharsets.UTF_8).startsWith("application/cloudevents")) {
                CloudEvent event = KafkaMessageFactory.createReader(record.headers(), record.value().getBytes(StandardCharsets.UTF_8)).toEvent();
                return event.getData() == null
                        ? new Envelope(null, Attributes.of(event), "a structured CloudEvent without data")
                        : new Envelope(new String(event.getData().toBytes(), StandardCharsets.UTF_8), Attributes.of(event), null);
            }
            if (record.headers().lastHeader(SPEC_VERSION_HEADER) == null) {
                return new Envelope(record.value(), null, null); // published before the topic carried CloudEvents
            }
            // binary mode: the value is the envelope already; the reader needs only the headers
            MessageReader reader = KafkaMessageFactory.createReader(record.headers(), null);
            return reader.getEncoding() == Encoding.BINARY
                    ? new Envelope(record.value(), reader.read(version -> new AttributesWriter()), null)
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
        if (envelope.attributes() == null || envelope.attributes().dataSchema() == null) {
            return envelope;
        }
        var named = EventVersions.parse(envelope.attributes().dataSchema());
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
    static String contradiction(Attributes attributes, String eventId, String type, String personId) {
        if (attributes == null) {
            return null;
        }
        if (!eventId.equals(attributes.id())) {
            return "CloudEvent id " + attributes.id() + " is not the event's eventId " + eventId;
        }
        if (!(TYPE_PREFIX + type).equals(attributes.type())) {
            return "CloudEvent type " + attributes.type() + " is not " + TYPE_PREFIX + type;
        }
        if (attributes.subject() != null && !attributes.subject().equals(personId)) {
            return "CloudEvent subject " + attributes.subject() + " is not the event's personId " + personId;
        }
        return null;
    }
}
