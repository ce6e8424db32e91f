package org.casejourney.command.publishing;

import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventhandling.GenericDomainEventMessage;
import org.axonframework.messaging.MetaData;
import org.axonframework.serialization.SerializedMessage;
import org.axonframework.serialization.Serializer;
import org.axonframework.serialization.json.JacksonSerializer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.axonframework.eventsourcing.EventStreamUtils;
import org.axonframework.serialization.SimpleSerializedObject;
import org.casejourney.command.person.PersonJourney;
import org.casejourney.command.platform.StoredFormFixtures;
import org.casejourney.command.platform.StoredForms;
import org.casejourney.events.CaseClosed;
import org.casejourney.events.EventJson;
import org.casejourney.events.PersonEvent;
import org.casejourney.events.RecordedEvent;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The publisher splices the stored event into the record instead of reading and writing it again:
 * the record must be exactly what writing the {@link RecordedEvent} gives, for every shape of event.
 */
class KafkaPublisherTest {

    /** As the command side configures Axon's serializer (AxonConfiguration). */
    private final Serializer serializer = JacksonSerializer.builder().objectMapper(EventJson.newMapper()).lenientDeserialization().build();

    private static final List<String> EVENTS = List.of("""
            {"type":"ContactRecorded","eventId":"cc-2026-000123","occurredAt":"2026-01-05T09:12:00Z",
             "service":"adult-social-care","team":"contact-centre","organisation":"county-council",
             "practitioner":"cc-0042","sourceSystem":"contact-centre-crm","correlationId":"call-98311",
             "causationId":"call-98310","tags":["pilot-north","b"],"channel":"PHONE","demandType":"FAILURE",
             "failureCategory":"PROGRESS_CHASING","whatMatters":"I want to know when someone is coming \\"soon\\" – é",
             "durationMinutes":12,"faceToFace":false}""", """
            {"type":"EventCorrected","eventId":"cc-2026-000190","occurredAt":"2026-01-07T11:00:00Z",
             "service":"adult-social-care","team":"contact-centre","practitioner":"cc-0050",
             "correctsEventId":"cc-2026-000123","changes":{"durationMinutes":18,"tags":["x"]},
             "reason":"call length was typed as 12 instead of 18"}""", """
            {"eventId":"rn-77900","type":"CaseClosed","occurredAt":"2026-02-02T12:00:00.123456789Z",
             "service":"adult-social-care","team":"reablement-north","organisation":"county-council",
             "practitioner":"rn-0007","outcome":"NEEDS_MET"}""");

    @Test
    void theRecordIsWhatWritingTheRecordedEventGivesAndItsHeadersNameTheEvent() {
        long position = 41;
        for (String json : EVENTS) {
            PersonEvent event = EventJson.read(json, PersonEvent.class);
            for (String recordedBy : new String[]{"recorder-\"01\"", null}) {
                // the command side stores recordedAt as Instant.toString() writes it
                DomainEventMessage<?> stored = stored(event, "person-7", 3, Instant.parse("2026-02-02T12:00:01.500Z").toString(), recordedBy);

                String payload = KafkaPublisher.storedPayload(stored, serializer);
                String record = KafkaPublisher.recordJson(stored, position, payload);

                RecordedEvent expected = new RecordedEvent("person-7", 3, position, Instant.parse("2026-02-02T12:00:01.500Z"), recordedBy, event);
                assertThat(record).isEqualTo(EventJson.write(expected));
                assertThat(KafkaPublisher.Identity.of(payload)).isEqualTo(new KafkaPublisher.Identity(event.type(), event.eventId()));
            }
            assertThat(KafkaPublisher.recordJson(stored(event, "p", 0, "2026-02-02T12:00:01Z", "r"), null,
                    KafkaPublisher.storedPayload(stored(event, "p", 0, "2026-02-02T12:00:01Z", "r"), serializer)))
                    .isEqualTo(EventJson.write(new RecordedEvent("p", 0, null, Instant.parse("2026-02-02T12:00:01Z"), "r", event)));
        }
    }

    @Test
    void anEventStoredInAnOlderFormIsPublishedInTodaysFormWithTodaysSchemaVersion() {
        for (String fixture : List.of(StoredFormFixtures.REFERRAL_RENAMED, StoredFormFixtures.HANDOFF_SPLIT)) {
            List<StoredFormFixtures.Row> rows = StoredFormFixtures.rows(fixture);
            List<? extends DomainEventMessage<?>> read = EventStreamUtils.asStream(EventStreamUtils.upcastAndDeserializeDomainEvents(
                    rows.stream().map(StoredFormFixtures.Row::entry), serializer, StoredForms.upcasters())).toList();
            for (int i = 0; i < rows.size(); i++) {
                DomainEventMessage<?> message = read.get(i);
                PersonEvent event = (PersonEvent) message.getPayload();

                String payload = KafkaPublisher.publishedPayload(message, serializer);
                ProducerRecord<String, String> record = new ProducerRecord<>("t", message.getAggregateIdentifier(), "");
                new CloudEventHeaders(URI.create("urn:test")).addTo(record, event.eventId(), event.type(), "2025-10-01T09:00:01Z");

                RecordedEvent expected = new RecordedEvent(message.getAggregateIdentifier(), message.getSequenceNumber(), 7L,
                        Instant.parse((String) message.getMetaData().get(PersonJourney.RECORDED_AT)), "pilot-recorder", event);
                assertThat(KafkaPublisher.recordJson(message, 7L, payload)).isEqualTo(EventJson.write(expected));
                assertThat(payload).doesNotContain("\"referral\"", "\"to\"");
                assertThat(EventJson.read(payload, PersonEvent.class)).as("today's form, read strictly").isEqualTo(event);
                assertThat(new String(record.headers().lastHeader("ce_dataschema").value(), StandardCharsets.UTF_8))
                        .isEqualTo("urn:casejourney:schema:" + event.type() + ":1.0");
                if (rows.get(i).payloadRevision() == null) {
                    assertThat(payload).as("stored in today's form: spliced as stored").isEqualTo(rows.get(i).payload());
                }
            }
        }
    }

    @Test
    void anEventStoredInTodaysFormGoesOutAsItsStoredBytesNotWrittenAgain() {
        // field order unlike the contract mapper's: only a splice keeps it
        String storedBytes = """
                {"eventId":"rn-77900","type":"CaseClosed","occurredAt":"2026-02-02T12:00:00Z","service":"adult-social-care"}""";
        var message = new SerializedMessage<>("message-id",
                new SimpleSerializedObject<>(storedBytes.getBytes(StandardCharsets.UTF_8), byte[].class, CaseClosed.class.getName(), "1.0"),
                serializer.serialize(MetaData.with(PersonJourney.RECORDED_AT, "2026-02-02T12:00:01Z"), byte[].class), serializer);
        DomainEventMessage<?> stored = new GenericDomainEventMessage<>("PersonJourney", "p", 0, message, Instant::now);

        assertThat(KafkaPublisher.publishedPayload(stored, serializer)).isEqualTo(storedBytes);
        assertThat(EventJson.write(stored.getPayload())).as("what writing it again would give").isNotEqualTo(storedBytes);
    }

    /** The message as the event store hands it to the publisher: payload and metadata still serialized. */
    private DomainEventMessage<?> stored(PersonEvent event, String personId, long sequence, String recordedAt, String recordedBy) {
        MetaData metaData = MetaData.with(PersonJourney.RECORDED_AT, recordedAt).and(PersonJourney.HASH, "abc");
        if (recordedBy != null) {
            metaData = metaData.and(PersonJourney.RECORDED_BY, recordedBy);
        }
        var message = new SerializedMessage<>("message-id", serializer.serialize(event, byte[].class),
                serializer.serialize(metaData, byte[].class), serializer);
        return new GenericDomainEventMessage<>("PersonJourney", personId, sequence, message, Instant::now);
    }
}
