package org.casejourney.events;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The published schemas against those of the last release (kept in src/test/resources/released-schemas): a
 * change a reader of the released version could not take needs a new major version of that type (and an
 * upcaster), any other change a new minor; an unchanged schema keeps its version.
 */
class SchemaCompatibilityTest {

    /** The schemas as released last; replace with docs/schemas when a release is cut. */
    static final Path RELEASED = Path.of("src", "test", "resources", "released-schemas", "0.1.0");
    private static final ObjectMapper JSON = new ObjectMapper();

    @ParameterizedTest(name = "{0}")
    @MethodSource("org.casejourney.events.EventSchemasTest#typeNames")
    void eachSchemaChangedSinceTheReleaseCarriesTheVersionItsChangesCallFor(String type) throws IOException {
        Path released = RELEASED.resolve(type + ".schema.json");
        if (!Files.exists(released)) {
            return; // a type the release did not have: any schema is new
        }
        JsonNode before = JSON.readTree(released.toFile());
        // read back from its text, as the released one was: numbers compare by value, not by Java type
        JsonNode now = JSON.readTree(EventSchemasTest.schemaText(type));
        EventVersions.Version then = EventVersions.parse(before.path("$id").asText())
                .orElseThrow(() -> new AssertionError(released + " names no version in $id")).version();
        EventVersions.Version current = EventVersions.of(type);
        List<String> breaks = SchemaCompatibility.breakingChanges(before, now);
        if (!breaks.isEmpty()) {
            assertThat(current.major()).as("%s changed incompatibly since release 0.1.0 (%s): raise its major version in "
                    + "EventVersions and add an upcaster from %s", type, breaks, then).isGreaterThan(then.major());
        } else if (!withoutId(before).equals(withoutId(now))) {
            assertThat(current).as("%s changed compatibly since release 0.1.0: raise its minor version in EventVersions", type)
                    .isGreaterThan(then);
        } else {
            assertThat(current).as("%s is unchanged since release 0.1.0", type).isEqualTo(then);
        }
    }

    @Test
    void anAddedOptionalPropertyIsCompatible() {
        ObjectNode before = EventSchemasTest.schema("ContactRecorded");
        ObjectNode after = before.deepCopy();
        ((ObjectNode) after.get("properties")).putObject("language").put("type", "string").put("maxLength", 35);

        assertThat(SchemaCompatibility.breakingChanges(before, after)).isEmpty();
    }

    @Test
    void removingRequiringNarrowingAndTighteningAreNamed() {
        ObjectNode before = EventSchemasTest.schema("ContactRecorded");
        ObjectNode after = before.deepCopy();
        ObjectNode properties = (ObjectNode) after.get("properties");
        properties.remove("faceToFace");
        ((ArrayNode) after.get("required")).add("team");
        ((ArrayNode) properties.get("channel").get("enum")).remove(0);
        ((ObjectNode) properties.get("service")).put("maxLength", 50);
        ((ObjectNode) properties.get("eventId")).put("pattern", "^[a-z]+$");

        assertThat(SchemaCompatibility.breakingChanges(before, after)).containsExactlyInAnyOrder(
                "team: newly required",
                "faceToFace: removed (or renamed)",
                "channel: closed set narrowed, no longer [" + before.at("/properties/channel/enum/0").asText() + "]",
                "service: maxLength tightened from " + before.at("/properties/service/maxLength") + " to 50",
                "eventId: pattern changed from " + before.at("/properties/eventId/pattern") + " to \"^[a-z]+$\"");
    }

    @Test
    void aRenamedFieldIsARemovalAndSoANewMajor() {
        ObjectNode before = EventSchemasTest.schema("ContactRecorded");
        ObjectNode after = before.deepCopy();
        ObjectNode properties = (ObjectNode) after.get("properties");
        properties.set("minutes", properties.remove("durationMinutes"));

        assertThat(SchemaCompatibility.breakingChanges(before, after)).containsExactly("durationMinutes: removed (or renamed)");
    }

    private static JsonNode withoutId(JsonNode schema) {
        ObjectNode copy = schema.deepCopy();
        copy.remove("$id");
        return copy;
    }
}
