package org.casejourney.query.journey;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectReader;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.casejourney.events.EventJson;
import org.casejourney.events.Fields;
import org.casejourney.events.PersonalData;
import org.casejourney.events.Pseudonyms;
import org.casejourney.events.RecordedEvent;


/**
 * A topic record with its person's pseudonym (of the event's personId, else of a well-formed record key) and
 * either its event, as the projection keeps it (pseudonyms for the person and every sender-chosen id, see
 * {@link SenderIds}), or why it cannot be read. A record that could be read is
 * parked, should it be, without its personal free text and with pseudonymised ids (marked so), as a rebuild
 * would park it; that value is written only when it is parked.
 */
final class ReadRecord {

    /** Marks a parked readable record, whose sender-chosen ids are pseudonyms already: a replay must not map them again. */
    static final String IDS_PSEUDONYMISED = "casejourney-ids-pseudonymised";

    private static final ObjectReader STRICT = EventJson.mapper().readerFor(RecordedEvent.class);
    /** A later minor version only adds optional fields: those this reader does not know are left out. */
    private static final ObjectReader LATER_MINOR = STRICT.without(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

    private final ConsumerRecord<String, String> original;
    private final RecordedEvent withoutText;
    private final String personId;
    private final RecordedEvent event;
    private final String reason;
    private final String payload;
    private ConsumerRecord<String, String> asParked;

    private ReadRecord(ConsumerRecord<String, String> original, RecordedEvent withoutText, String personId, RecordedEvent event,
                       String reason) {
        this.original = original;
        this.withoutText = withoutText;
        this.personId = personId;
        this.event = event;
        this.reason = reason;
        this.payload = event == null ? null : EventJson.write(event);
    }

    static ReadRecord of(ConsumerRecord<String, String> record, Pseudonyms pseudonyms) {
        Parsed parsed = parse(record);
        if (parsed.reason() == null) {
            RecordedEvent withoutText = PersonalData.map(parsed.event(), text -> null);
            if (record.headers().lastHeader(IDS_PSEUDONYMISED) == null) {
                withoutText = new RecordedEvent(withoutText.personId(), withoutText.sequence(), withoutText.globalPosition(),
                        withoutText.recordedAt(), withoutText.recordedBy(), SenderIds.map(withoutText.event(), pseudonyms::of));
            }
            RecordedEvent kept = new RecordedEvent(pseudonyms.of(withoutText.personId()), withoutText.sequence(),
                    withoutText.globalPosition(), withoutText.recordedAt(), withoutText.recordedBy(), withoutText.event());
            return new ReadRecord(record, withoutText, kept.personId(), kept, null);
        }
        return new ReadRecord(record, null, ParkedRecords.pseudonymOfKey(record, pseudonyms), null, parsed.reason());
    }

    /** The person's pseudonym; null when the record names no person to hold up. */
    String personId() {
        return personId;
    }

    /** The event as the projection keeps it (pseudonym, no personal text); null when unreadable. */
    RecordedEvent event() {
        return event;
    }

    /**
     * The event's JSON as its journey_event row holds it, written when the record was read: a catch-up reads the next
     * poll while the database stores this one, so the parse and the writing of payloads overlap the COPY.
     */
    String payload() {
        return payload;
    }

    /** Why the record cannot be applied; null when it can be tried. */
    String reason() {
        return reason;
    }

    /** The record as it is parked: a readable one without its personal free text and with its sender-chosen ids pseudonymised. */
    ConsumerRecord<String, String> record() {
        if (asParked == null) {
            asParked = withoutText == null ? original : asParked(original, EventJson.write(withoutText));
        }
        return asParked;
    }

    /** A readable record's place, timestamp and key with this value, marked as holding pseudonymised ids. */
    static ConsumerRecord<String, String> asParked(ConsumerRecord<String, String> record, String value) {
        RecordHeaders headers = new RecordHeaders(record.headers().toArray());
        var contentType = headers.lastHeader("content-type");
        if (contentType != null && new String(contentType.value(), java.nio.charset.StandardCharsets.UTF_8).startsWith("application/cloudevents")) {
            // a structured CloudEvent is parked as its envelope alone: its attributes, checked already, are not kept
            headers.remove("content-type");
        }
        if (headers.lastHeader(IDS_PSEUDONYMISED) == null) {
            headers.add(IDS_PSEUDONYMISED, new byte[0]);
        }
        return new ConsumerRecord<>(record.topic(), record.partition(), record.offset(), record.timestamp(), record.timestampType(),
                record.serializedKeySize(), record.serializedValueSize(), record.key(), value, headers, record.leaderEpoch());
    }

    /** The record as read from the topic (its place, timestamp and key are those of {@link #record}). */
    ConsumerRecord<String, String> original() {
        return original;
    }

    private record Parsed(RecordedEvent event, String reason) {
        static Parsed refused(String reason) {
            return new Parsed(null, reason);
        }
    }

    private static Parsed parse(ConsumerRecord<String, String> record) {
        if (record.value() == null) {
            return Parsed.refused("record has no value");
        }
        CloudEventRecords.Envelope envelope = CloudEventRecords.versioned(CloudEventRecords.read(record));
        if (envelope.refusal() != null) {
            return Parsed.refused(envelope.refusal());
        }
        RecordedEvent event;
        try {
            event = (envelope.newerMinor() ? LATER_MINOR : STRICT).readValue(envelope.json());
        } catch (JsonProcessingException e) {
            return Parsed.refused("not a RecordedEvent: " + e.getOriginalMessage());
        }
        if (event == null || event.event() == null) {
            return Parsed.refused("RecordedEvent has no event");
        }
        if (event.personId() == null || !Fields.PERSON_ID.matches(event.personId())) {
            return Parsed.refused("personId missing or not " + Fields.PERSON_ID_PATTERN);
        }
        if (!event.personId().equals(record.key())) {
            return Parsed.refused("record key " + record.key() + " is not the event's personId " + event.personId());
        }
        if (event.sequence() < 0) {
            return Parsed.refused("negative sequence " + event.sequence());
        }
        boolean noId = event.event().eventId() == null;
        boolean noTime = event.event().occurredAt() == null;
        if (noId || noTime) {
            return Parsed.refused("missing " + (noId && noTime ? "event.eventId, event.occurredAt" : noId ? "event.eventId" : "event.occurredAt"));
        }
        String contradiction = CloudEventRecords.contradiction(envelope.attributes(), event.event().eventId(), event.event().type(),
                event.personId());
        return contradiction == null ? new Parsed(event, null) : Parsed.refused(contradiction);
    }
}
