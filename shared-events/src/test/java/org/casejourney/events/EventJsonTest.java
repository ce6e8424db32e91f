package org.casejourney.events;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.casejourney.events.testing.TestEvents.at;

class EventJsonTest {

    private static final ObjectMapper PLAIN = new ObjectMapper();

    static Set<String> typeNames() {
        return ExampleEvents.BY_TYPE.keySet();
    }

    private static String example(String type) {
        return ExampleEvents.BY_TYPE.get(type);
    }

    private static ObjectNode exampleTree(String type) throws Exception {
        return (ObjectNode) PLAIN.readTree(example(type));
    }

    private static PersonEvent read(String json) {
        return EventJson.read(json, PersonEvent.class);
    }

    @ParameterizedTest
    @MethodSource("typeNames")
    void eachTypeRoundTripsExactly(String type) throws Exception {
        String sent = PLAIN.writeValueAsString(exampleTree(type));

        PersonEvent event = read(sent);

        assertThat(event.type()).isEqualTo(type);
        assertThat(event.getClass().getSimpleName()).isEqualTo(type);
        assertThat(EventJson.write(event)).isEqualTo(sent);
    }

    @Test
    void everyTypeNameOfTheDomainHasAnExample() {
        assertThat(typeNames()).containsExactly("ContactRecorded", "ReferralMade", "ReferralResolved",
                "AssessmentCompleted", "SupportDelivered", "HandoffMade", "CaseClosed", "EventCorrected", "EventRetracted", "PersonalDataErased");
        assertThat(PersonEvent.class.getPermittedSubclasses()).extracting(Class::getSimpleName)
                .containsExactlyInAnyOrderElementsOf(typeNames());
    }

    @Test
    void closedSetsAreSpelledAsInTheDomain() {
        assertThat(Arrays.stream(Channel.values()).map(Enum::name))
                .containsExactly("PHONE", "FACE_TO_FACE", "HOME_VISIT", "ONLINE", "EMAIL", "LETTER");
        assertThat(Arrays.stream(DemandType.values()).map(Enum::name)).containsExactly("VALUE", "FAILURE");
        assertThat(FailureCategories.STANDARD).containsExactly("PROGRESS_CHASING", "REPEAT_CONTACT",
                "NOT_DONE_RIGHT_FIRST_TIME", "WRONG_INFORMATION", "NO_RESPONSE", "WRONGLY_ROUTED", "OTHER");
        assertThat(Arrays.stream(ReferralOutcome.values()).map(Enum::name)).containsExactly("ACCEPTED", "DECLINED", "WITHDRAWN");
        assertThat(Arrays.stream(CaseOutcome.values()).map(Enum::name))
                .containsExactly("NEEDS_MET", "NO_FURTHER_ACTION", "TRANSFERRED_OUT", "PERSON_DECLINED", "PERSON_DIED", "OTHER");
    }

    @Test
    void aValueOutsideAClosedSetIsRejected() throws Exception {
        ObjectNode json = exampleTree("ContactRecorded").put("channel", "CARRIER_PIGEON");

        assertThatThrownBy(() -> read(json.toString())).isInstanceOf(UncheckedIOException.class)
                .hasMessageContaining("CARRIER_PIGEON");
    }

    @Test
    void aNumberForAClosedSetValueIsRejected() throws Exception {
        ObjectNode json = exampleTree("CaseClosed").put("outcome", 0);

        assertThatThrownBy(() -> read(json.toString())).isInstanceOf(UncheckedIOException.class);
    }

    @ParameterizedTest
    @ValueSource(strings = {"1767604320", "1767604320000", "1767604320.5", "\"1767604320\""})
    void anInstantMustBeAnIsoDateTimeNotEpochTime(String occurredAt) throws Exception {
        // epoch milliseconds would otherwise be read as seconds, tens of thousands of years away
        ObjectNode json = exampleTree("ContactRecorded");
        json.set("occurredAt", PLAIN.readTree(occurredAt));

        assertThatThrownBy(() -> read(json.toString())).isInstanceOf(UncheckedIOException.class)
                .hasMessageContaining("Instant");
    }

    @Test
    void anUnknownFieldIsRejected() throws Exception {
        ObjectNode json = exampleTree("CaseClosed").put("closedBy", "rn-0007");

        assertThatThrownBy(() -> read(json.toString())).isInstanceOf(UncheckedIOException.class)
                .hasMessageContaining("closedBy");
    }

    @Test
    void anUnknownTypeIsRejected() throws Exception {
        ObjectNode json = exampleTree("CaseClosed").put("type", "CaseReopened");

        assertThatThrownBy(() -> read(json.toString())).isInstanceOf(UncheckedIOException.class)
                .hasMessageContaining("CaseReopened");
    }

    @Test
    void anEventWithoutTypeIsRejected() throws Exception {
        ObjectNode json = exampleTree("CaseClosed");
        json.remove("type");

        assertThatThrownBy(() -> read(json.toString())).isInstanceOf(UncheckedIOException.class);
    }

    @Test
    void aStringForAnIntegerIsRejected() throws Exception {
        ObjectNode json = exampleTree("AssessmentCompleted").put("durationMinutes", "90");

        assertThatThrownBy(() -> read(json.toString())).isInstanceOf(UncheckedIOException.class)
                .hasMessageContaining("durationMinutes");
    }

    @Test
    void aFractionForAnIntegerIsRejected() throws Exception {
        ObjectNode json = exampleTree("AssessmentCompleted").put("durationMinutes", 90.5);

        assertThatThrownBy(() -> read(json.toString())).isInstanceOf(UncheckedIOException.class);
    }

    @Test
    void aNumberOrBooleanForAStringIsRejected() throws Exception {
        assertThatThrownBy(() -> read(exampleTree("CaseClosed").put("team", 7).toString()))
                .isInstanceOf(UncheckedIOException.class);
        assertThatThrownBy(() -> read(exampleTree("CaseClosed").put("team", true).toString()))
                .isInstanceOf(UncheckedIOException.class);
    }

    @Test
    void aStringForABooleanIsRejected() throws Exception {
        ObjectNode json = exampleTree("SupportDelivered").put("faceToFace", "true");

        assertThatThrownBy(() -> read(json.toString())).isInstanceOf(UncheckedIOException.class);
    }

    @Test
    void duplicateKeysAreRejected() {
        String json = example("CaseClosed").replace("\"outcome\":\"NEEDS_MET\"", "\"outcome\":\"NEEDS_MET\",\"outcome\":\"OTHER\"");

        assertThatThrownBy(() -> read(json)).isInstanceOf(UncheckedIOException.class)
                .hasMessageContaining("Duplicate field 'outcome'");
    }

    @Test
    void duplicateKeysInsideChangesAreRejected() {
        String json = example("EventCorrected").replace("{\"durationMinutes\":18}", "{\"durationMinutes\":18,\"durationMinutes\":12}");

        assertThatThrownBy(() -> read(json)).isInstanceOf(UncheckedIOException.class)
                .hasMessageContaining("Duplicate field 'durationMinutes'");
    }

    @Test
    void aDuplicateTypeKeyIsRejected() {
        String json = example("CaseClosed").replace("{\"type\":\"CaseClosed\",", "{\"type\":\"CaseClosed\",\"type\":\"ContactRecorded\",");

        assertThatThrownBy(() -> read(json)).isInstanceOf(UncheckedIOException.class);
    }

    @Test
    void anInstantWithAnOffsetParsesToTheSameUtcInstant() throws Exception {
        ObjectNode json = exampleTree("CaseClosed").put("occurredAt", "2026-02-02T13:00:00+01:00");

        PersonEvent event = read(json.toString());

        assertThat(event.occurredAt()).isEqualTo(at("2026-02-02T12:00:00Z"));
        assertThat(EventJson.write(event)).contains("\"occurredAt\":\"2026-02-02T12:00:00Z\"");
    }

    @Test
    void contentHashIgnoresFieldOrderAndSpacing() throws Exception {
        ObjectNode original = exampleTree("ContactRecorded");
        ObjectNode reordered = PLAIN.createObjectNode();
        List<String> names = new ArrayList<>();
        original.fieldNames().forEachRemaining(names::add);
        Collections.reverse(names);
        names.forEach(name -> reordered.set(name, original.get(name)));

        assertThat(EventJson.contentHash(read(reordered.toPrettyString())))
                .isEqualTo(EventJson.contentHash(read(original.toString())));
    }

    @Test
    void contentHashIgnoresTheOrderOfChanges() {
        String one = example("EventCorrected").replace("{\"durationMinutes\":18}", "{\"durationMinutes\":18,\"faceToFace\":true}");
        String other = example("EventCorrected").replace("{\"durationMinutes\":18}", "{\"faceToFace\":true,\"durationMinutes\":18}");

        assertThat(EventJson.contentHash(read(one))).isEqualTo(EventJson.contentHash(read(other)));
    }

    @Test
    void contentHashIsTheSameForTheSameInstantInAnotherOffset() throws Exception {
        ObjectNode utc = exampleTree("CaseClosed");
        ObjectNode offset = exampleTree("CaseClosed").put("occurredAt", "2026-02-02T13:00:00+01:00");

        assertThat(EventJson.contentHash(read(offset.toString()))).isEqualTo(EventJson.contentHash(read(utc.toString())));
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', value = {
            "eventId          | \"cc-2026-000999\"",
            "occurredAt       | \"2026-01-05T09:12:01Z\"",
            "service          | \"childrens-services\"",
            "team             | \"contact-centre-2\"",
            "organisation     | \"city-council\"",
            "practitioner     | \"cc-0043\"",
            "sourceSystem     | \"web-form\"",
            "correlationId    | \"call-98312\"",
            "causationId      | \"call-98309\"",
            "tags             | [\"pilot-south\"]",
            "channel          | \"EMAIL\"",
            "demandType       | \"VALUE\"",
            "failureCategory  | \"NO_RESPONSE\"",
            "whatMatters      | \"I want to know when someone is coming to help me wash.\"",
            "durationMinutes  | 13",
            "faceToFace       | true",
    })
    void contentHashChangesWhenAnyFieldChanges(String field, String newValue) throws Exception {
        ObjectNode original = exampleTree("ContactRecorded");
        ObjectNode changed = original.deepCopy();
        changed.set(field, PLAIN.readTree(newValue));

        assertThat(EventJson.contentHash(read(changed.toString())))
                .isNotEqualTo(EventJson.contentHash(read(original.toString())));
    }

    @Test
    void contentHashChangesWhenAnOptionalFieldIsLeftOut() throws Exception {
        ObjectNode original = exampleTree("ContactRecorded");
        ObjectNode changed = original.deepCopy();
        changed.remove("faceToFace");

        assertThat(EventJson.contentHash(read(changed.toString())))
                .isNotEqualTo(EventJson.contentHash(read(original.toString())));
    }

    @Test
    void contentHashChangesWhenAChangedValueChanges() {
        String other = example("EventCorrected").replace("{\"durationMinutes\":18}", "{\"durationMinutes\":19}");

        assertThat(EventJson.contentHash(read(other))).isNotEqualTo(EventJson.contentHash(read(example("EventCorrected"))));
    }

    @Test
    void theTypeIsWrittenOnceAndFirst() {
        String written = EventJson.write(read(example("CaseClosed")));

        assertThat(written).startsWith("{\"type\":\"CaseClosed\",").containsOnlyOnce("\"type\"");
    }

    @Test
    void nestingUpToTheLimitIsAccepted() {
        // the event object is level 1 and changes level 2
        assertThatCode(nested(EventJson.MAX_NESTING_DEPTH - 2)).doesNotThrowAnyException();
    }

    @Test
    void nestingDeeperThanTheLimitIsRefused() {
        assertThatThrownBy(nested(EventJson.MAX_NESTING_DEPTH - 1)).isInstanceOf(UncheckedIOException.class)
                .hasMessageContaining("nesting depth");
    }

    private static ThrowingCallable nested(int levels) {
        String json = example("EventCorrected").replace("{\"durationMinutes\":18}",
                "{\"whatMatters\":" + "{\"a\":".repeat(levels) + "1" + "}".repeat(levels) + "}");
        return () -> read(json);
    }

    @Test
    void aTreeIsReadWithTheSameRules() throws Exception {
        JsonNode tree = EventJson.mapper().readTree(example("ContactRecorded"));

        assertThat(EventJson.mapper().treeToValue(tree, PersonEvent.class)).isEqualTo(read(example("ContactRecorded")));
    }

    @ParameterizedTest
    @ValueSource(strings = {"2026-01-05T09:12:00Z", "2026-01-05T09:12:00.1Z", "2026-01-05T09:12:00.123456789Z", "2024-02-29T23:59:59.5Z",
            "0000-01-01T00:00:00Z", "9999-12-31T23:59:59.999999999Z", "1970-01-01T00:00:00.000Z", "2026-12-31T00:00:00.000001Z"})
    void theCanonicalInstantShortcutReadsWhatIsoInstantReads(String text) {
        assertThat(EventJson.canonicalUtc(text)).isEqualTo(java.time.format.DateTimeFormatter.ISO_INSTANT.parse(text, java.time.Instant::from));
    }

    @ParameterizedTest
    @ValueSource(strings = {"2025-02-29T00:00:00Z", "2026-04-31T00:00:00Z", "2026-13-01T00:00:00Z", "2026-00-01T00:00:00Z",
            "2026-01-00T00:00:00Z", "2026-01-05T24:00:00Z", "2026-12-31T23:59:60Z", "2026-01-05T09:60:00Z", "2026-01-05T09:12:00.Z",
            "2026-01-05T09:12:00.1234567890Z", "2026-01-05t09:12:00z", "2026-01-05T09:12:00+00:00", "2026-01-05T09:12Z",
            "+2026-01-05T09:12:00Z", "2026-01-05T09:12:0aZ", "2026-01-05 09:12:00Z", "2026-01-05T09:12:00,5Z", "20260105T091200Z"})
    void anythingElseTakesJacksonsIsoPathAndMeetsItsRules(String text) {
        assertThat(EventJson.canonicalUtc(text)).isNull();
    }

    @Test
    void theCanonicalInstantShortcutAgreesWithIsoInstantOnRandomInstants() {
        java.util.Random random = new java.util.Random(3);
        for (int i = 0; i < 20_000; i++) {
            java.time.Instant instant = java.time.Instant.ofEpochSecond(random.nextLong(-62_167_219_200L, 253_402_300_799L),
                    random.nextInt(4) == 0 ? 0 : random.nextInt(1_000_000_000));
            String text = instant.toString();
            assertThat(EventJson.canonicalUtc(text)).as(text).isEqualTo(instant);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"2026-01-05T09:12:00Z", "2026-01-05T09:12:00.123456Z", "2026-01-05T09:12:00+01:00", "2026-01-05T10:12:00.5+01:00"})
    void parseInstantReadsWhatInstantParseReadsInOrOutOfTheCanonicalForm(String text) {
        assertThat(EventJson.parseInstant(text)).isEqualTo(java.time.Instant.parse(text));
    }

    @Test
    void parseInstantRefusesWhatInstantParseRefuses() {
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> EventJson.parseInstant("2025-02-29T00:00:00Z"))
                .isInstanceOf(java.time.format.DateTimeParseException.class);
    }
}
