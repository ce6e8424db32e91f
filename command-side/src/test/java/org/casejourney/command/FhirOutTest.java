package org.casejourney.command;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.net.http.HttpResponse;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * FHIR R4 out (docs/fhir.md): the journey and the access log come out as FHIR resources that HAPI's
 * validator accepts against the base R4 profiles, with the content the journey and the log hold.
 */
class FhirOutTest extends ApiTestSupport {

    private static final String NHS = "https://fhir.nhs.uk/Id/nhs-number";
    private static final String ID = "https://casejourney.org/fhir/Id/";
    private static final String EXT = "https://casejourney.org/fhir/StructureDefinition/";
    private static FhirValidation validator;

    private final Instant t0 = Instant.now().minus(20, ChronoUnit.DAYS).truncatedTo(ChronoUnit.SECONDS);

    @BeforeAll
    static void oneValidatorForTheClass() {
        validator = new FhirValidation();
    }

    @Test
    void theJourneyIsABundleTheR4ValidatorAcceptsWithCorrectionsAppliedAndRetractionsLeftOut() throws Exception {
        String person = person();
        recordAJourney(person);

        HttpResponse<String> response = get("/api/v1/persons/" + person + "/fhir");

        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        assertThat(response.headers().firstValue("Content-Type").orElse("")).startsWith("application/fhir+json");
        assertValid(response.body());
        JsonNode bundle = json.readTree(response.body());
        assertThat(bundle.get("type").asText()).isEqualTo("collection");
        assertThat(countsByType(bundle)).containsExactly(Map.entry("Patient", 1), Map.entry("EpisodeOfCare", 2),
                Map.entry("Encounter", 3), Map.entry("ServiceRequest", 2), Map.entry("Task", 1));
        assertThat(resources(bundle, "Patient").get(0).at("/identifier/0/system").asText()).isEqualTo(NHS);
        assertThat(resources(bundle, "Patient").get(0).at("/identifier/0/value").asText()).isEqualTo(person);

        List<JsonNode> encounters = resources(bundle, "Encounter");
        assertThat(encounters).extracting(e -> eventIds(e).get(0)).containsExactly("c1-" + person, "c2-" + person, "c3-" + person);
        assertThat(encounters).extracting(e -> e.at("/class/code").asText()).containsExactly("VR", "AMB", "VR");
        assertThat(extension(encounters.get(2), "contact-channel")).isEqualTo("ONLINE");
        assertThat(extension(encounters.get(0), "demand-type")).isEqualTo("FAILURE");
        assertThat(extension(encounters.get(0), "failure-category")).isEqualTo("PROGRESS_CHASING");
        assertThat(encounters.get(0).at("/reasonCode/0/text").asText()).isEqualTo("Knowing when someone will come");
        assertThat(encounters.get(1).at("/length/value").asInt()).as("the correction applied").isEqualTo(45);
        assertThat(encounters.get(0).at("/period/start").asText()).isEqualTo(t0.toString());
        List<JsonNode> episodes = resources(bundle, "EpisodeOfCare");
        assertThat(episodes).extracting(e -> e.get("status").asText()).containsExactly("finished", "active");
        assertThat(extension(episodes.get(0), "case-outcome")).isEqualTo("NEEDS_MET");
        assertThat(eventIds(episodes.get(0))).containsExactly("close-" + person);
        assertThat(encounters.get(2).at("/episodeOfCare/0/reference").asText()).isEqualTo(fullUrlOf(bundle, episodes.get(1)));

        List<JsonNode> referrals = resources(bundle, "ServiceRequest");
        assertThat(referrals).extracting(r -> r.get("status").asText()).containsExactly("completed", "active");
        assertThat(eventIds(referrals.get(0))).containsExactly("r1-" + person, "r1-ok-" + person);
        assertThat(referrals.get(0).at("/identifier/0/value").asText()).isEqualTo("ref-1-" + person);
        JsonNode task = resources(bundle, "Task").get(0);
        assertThat(eventIds(task)).containsExactly("h1-" + person);
        assertThat(task.get("status").asText()).isEqualTo("completed");
        assertThat(task.at("/owner/identifier/value").asText()).isEqualTo("community-nursing");
        assertThat(response.body()).doesNotContain("c4-" + person);
    }

    @Test
    void theAccessLogIsABundleOfAuditEventsTheR4ValidatorAccepts() throws Exception {
        String person = person();
        assertThat(post("/api/v1/persons/" + person + "/events", contact("a1-" + person, t0)).statusCode()).isEqualTo(201);
        assertThat(read("/api/v1/persons/" + person + "/journey", "complaint 2026-17").statusCode()).isEqualTo(200);
        assertThat(read("/api/v1/persons/" + person + "/events?limit=5", "audit 2026-09").statusCode()).isEqualTo(200);
        assertThat(read("/api/v1/persons/" + person + "/fhir", "records transfer").statusCode()).isEqualTo(200);

        HttpResponse<String> response = read("/api/v1/persons/" + person + "/access-log/fhir", "records management");

        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        assertThat(response.headers().firstValue("Content-Type").orElse("")).startsWith("application/fhir+json");
        assertValid(response.body());
        JsonNode bundle = json.readTree(response.body());
        List<JsonNode> events = resources(bundle, "AuditEvent");
        assertThat(countsByType(bundle)).containsExactly(Map.entry("AuditEvent", 4));
        assertThat(events).extracting(e -> e.at("/purposeOfEvent/0/text").asText())
                .containsExactly("complaint 2026-17", "audit 2026-09", "records transfer", "records management");
        assertThat(events).extracting(e -> e.at("/subtype/0/code").asText()).containsExactly("read", "search", "read", "read");
        assertThat(events).extracting(e -> e.get("action").asText()).containsExactly("R", "E", "R", "R");
        assertThat(new String(Base64.getDecoder().decode(events.get(1).at("/entity/1/query").asText()))).isEqualTo("limit=5");
        JsonNode first = events.get(0);
        assertThat(first.at("/type/code").asText()).isEqualTo("rest");
        assertThat(first.get("outcome").asText()).isEqualTo("0");
        assertThat(first.at("/agent/0/requestor").asBoolean()).isTrue();
        assertThat(first.at("/agent/0/who/identifier/system").asText()).isEqualTo(ID + "principal");
        assertThat(first.at("/agent/0/who/identifier/value").asText()).isNotBlank();
        assertThat(first.at("/source/observer/identifier/value").asText()).isEqualTo("casejourney-command-side");
        assertThat(first.at("/entity/0/what/identifier/system").asText()).isEqualTo(NHS);
        assertThat(first.at("/entity/0/what/identifier/value").asText()).isEqualTo(person);
        assertThat(first.at("/entity/1/description").asText()).isEqualTo("GET /api/v1/persons/" + person + "/journey");
    }

    @Test
    void aReadWithoutPurposeOrOfNobodyIsRefusedAsAnOperationOutcome() throws Exception {
        String person = person();
        HttpResponse<String> noPurpose = http.send(request("/api/v1/persons/" + person + "/fhir").header("Authorization", AUDITOR).GET().build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(noPurpose.statusCode()).isEqualTo(400);
        assertThat(noPurpose.headers().firstValue("Content-Type").orElse("")).startsWith("application/fhir+json");
        assertThat(json.readTree(noPurpose.body()).get("resourceType").asText()).isEqualTo("OperationOutcome");
        assertThat(noPurpose.body()).contains("X-Purpose");

        HttpResponse<String> nobody = get("/api/v1/persons/" + person + "/fhir");
        assertThat(nobody.statusCode()).isEqualTo(404);
        assertValid(nobody.body());
        // the refused read of nobody was logged first, as the replay's is
        JsonNode log = json.readTree(get("/api/v1/persons/" + person + "/access-log").body());
        assertThat(log.get("entries").get(0).get("endpoint").asText()).isEqualTo("GET /api/v1/persons/" + person + "/fhir");
    }

    /** Two episodes: contacts, a referral made and resolved and one still open, a handoff, a closure, a correction and a retraction. */
    private void recordAJourney(String person) throws Exception {
        List<Map<String, Object>> events = new ArrayList<>();
        events.add(contact("c1-" + person, t0));
        events.add(referral(person, "r1-", "ref-1-", at(1)));
        Map<String, Object> c2 = contact("c2-" + person, at(2));
        c2.putAll(Map.of("channel", "FACE_TO_FACE", "demandType", "VALUE", "durationMinutes", 30));
        c2.remove("failureCategory");
        events.add(c2);
        events.add(event("ReferralResolved", "r1-ok-" + person, at(3), Map.of("referralId", "ref-1-" + person, "outcome", "ACCEPTED")));
        events.add(event("HandoffMade", "h1-" + person, at(4), Map.of("fromOrganisation", "county-council", "toTeam", "community-nursing",
                "reason", "Moving to the nursing team")));
        events.add(event("CaseClosed", "close-" + person, at(5), Map.of("outcome", "NEEDS_MET", "team", "community-nursing")));
        Map<String, Object> c3 = contact("c3-" + person, at(48));
        c3.putAll(Map.of("channel", "ONLINE", "demandType", "VALUE"));
        c3.remove("failureCategory");
        events.add(c3);
        events.add(contact("c4-" + person, at(49)));
        events.add(referral(person, "r2-", "ref-2-", at(50)));
        events.add(event("EventCorrected", "fix-" + person, at(51), Map.of("correctsEventId", "c2-" + person,
                "changes", Map.of("durationMinutes", 45), "reason", "typed 30 for 45")));
        events.add(event("EventRetracted", "undo-" + person, at(52), Map.of("correctsEventId", "c4-" + person, "reason", "wrong person")));
        for (Map<String, Object> event : events) {
            HttpResponse<String> response = post("/api/v1/persons/" + person + "/events", event);
            assertThat(response.statusCode()).as(response.body()).isEqualTo(201);
        }
    }

    private Map<String, Object> referral(String person, String eventPrefix, String referralPrefix, Instant at) {
        return event("ReferralMade", eventPrefix + person, at, Map.of("referralId", referralPrefix + person, "fromOrganisation", "county-council",
                "toTeam", "reablement-north", "reason", "Needs help at home"));
    }

    private static Map<String, Object> event(String type, String eventId, Instant at, Map<String, Object> fields) {
        Map<String, Object> event = new LinkedHashMap<>();
        event.put("type", type);
        event.put("eventId", eventId);
        event.put("occurredAt", at.toString());
        event.put("service", "adult-social-care");
        event.putAll(fields);
        return event;
    }

    private Instant at(int hours) {
        return t0.plus(hours, ChronoUnit.HOURS);
    }

    private HttpResponse<String> read(String path, String purpose) throws Exception {
        return http.send(request(path).header("Authorization", AUDITOR).header("X-Purpose", purpose).GET().build(),
                HttpResponse.BodyHandlers.ofString());
    }

    /**
     * No ERROR or FATAL message from HAPI's validator against the base R4 profiles; every message is printed when there is
     * one (or always, with -Dfhirout.print=true).
     */
    private static void assertValid(String resource) {
        List<String> errors = validator.errors(resource);
        if (!errors.isEmpty() || Boolean.getBoolean("fhirout.print")) {
            validator.validate(resource).forEach(m -> System.out.println(FhirValidation.line(m)));
        }
        assertThat(errors).as(resource).isEmpty();
    }

    private static Map<String, Integer> countsByType(JsonNode bundle) {
        Map<String, Integer> counts = new LinkedHashMap<>();
        bundle.get("entry").forEach(e -> counts.merge(e.at("/resource/resourceType").asText(), 1, Integer::sum));
        return counts;
    }

    private static List<JsonNode> resources(JsonNode bundle, String type) {
        List<JsonNode> found = new ArrayList<>();
        bundle.get("entry").forEach(e -> {
            if (type.equals(e.at("/resource/resourceType").asText())) {
                found.add(e.get("resource"));
            }
        });
        return found;
    }

    private static String fullUrlOf(JsonNode bundle, JsonNode resource) {
        for (JsonNode e : bundle.get("entry")) {
            if (e.get("resource").equals(resource)) {
                return e.get("fullUrl").asText();
            }
        }
        return null;
    }

    private static List<String> eventIds(JsonNode resource) {
        List<String> ids = new ArrayList<>();
        resource.get("identifier").forEach(i -> {
            if ((ID + "event-id").equals(i.get("system").asText())) {
                ids.add(i.get("value").asText());
            }
        });
        return ids;
    }

    private static String extension(JsonNode resource, String name) {
        for (JsonNode x : resource.path("extension")) {
            if ((EXT + name).equals(x.get("url").asText())) {
                return x.has("valueCode") ? x.get("valueCode").asText() : x.path("valueString").asText(null);
            }
        }
        return null;
    }
}
