package org.casejourney.events;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.github.victools.jsonschema.generator.FieldScope;
import com.github.victools.jsonschema.generator.Option;
import com.github.victools.jsonschema.generator.OptionPreset;
import com.github.victools.jsonschema.generator.SchemaGenerator;
import com.github.victools.jsonschema.generator.SchemaGeneratorConfigBuilder;
import com.github.victools.jsonschema.generator.SchemaVersion;
import com.github.victools.jsonschema.module.jackson.JacksonModule;
import com.github.victools.jsonschema.module.jackson.JacksonOption;
import com.github.victools.jsonschema.module.jakarta.validation.JakartaValidationModule;
import com.github.victools.jsonschema.module.jakarta.validation.JakartaValidationOption;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SchemaValidatorsConfig;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.casejourney.events.testing.TestEvents.assessmentCompleted;
import static org.casejourney.events.testing.TestEvents.caseClosed;
import static org.casejourney.events.testing.TestEvents.contactRecorded;
import static org.casejourney.events.testing.TestEvents.eventCorrected;
import static org.casejourney.events.testing.TestEvents.eventRetracted;
import static org.casejourney.events.testing.TestEvents.handoffMade;
import static org.casejourney.events.testing.TestEvents.personalDataErased;
import static org.casejourney.events.testing.TestEvents.referralMade;
import static org.casejourney.events.testing.TestEvents.referralResolved;
import static org.casejourney.events.testing.TestEvents.supportDelivered;

/**
 * The JSON Schemas in docs/schemas are generated from the event records, never edited by hand.
 * Regenerate them with {@code mvn -o -pl shared-events test -Dcasejourney.schemas.write=true}.
 */
class EventSchemasTest {

    static final Path SCHEMAS = Path.of("..", "docs", "schemas");
    private static final boolean WRITE = Boolean.getBoolean("casejourney.schemas.write");
    private static final String REGENERATE = "docs/schemas is out of date with the event records; regenerate it with "
            + "`mvn -o -pl shared-events test -Dcasejourney.schemas.write=true` and commit the result";
    private static final ObjectMapper PLAIN = new ObjectMapper();
    private static final SchemaGenerator GENERATOR = generator();
    private static final JsonSchemaFactory VALIDATORS = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012);
    private static final SchemaValidatorsConfig ASSERT_FORMATS = SchemaValidatorsConfig.builder().formatAssertionsEnabled(true)
            .build();

    /** The type names and records, from the one list Jackson reads them from. */
    static Map<String, Class<?>> types() {
        Map<String, Class<?>> types = new LinkedHashMap<>();
        for (JsonSubTypes.Type type : PersonEvent.class.getAnnotation(JsonSubTypes.class).value()) {
            types.put(type.name(), type.value());
        }
        return types;
    }

    static Set<String> typeNames() {
        return types().keySet();
    }

    private static SchemaGenerator generator() {
        var builder = new SchemaGeneratorConfigBuilder(SchemaVersion.DRAFT_2020_12, OptionPreset.PLAIN_JSON)
                .with(new JacksonModule(JacksonOption.IGNORE_TYPE_INFO_TRANSFORM))
                .with(new JakartaValidationModule(JakartaValidationOption.NOT_NULLABLE_FIELD_IS_REQUIRED))
                .with(Option.FORBIDDEN_ADDITIONAL_PROPERTIES_BY_DEFAULT, Option.NULLABLE_FIELDS_BY_DEFAULT,
                        Option.MAP_VALUES_AS_ADDITIONAL_PROPERTIES);
        // the order of the record components is the order EventJson writes
        builder.forTypesInGeneral().withPropertySorter((a, b) -> 0);
        builder.forFields().withStringPatternResolver(EventSchemasTest::pattern);
        return new SchemaGenerator(builder.build());
    }

    /**
     * Bean Validation's @Pattern must match the whole value while a JSON Schema pattern matches
     * anywhere in it, so the pattern is anchored; @NotBlank becomes "has a non-blank character".
     */
    private static String pattern(FieldScope field) {
        Pattern pattern = field.isFakeContainerItemScope()
                ? field.getContainerItemAnnotationConsideringFieldAndGetter(Pattern.class)
                : field.getAnnotationConsideringFieldAndGetter(Pattern.class);
        if (pattern != null) {
            return pattern.regexp().contains("|") ? "^(?:" + pattern.regexp() + ")$" : "^" + pattern.regexp() + "$";
        }
        NotBlank notBlank = field.isFakeContainerItemScope()
                ? field.getContainerItemAnnotationConsideringFieldAndGetter(NotBlank.class)
                : field.getAnnotationConsideringFieldAndGetter(NotBlank.class);
        return notBlank == null ? null : "\\S";
    }

    static ObjectNode schema(String type) {
        ObjectNode generated = GENERATOR.generateSchema(types().get(type));
        ObjectNode schema = PLAIN.createObjectNode();
        schema.set("$schema", generated.get("$schema"));
        schema.put("$id", EventVersions.schemaId(type));
        schema.put("title", type);
        schema.put("type", "object");
        ObjectNode properties = schema.putObject("properties");
        properties.putObject("type").put("const", type);
        properties.setAll((ObjectNode) generated.get("properties"));
        ArrayNode required = schema.putArray("required").add("type");
        required.addAll((ArrayNode) generated.get("required"));
        schema.put("additionalProperties", false);
        return schema;
    }

    static String schemaText(String type) {
        try {
            return PLAIN.writerWithDefaultPrettyPrinter().writeValueAsString(schema(type)) + "\n";
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static Path file(String type) {
        return SCHEMAS.resolve(type + ".schema.json");
    }

    private static Set<ValidationMessage> validate(String type, String json) throws IOException {
        JsonSchema schema = VALIDATORS.getSchema(schema(type), ASSERT_FORMATS);
        return schema.validate(PLAIN.readTree(json));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("typeNames")
    void theCommittedSchemaIsTheOneGeneratedFromTheRecord(String type) throws IOException {
        String generated = schemaText(type);
        if (WRITE) {
            Files.createDirectories(SCHEMAS);
            Files.writeString(file(type), generated, StandardCharsets.UTF_8);
        }

        assertThat(file(type)).as(REGENERATE + " (missing: %s)", file(type)).exists();
        assertThat(Files.readString(file(type), StandardCharsets.UTF_8).replace("\r\n", "\n"))
                .as(REGENERATE + " (differs: %s)", file(type)).isEqualTo(generated);
    }

    @Test
    void noSchemaIsCommittedForATypeThatDoesNotExist() throws IOException {
        try (Stream<Path> files = Files.list(SCHEMAS)) {
            assertThat(files.map(f -> f.getFileName().toString()))
                    .as("delete the schemas of types that no longer exist")
                    .allSatisfy(name -> assertThat(name.replace(".schema.json", "")).isIn(typeNames()));
        }
    }

    @Test
    void eachSchemaNamesItsTypeAndForbidsOtherFields() {
        for (String type : typeNames()) {
            ObjectNode schema = schema(type);
            assertThat(schema.at("/properties/type/const").asText()).isEqualTo(type);
            assertThat(schema.get("required")).extracting(JsonNode::asText).contains("type", "eventId", "occurredAt");
            assertThat(schema.get("additionalProperties").asBoolean(true)).isFalse();
        }
    }

    @Test
    void theSchemasCarryTheRecordsLimitsAndClosedSets() {
        ObjectNode contact = schema("ContactRecorded");

        assertThat(contact.at("/properties/eventId/pattern").asText()).isEqualTo("^" + Fields.ID_PATTERN + "$");
        assertThat(contact.at("/properties/service/maxLength").asInt()).isEqualTo(Fields.CODE_MAX);
        assertThat(contact.at("/properties/tags/maxItems").asInt()).isEqualTo(Fields.TAGS_MAX);
        assertThat(contact.at("/properties/tags/items/maxLength").asInt()).isEqualTo(Fields.TAG_MAX);
        assertThat(contact.at("/properties/durationMinutes/maximum").asInt()).isEqualTo(Fields.DURATION_MAX_MINUTES);
        assertThat(contact.at("/properties/channel/enum")).extracting(JsonNode::asText)
                .containsExactly(Arrays.stream(Channel.values()).map(Enum::name).toArray(String[]::new));
        assertThat(contact.get("required")).extracting(JsonNode::asText)
                .containsExactly("type", "eventId", "occurredAt", "service", "channel", "demandType");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("typeNames")
    void eachExampleIsValidAgainstItsSchema(String type) throws IOException {
        assertThat(validate(type, ExampleEvents.BY_TYPE.get(type))).isEmpty();
    }

    @Test
    void whatEventJsonWritesIsValidAgainstTheSchemas() throws IOException {
        List<PersonEvent> minimal = List.of(
                contactRecorded().eventId("c1").occurredAt("2026-01-05T09:00:00Z").build(),
                referralMade().eventId("r1").occurredAt("2026-01-05T10:00:00Z").referralId("ref-1").fromTeam("contact-centre")
                        .build(),
                referralResolved().eventId("rr1").occurredAt("2026-01-06T10:00:00Z").referralId("ref-1")
                        .outcome(ReferralOutcome.WITHDRAWN).build(),
                assessmentCompleted().eventId("a1").occurredAt("2026-01-07T10:00:00Z").outcome("eligible").build(),
                supportDelivered().eventId("s1").occurredAt("2026-01-08T10:00:00Z").durationMinutes(0).faceToFace(false).build(),
                handoffMade().eventId("h1").occurredAt("2026-01-09T10:00:00Z").toTeam("occupational-therapy")
                        .reason("caseload balancing").build(),
                caseClosed().eventId("cl1").occurredAt("2026-01-10T10:00:00Z").build(),
                eventCorrected("c1").eventId("x1").occurredAt("2026-01-11T10:00:00Z").changes(Map.of("tags", List.of("a", "b")))
                        .build(),
                eventRetracted("c1").eventId("y1").occurredAt("2026-01-12T10:00:00Z").build());
        for (PersonEvent event : minimal) {
            assertThat(validate(event.type(), EventJson.write(event))).as(event.type()).isEmpty();
        }
    }

    @Test
    void everyTestBuilderToldNothingMakesAnEventValidByItsSchemaAndTheRules() throws IOException {
        List<PersonEvent> untold = List.of(contactRecorded().build(), referralMade().build(), referralResolved().build(),
                assessmentCompleted().build(), supportDelivered().build(), handoffMade().build(), caseClosed().build(),
                eventCorrected("c1").build(), eventRetracted("c1").build(), personalDataErased().build());

        assertThat(untold).extracting(PersonEvent::type).containsExactlyInAnyOrderElementsOf(typeNames());
        for (PersonEvent event : untold) {
            assertThat(validate(event.type(), EventJson.write(event))).as(event.type()).isEmpty();
            assertThat(EventRules.check(event, FailureCategories.withExtra(List.of()))).as(event.type()).isEmpty();
        }
    }

    @Test
    void explicitNullsForOptionalFieldsAreValidAsJacksonAcceptsThem() throws IOException {
        String json = ExampleEvents.BY_TYPE.get("CaseClosed").replace("\"team\":\"reablement-north\"", "\"team\":null");

        assertThat(EventJson.read(json, PersonEvent.class).team()).isNull();
        assertThat(validate("CaseClosed", json)).isEmpty();
    }

    @ParameterizedTest(name = "{0}: {1}")
    @CsvSource(delimiter = '|', value = {
            "ContactRecorded  | unknown field             | \"channel\":\"PHONE\"             | \"channel\":\"PHONE\",\"mood\":\"cross\"",
            "ContactRecorded  | value outside closed set  | \"channel\":\"PHONE\"             | \"channel\":\"FAX\"",
            "ContactRecorded  | string for an integer     | \"durationMinutes\":12           | \"durationMinutes\":\"12\"",
            "CaseClosed       | another type's name       | \"type\":\"CaseClosed\"           | \"type\":\"CaseReopened\"",
    })
    void whatEventJsonRejectsTheSchemaRejects(String type, String what, String from, String to) throws IOException {
        String json = ExampleEvents.BY_TYPE.get(type).replace(from, to);
        assertThat(json).as("the sample must change").isNotEqualTo(ExampleEvents.BY_TYPE.get(type));

        assertThatThrownBy(() -> EventJson.read(json, PersonEvent.class)).as(what).isInstanceOf(UncheckedIOException.class);
        assertThat(validate(type, json)).as(what).isNotEmpty();
    }

    // EventJson reads these; the records' Bean Validation annotations refuse them on the command side
    @ParameterizedTest(name = "{0}: {1}")
    @CsvSource(delimiter = '|', value = {
            "ContactRecorded | eventId with a space         | \"eventId\":\"cc-2026-000123\"   | \"eventId\":\"cc 2026 000123\"",
            "ContactRecorded | blank service                | \"service\":\"adult-social-care\" | \"service\":\"  \"",
            "ContactRecorded | negative duration            | \"durationMinutes\":12            | \"durationMinutes\":-1",
            "ContactRecorded | duration over a week         | \"durationMinutes\":12            | \"durationMinutes\":10081",
            "ContactRecorded | lower-case failure category  | \"PROGRESS_CHASING\"              | \"progress_chasing\"",
            "ContactRecorded | empty tag                    | [\"pilot-north\"]                 | [\"\"]",
            "ContactRecorded | occurredAt without a zone    | \"2026-01-05T09:12:00Z\"          | \"2026-01-05T09:12:00\"",
            "EventCorrected  | no changes                   | {\"durationMinutes\":18}          | {}",
            "ContactRecorded | missing required field       | \"demandType\":\"FAILURE\",      | ''",
            "ReferralResolved | null for a required field   | \"outcome\":\"ACCEPTED\"         | \"outcome\":null",
    })
    void whatTheRecordsAnnotationsForbidTheSchemaRejects(String type, String what, String from, String to) throws IOException {
        String json = ExampleEvents.BY_TYPE.get(type).replace(from, to);
        assertThat(json).as("the sample must change").isNotEqualTo(ExampleEvents.BY_TYPE.get(type));

        assertThat(validate(type, json)).as(what).isNotEmpty();
    }
}
