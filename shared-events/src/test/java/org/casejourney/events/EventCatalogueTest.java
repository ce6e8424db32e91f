package org.casejourney.events;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SchemaValidatorsConfig;
import com.networknt.schema.SpecVersion;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/** docs/events.md is read by client developers: its examples must be what the service accepts. */
class EventCatalogueTest {

    private static final Path CATALOGUE = Path.of("..", "docs", "events.md");
    private static final Pattern JSON_BLOCK = Pattern.compile("```json\\n(.*?)```", Pattern.DOTALL);
    private static final ObjectMapper PLAIN = new ObjectMapper();

    private static List<JsonNode> examples() throws IOException {
        List<JsonNode> examples = new ArrayList<>();
        Matcher block = JSON_BLOCK.matcher(Files.readString(CATALOGUE));
        while (block.find()) {
            examples.add(PLAIN.readTree(block.group(1)));
        }
        return examples;
    }

    private static void assertValidAgainstCommittedSchema(JsonNode event) throws IOException {
        String type = event.get("type").asText();
        var schema = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012).getSchema(
                PLAIN.readTree(Files.readString(EventSchemasTest.file(type))),
                SchemaValidatorsConfig.builder().formatAssertionsEnabled(true).build());
        assertThat(schema.validate(event)).as(type).isEmpty();
    }

    @Test
    void eachTypeHasOneExampleAndItIsTheTestedOne() throws IOException {
        List<JsonNode> events = examples().stream().filter(e -> e.has("type")).toList();

        assertThat(events).extracting(e -> e.get("type").asText()).containsExactlyElementsOf(ExampleEvents.BY_TYPE.keySet());
        for (JsonNode event : events) {
            assertThat(event).isEqualTo(PLAIN.readTree(ExampleEvents.BY_TYPE.get(event.get("type").asText())));
        }
    }

    @Test
    void eachEventExampleIsReadAndValidAgainstTheCommittedSchema() throws IOException {
        for (JsonNode event : examples().stream().filter(e -> e.has("type")).toList()) {
            assertThat(EventJson.read(event.toString(), PersonEvent.class).type()).isEqualTo(event.get("type").asText());
            assertValidAgainstCommittedSchema(event);
        }
    }

    @Test
    void theEnvelopeExampleRoundTripsAsARecordedEvent() throws IOException {
        List<JsonNode> envelopes = examples().stream().filter(e -> e.has("event")).toList();
        assertThat(envelopes).hasSize(1);
        JsonNode envelope = envelopes.get(0);

        RecordedEvent recorded = EventJson.read(envelope.toString(), RecordedEvent.class);

        assertThat(PLAIN.readTree(EventJson.write(recorded))).isEqualTo(envelope);
        assertThat(EventJson.write(recorded)).startsWith("{\"personId\":\"p-1029\",\"sequence\":0,\"globalPosition\":48213,"
                + "\"recordedAt\":\"2026-01-05T09:12:03.412Z\",\"recordedBy\":\"contact-centre-crm\",\"event\":{\"type\":\"ContactRecorded\",");
        assertValidAgainstCommittedSchema(envelope.get("event"));
    }
}
