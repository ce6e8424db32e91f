package org.casejourney.query.cohorts;

import com.fasterxml.jackson.databind.JsonNode;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import org.casejourney.events.Channel;
import org.casejourney.events.EventJson;
import org.casejourney.events.ReferralOutcome;
import org.casejourney.query.TestPseudonyms;
import org.casejourney.query.analytics.FactsDatabase;
import org.casejourney.query.analytics.PersonStream;
import org.casejourney.query.platform.TestProperties;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.StreamSupport;

import static org.assertj.core.api.Assertions.assertThat;

/** The OCEL 2.0 export of a cohort: valid against the published schema, and every counted event related to what it touched. */
class CohortOcelTest {

    private static final Path SCHEMA = Path.of("..", "docs", "standards", "ocel20-schema-json.json");
    private static FactsDatabase db;
    private static CohortOcel ocel;

    @BeforeAll
    static void data() {
        db = new FactsDatabase("analytics_ocel");
        ocel = new CohortOcel(db.jdbc().getDataSource(), Clock.fixed(Instant.parse("2026-12-01T00:00:00Z"), ZoneOffset.UTC), TestProperties.with());
        db.write(
                PersonStream.of("o1").in("adult-social-care", "front-door", "county-council").by("pr-1")
                        .failure("2026-03-02T09:00:00Z", Channel.PHONE, "PROGRESS_CHASING")
                        .referral("2026-03-03T09:00:00Z", "r-1", null, "reablement", null, "nhs-trust")
                        .resolved("2026-03-04T09:00:00Z", "r-1", ReferralOutcome.ACCEPTED)
                        .in("adult-social-care", "reablement", "county-council").by("pr-2")
                        .handoff("2026-03-05T09:00:00Z", "reablement", "reablement", null, null)
                        .support("2026-03-06T09:00:00Z", 45, true)
                        .closed("2026-03-10T09:00:00Z")
                        .value("2026-04-01T09:00:00Z", Channel.FACE_TO_FACE)
                        .retractLast(1),
                PersonStream.of("o2").in("housing", "housing-options", "district-council").by("pr-3")
                        .value("2026-03-09T09:00:00Z", Channel.EMAIL).assessment("2026-03-10T09:00:00Z")
                        .correctLast(1, Map.of("occurredAt", "2026-03-11T09:00:00Z")));
    }

    @AfterAll
    static void close() {
        db.close();
    }

    private static JsonNode export(String filterJson) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ocel.write(Filters.of(filterJson), out);
        return EventJson.mapper().readTree(out.toByteArray());
    }

    @Test
    void theLogValidatesAgainstThePublishedOcel2Schema() throws Exception {
        JsonSchema schema = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V7).getSchema(Files.readString(SCHEMA));
        JsonNode log = export("{}");

        Set<ValidationMessage> problems = schema.validate(log);

        assertThat(problems).isEmpty();
        // the schema does bite: an event without its time, or a log without objects, is refused
        com.fasterxml.jackson.databind.node.ObjectNode broken = log.deepCopy();
        ((com.fasterxml.jackson.databind.node.ObjectNode) broken.path("events").get(0)).remove("time");
        broken.remove("objects");
        assertThat(schema.validate(broken)).hasSize(2);
        assertThat(log.path("events")).hasSize(8); // o1's 6 counted events (its later contact retracted) and o2's 2
    }

    @Test
    void everyCountedEventIsRelatedToItsPersonEpisodeTeamPractitionerAndReferral() throws Exception {
        JsonNode log = export("{\"team\": \"front-door\"}");
        String person = TestPseudonyms.of("o1");

        List<JsonNode> events = StreamSupport.stream(log.path("events").spliterator(), false).toList();
        assertThat(events).extracting(e -> e.path("type").asText())
                .containsExactly("ContactRecorded", "ReferralMade", "ReferralResolved", "HandoffMade", "SupportDelivered", "CaseClosed");
        JsonNode referral = events.get(1);
        assertThat(relations(referral)).containsExactlyInAnyOrder("person " + person, "episode " + person + "/episode-1",
                "recorded by team:front-door", "by practitioner:pr-1", "makes " + person + "/r-1", "refers to team:reablement");
        assertThat(relations(events.get(2))).contains("resolves " + person + "/r-1");
        assertThat(relations(events.get(3))).contains("from practitioner:pr-2", "from team team:reablement", "to team team:reablement");
        JsonNode support = events.get(4);
        assertThat(attributes(support)).containsEntry("durationMinutes", "45").containsEntry("faceToFace", "true")
                .containsEntry("service", "adult-social-care");
        List<JsonNode> objects = StreamSupport.stream(log.path("objects").spliterator(), false).toList();
        assertThat(objects).extracting(o -> o.path("type").asText() + " " + o.path("id").asText()).contains("person " + person,
                "episode " + person + "/episode-1", "team team:front-door", "team team:reablement", "practitioner practitioner:pr-2");
        JsonNode episode = objects.stream().filter(o -> o.path("type").asText().equals("episode")).findFirst().orElseThrow();
        assertThat(attributes(episode)).containsEntry("outcome", "NEEDS_MET").containsEntry("returnStatus", "NOT_RETURNED")
                .containsEntry("endToEndDays", "8.0");
        JsonNode referralObject = objects.stream().filter(o -> o.path("type").asText().equals("referral")).findFirst().orElseThrow();
        assertThat(attributes(referralObject)).containsEntry("outcome", "ACCEPTED");
    }

    @Test
    void aCorrectionCountsAsCorrectedAndEveryAttributeValueIsItsDeclaredTypesText() throws Exception {
        JsonNode log = export("{\"service\": \"housing\"}");

        JsonNode assessment = log.path("events").get(1);
        assertThat(assessment.path("time").asText()).isEqualTo("2026-03-11T09:00:00Z");
        for (JsonNode event : log.path("events")) {
            for (JsonNode attribute : event.path("attributes")) {
                assertThat(attribute.path("value").isTextual()).as(attribute.toString()).isTrue();
            }
        }
    }

    private static List<String> relations(JsonNode event) {
        return StreamSupport.stream(event.path("relationships").spliterator(), false)
                .map(r -> r.path("qualifier").asText() + " " + r.path("objectId").asText()).toList();
    }

    private static Map<String, String> attributes(JsonNode node) {
        Map<String, String> values = new java.util.TreeMap<>();
        node.path("attributes").forEach(a -> values.put(a.path("name").asText(), a.path("value").asText()));
        return values;
    }
}
