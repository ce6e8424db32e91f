package org.casejourney.query.journey;

import io.cloudevents.CloudEvent;
import io.cloudevents.core.builder.CloudEventBuilder;
import io.cloudevents.jackson.JsonFormat;
import io.cloudevents.kafka.KafkaMessageFactory;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.record.TimestampType;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.OffsetDateTime;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.UnaryOperator;

import static org.assertj.core.api.Assertions.assertThat;

/** The one-pass header reader against the CloudEvents SDK's: the same envelope, attributes or refusal for every shape of record. */
class CloudEventRecordsTest {

    private static final String VALUE = "{\"personId\":\"p-1\"}";

    @Test
    void theCommandSidesRecordsReadAsTheSdkReadsThem() {
        ConsumerRecord<String, String> published = binary(event().build());

        CloudEventRecords.Envelope read = CloudEventRecords.read(published);

        assertThat(read).isEqualTo(CloudEventRecords.readThroughSdk(published));
        assertThat(read.json()).isEqualTo(VALUE);
        assertThat(read.refusal()).isNull();
        assertThat(read.attributes()).isEqualTo(new CloudEventRecords.Attributes("ev-1", "org.casejourney.ContactRecorded", "p-1",
                "https://casejourney.org/schemas/ContactRecorded/1.0"));
    }

    @Test
    void everyOtherShapeReadsAsTheSdkReadsIt() {
        ConsumerRecord<String, String> published = binary(event().build());
        Map<String, ConsumerRecord<String, String>> shapes = new LinkedHashMap<>();
        shapes.put("no headers (from before CloudEvents)", record(new RecordHeaders()));
        shapes.put("structured", structured(event().build()));
        shapes.put("no source", edit(published, h -> without(h, "ce_source")));
        shapes.put("no id, no type", edit(published, h -> without(without(h, "ce_id"), "ce_type")));
        shapes.put("empty id", edit(published, h -> with(h, "ce_id", "")));
        shapes.put("source not a URI", edit(published, h -> with(h, "ce_source", "not a uri")));
        shapes.put("dataschema not a URI", edit(published, h -> with(h, "ce_dataschema", "also not a uri")));
        shapes.put("no subject, no dataschema", edit(published, h -> without(without(h, "ce_subject"), "ce_dataschema")));
        shapes.put("an upper-case attribute name", edit(published, h -> with(without(h, "ce_id"), "CE_ID", "ev-2")));
        shapes.put("an upper-case spec version name", edit(published, h -> with(without(h, "ce_specversion"), "CE_SPECVERSION", "1.0")));
        shapes.put("spec version 0.3", edit(published, h -> with(h, "ce_specversion", "0.3")));
        shapes.put("an unknown spec version", edit(published, h -> with(h, "ce_specversion", "2.0")));
        shapes.put("a null attribute value", edit(published, h -> {
            h.add("ce_subject", null);
            return h;
        }));
        shapes.put("a null content-type", edit(published, h -> {
            h.add("content-type", null);
            return h;
        }));
        shapes.put("an id twice (the last wins)", edit(published, h -> {
            h.add("ce_id", "ev-later".getBytes(StandardCharsets.UTF_8));
            return h;
        }));
        shapes.put("extensions and other headers", edit(published, h -> {
            h.add("ce_traceparent", "00-abc".getBytes(StandardCharsets.UTF_8));
            h.add("ce_", "x".getBytes(StandardCharsets.UTF_8));
            h.add("casejourney-ids-pseudonymised", new byte[0]);
            return h;
        }));
        shapes.put("a structured content type after a binary one", edit(published, h -> with(h, "content-type", JsonFormat.CONTENT_TYPE)));

        shapes.forEach((shape, record) -> assertThat(CloudEventRecords.read(record)).as(shape)
                .isEqualTo(CloudEventRecords.readThroughSdk(record)));
        // and the cases are what their names say, so the comparison above covers them
        assertThat(CloudEventRecords.read(shapes.get("no id, no type")).refusal())
                .isEqualTo("not a CloudEvent: the required attributes id, type are missing");
        assertThat(CloudEventRecords.read(shapes.get("an id twice (the last wins)")).attributes().id()).isEqualTo("ev-later");
        assertThat(CloudEventRecords.read(shapes.get("an upper-case attribute name")).refusal())
                .isEqualTo("not a CloudEvent: the required attribute id is missing"); // the binding's names are lower case
        assertThat(CloudEventRecords.read(shapes.get("no headers (from before CloudEvents)")).attributes()).isNull();
        assertThat(CloudEventRecords.read(shapes.get("an unknown spec version")).refusal()).startsWith("not a CloudEvent");
        assertThat(CloudEventRecords.read(shapes.get("source not a URI")).refusal()).startsWith("not a CloudEvent: source is not a URI reference");
        // the sources found valid are remembered, the refused ones are not: refused again
        assertThat(CloudEventRecords.read(shapes.get("source not a URI")).refusal()).startsWith("not a CloudEvent: source is not a URI reference");
    }

    private static CloudEventBuilder event() {
        return CloudEventBuilder.v1()
                .withId("ev-1")
                .withSource(URI.create("urn:casejourney:event-store"))
                .withType("org.casejourney.ContactRecorded")
                .withSubject("p-1")
                .withTime(OffsetDateTime.parse("2026-01-05T09:00:00Z"))
                .withDataSchema(URI.create("https://casejourney.org/schemas/ContactRecorded/1.0"))
                .withDataContentType("application/json");
    }

    private static ConsumerRecord<String, String> binary(CloudEvent attributes) {
        RecordHeaders headers = new RecordHeaders();
        KafkaMessageFactory.createWriter("t", "p-1").writeBinary(attributes).headers().forEach(headers::add);
        return record(headers);
    }

    private static ConsumerRecord<String, String> structured(CloudEvent attributes) {
        CloudEvent withData = CloudEventBuilder.v1(attributes).withData("application/json", VALUE.getBytes(StandardCharsets.UTF_8)).build();
        var written = KafkaMessageFactory.createWriter("t", "p-1").writeStructured(withData, JsonFormat.CONTENT_TYPE);
        return new ConsumerRecord<>("t", 0, 0, 0, TimestampType.CREATE_TIME, -1, -1, "p-1",
                new String(written.value(), StandardCharsets.UTF_8), written.headers(), Optional.empty());
    }

    private static ConsumerRecord<String, String> record(RecordHeaders headers) {
        return new ConsumerRecord<>("t", 0, 0, 0, TimestampType.CREATE_TIME, -1, -1, "p-1", VALUE, headers, Optional.empty());
    }

    private static ConsumerRecord<String, String> edit(ConsumerRecord<String, String> record, UnaryOperator<RecordHeaders> change) {
        return record(change.apply(new RecordHeaders(record.headers().toArray())));
    }

    private static RecordHeaders without(RecordHeaders headers, String key) {
        headers.remove(key);
        return headers;
    }

    private static RecordHeaders with(RecordHeaders headers, String key, String value) {
        headers.add(key, value.getBytes(StandardCharsets.UTF_8));
        return headers;
    }
}
