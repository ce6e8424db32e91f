package org.casejourney.command.platform;

import com.fasterxml.jackson.databind.JsonNode;
import org.axonframework.eventhandling.GenericDomainEventEntry;
import org.casejourney.events.EventJson;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/** The rows kept in src/test/resources/stored-forms: events as older forms stored them in domain_event_entry. */
public final class StoredFormFixtures {

    public static final String REFERRAL_RENAMED = "stored-forms/0.9/referral-made-renamed-field.json";
    public static final String HANDOFF_SPLIT = "stored-forms/0.9/handoff-made-split-field.json";

    /** One row, its columns as the table holds them (payload and meta_data as their UTF-8 text). */
    public record Row(String aggregateIdentifier, long sequenceNumber, String type, String eventIdentifier, String timeStamp,
                      String payloadType, String payloadRevision, String payload, String metaData) {

        /** The row as Axon's JDBC storage engine hands it on (payload and metadata as bytes, as this store keeps them). */
        public GenericDomainEventEntry<byte[]> entry() {
            return new GenericDomainEventEntry<>(type, aggregateIdentifier, sequenceNumber, eventIdentifier, timeStamp, payloadType,
                    payloadRevision, payload.getBytes(StandardCharsets.UTF_8), metaData.getBytes(StandardCharsets.UTF_8));
        }
    }

    private StoredFormFixtures() {
    }

    public static List<Row> rows(String resource) {
        try (InputStream in = StoredFormFixtures.class.getClassLoader().getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalArgumentException("no fixture " + resource);
            }
            List<Row> rows = new ArrayList<>();
            for (JsonNode row : EventJson.mapper().readTree(in).get("rows")) {
                rows.add(new Row(row.get("aggregate_identifier").asText(), row.get("sequence_number").asLong(), row.get("type").asText(),
                        row.get("event_identifier").asText(), row.get("time_stamp").asText(), row.get("payload_type").asText(),
                        row.get("payload_revision").isNull() ? null : row.get("payload_revision").asText(),
                        row.get("payload").asText(), row.get("meta_data").asText()));
            }
            return rows;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
