package org.casejourney.command;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

import java.net.http.HttpResponse;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;

import static org.assertj.core.api.Assertions.assertThat;

/** POST /fhir/Bundle on the shared running command side (same context as CommandSideApiTest). */
class FhirBundleTest extends ApiTestSupport {

    private static final String NHS = "https://fhir.nhs.uk/Id/nhs-number";
    private static final String EXT = "https://casejourney.org/fhir/StructureDefinition/";
    private final Instant t0 = Instant.now().minus(10, ChronoUnit.DAYS).truncatedTo(ChronoUnit.SECONDS);

    @Test
    void aTransactionWithOneOfEachMappedResourceBecomesTheEventsOnThePersonsStream() throws Exception {
        String person = nhsNumber();
        String key = UUID.randomUUID().toString();
        String bundle = transaction(patient(person), encounter(key, at(0), "urn:uuid:patient"), referral(key, "active", at(1), person),
                referral(key, "completed", at(2), person), handoff(key, at(3)), closure(key, at(4)));

        HttpResponse<String> response = postFhir(bundle);

        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        assertThat(response.headers().firstValue("Content-Type").orElse("")).startsWith("application/fhir+json");
        JsonNode answer = json.readTree(response.body());
        assertThat(answer.get("resourceType").asText()).isEqualTo("Bundle");
        assertThat(answer.get("type").asText()).isEqualTo("transaction-response");
        assertThat(statuses(answer)).containsExactly("200 OK", "201 Created", "201 Created", "201 Created", "201 Created", "201 Created");
        assertThat(answer.at("/entry/1/response/location").asText()).isEqualTo("/api/v1/persons/" + person + "/events?fromSequence=0&limit=1");
        assertThat(answer.at("/entry/1/response/lastModified").asText()).endsWith("Z");

        List<JsonNode> events = replay(person);
        assertThat(events).extracting(e -> e.get("type").asText())
                .containsExactly("ContactRecorded", "ReferralMade", "ReferralResolved", "HandoffMade", "CaseClosed");
        JsonNode contact = events.get(0);
        assertThat(contact.get("eventId").asText()).startsWith("fhir:Encounter:").endsWith(":enc-" + key + ":ContactRecorded");
        assertThat(contact.get("occurredAt").asText()).isEqualTo(at(0));
        assertThat(contact.get("service").asText()).isEqualTo("adult-social-care");
        assertThat(contact.get("channel").asText()).isEqualTo("FACE_TO_FACE");
        assertThat(contact.get("demandType").asText()).isEqualTo("FAILURE");
        assertThat(contact.get("failureCategory").asText()).isEqualTo("PROGRESS_CHASING");
        assertThat(contact.get("durationMinutes").asInt()).isEqualTo(25);
        assertThat(contact.get("practitioner").asText()).isEqualTo("staff-17");
        assertThat(contact.get("organisation").asText()).isEqualTo("county-council");
        assertThat(contact.get("whatMatters").asText()).isEqualTo("Knowing when someone will come");
        assertThat(contact.get("sourceSystem").asText()).isEqualTo("gp-system");
        JsonNode referral = events.get(1);
        assertThat(referral.get("referralId").asText()).isEqualTo("ref-" + key);
        assertThat(referral.get("toTeam").asText()).isEqualTo("reablement-north");
        assertThat(referral.get("fromOrganisation").asText()).isEqualTo("county-council");
        assertThat(events.get(2).get("referralId").asText()).isEqualTo("ref-" + key);
        assertThat(events.get(2).get("outcome").asText()).isEqualTo("ACCEPTED");
        assertThat(events.get(2).get("occurredAt").asText()).isEqualTo(at(2));
        JsonNode handoff = events.get(3);
        assertThat(handoff.get("fromOrganisation").asText()).isEqualTo("county-council");
        assertThat(handoff.get("toTeam").asText()).isEqualTo("community-nursing");
        assertThat(handoff.get("service").asText()).isEqualTo("adult-social-care");
        assertThat(events.get(4).get("outcome").asText()).isEqualTo("NEEDS_MET");
        assertThat(events.get(4).get("team").asText()).isEqualTo("reablement-north");

        // a retry of the same Bundle stores nothing new and answers 200 for every entry
        HttpResponse<String> retry = postFhir(bundle);
        assertThat(retry.statusCode()).as(retry.body()).isEqualTo(200);
        assertThat(statuses(json.readTree(retry.body()))).containsOnly("200 OK");
        assertThat(replay(person)).hasSize(5);
    }

    @Test
    void anUnmappableEntryAnswers422NamingEachElementAndStoresNothingOfTheBundle() throws Exception {
        String person = nhsNumber();
        String key = UUID.randomUUID().toString();
        String noStart = encounter(key + "-b", at(1), "urn:uuid:patient").replace("\"start\": \"" + at(1) + "\",", "");
        String observation = """
                {"resource": {"resourceType": "Observation", "status": "final", "code": {"text": "weight"}}, "request": {"method": "POST", "url": "Observation"}}""";

        HttpResponse<String> response = postFhir(transaction(patient(person), encounter(key, at(0), "urn:uuid:patient"), noStart, observation));

        assertOutcome(response, 422);
        assertThat(expressions(response)).contains("Bundle.entry[2].resource.period.start", "Bundle.entry[3].resource");
        assertThat(get("/api/v1/persons/" + person + "/events").statusCode()).isEqualTo(404);

        // a batch is mapped and checked as a whole too
        HttpResponse<String> batch = postFhir(transaction(patient(person), encounter(key, at(0), "urn:uuid:patient"), observation)
                .replace("\"transaction\"", "\"batch\""));
        assertOutcome(batch, 422);
        assertThat(get("/api/v1/persons/" + person + "/events").statusCode()).isEqualTo(404);
    }

    @Test
    void anEventRuleBrokenOnTheStreamNamesItsElementAndRollsBackTheWholeTransaction() throws Exception {
        String person = nhsNumber();
        String key = UUID.randomUUID().toString();
        // the referral resolved was never made on this stream: the person's aggregate refuses it after the contact was decided
        HttpResponse<String> response = postFhir(transaction(patient(person), encounter(key, at(0), "urn:uuid:patient"),
                referral(key, "completed", at(1), person)));

        assertOutcome(response, 422);
        assertThat(expressions(response)).contains("Bundle.entry[2].resource", "Bundle");
        assertThat(get("/api/v1/persons/" + person + "/events").statusCode()).isEqualTo(404);
        assertThat(jdbc.queryForObject("select count(*) from domain_event_entry where aggregate_identifier = ?", Long.class, person)).isZero();
    }

    @Test
    void anEventIdConflictRefusesTheTransactionButOnlyItsEntryInABatch() throws Exception {
        String person = nhsNumber();
        String key = UUID.randomUUID().toString();
        assertThat(postFhir(transaction(patient(person), encounter(key, at(0), "urn:uuid:patient"))).statusCode()).isEqualTo(200);
        String changed = encounter(key, at(0), "urn:uuid:patient").replace("\"value\": 25", "\"value\": 40");
        String other = encounter(key + "-2", at(1), "urn:uuid:patient");

        HttpResponse<String> transaction = postFhir(transaction(patient(person), changed, other));

        assertOutcome(transaction, 409);
        assertThat(expressions(transaction)).contains("Bundle.entry[1]");
        assertThat(replay(person)).hasSize(1);

        HttpResponse<String> batch = postFhir(transaction(patient(person), changed, other).replace("\"transaction\"", "\"batch\""));
        assertThat(batch.statusCode()).as(batch.body()).isEqualTo(200);
        JsonNode answer = json.readTree(batch.body());
        assertThat(answer.get("type").asText()).isEqualTo("batch-response");
        assertThat(statuses(answer)).containsExactly("200 OK", "409 Conflict", "201 Created");
        assertThat(answer.at("/entry/1/response/outcome/resourceType").asText()).isEqualTo("OperationOutcome");
        assertThat(replay(person)).hasSize(2);
    }

    @Test
    void malformedJsonAnswers400WithAnOperationOutcome() throws Exception {
        HttpResponse<String> response = postFhir("{\"resourceType\": \"Bundle\", ");

        assertOutcome(response, 400);
        assertThat(response.body()).contains("line 1").doesNotContain("Exception");
    }

    private HttpResponse<String> postFhir(String bundle) throws Exception {
        return http.send(request("/fhir/Bundle").header("Authorization", RECORDER).header("Content-Type", "application/fhir+json")
                .header("X-Source-System", "gp-system")
                .POST(java.net.http.HttpRequest.BodyPublishers.ofString(bundle)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private void assertOutcome(HttpResponse<String> response, int status) throws Exception {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
        assertThat(response.headers().firstValue("Content-Type").orElse("")).startsWith("application/fhir+json");
        JsonNode outcome = json.readTree(response.body());
        assertThat(outcome.get("resourceType").asText()).isEqualTo("OperationOutcome");
        assertThat(outcome.at("/issue/0/severity").asText()).isEqualTo("error");
        assertThat(outcome.at("/issue/0/code").asText()).isNotBlank();
    }

    private List<String> expressions(HttpResponse<String> response) throws Exception {
        List<String> expressions = new ArrayList<>();
        json.readTree(response.body()).get("issue").forEach(i -> i.path("expression").forEach(e -> expressions.add(e.asText())));
        return expressions;
    }

    private static List<String> statuses(JsonNode bundle) {
        List<String> statuses = new ArrayList<>();
        bundle.get("entry").forEach(e -> statuses.add(e.at("/response/status").asText()));
        return statuses;
    }

    private List<JsonNode> replay(String person) throws Exception {
        HttpResponse<String> response = get("/api/v1/persons/" + person + "/events");
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        List<JsonNode> events = new ArrayList<>();
        json.readTree(response.body()).get("events").forEach(e -> events.add(e.get("event")));
        return events;
    }

    private String at(int hours) {
        return t0.plus(hours, ChronoUnit.HOURS).toString();
    }

    private static String nhsNumber() {
        return String.valueOf(ThreadLocalRandom.current().nextLong(1_000_000_000L, 9_999_999_999L));
    }

    private static String transaction(String... entries) {
        return "{\"resourceType\": \"Bundle\", \"type\": \"transaction\", \"entry\": [" + String.join(",\n", entries) + "]}";
    }

    private static String patient(String nhsNumber) {
        return """
                {"fullUrl": "urn:uuid:patient", "resource": {"resourceType": "Patient",
                  "identifier": [{"system": "%s", "value": "%s"}]}, "request": {"method": "POST", "url": "Patient"}}""".formatted(NHS, nhsNumber);
    }

    private static String encounter(String key, String start, String subject) {
        return """
                {"resource": {"resourceType": "Encounter",
                  "meta": {"tag": [{"system": "https://casejourney.org/fhir/CodeSystem/failure-category", "code": "PROGRESS_CHASING"}]},
                  "extension": [{"url": "%sdemand-type", "valueCode": "FAILURE"}],
                  "identifier": [{"system": "https://gp.example/encounters", "value": "enc-%s"}],
                  "status": "finished",
                  "class": {"system": "http://terminology.hl7.org/CodeSystem/v3-ActCode", "code": "AMB"},
                  "serviceType": {"coding": [{"code": "adult-social-care"}]},
                  "subject": {"reference": "%s"},
                  "participant": [{"individual": {"reference": "Practitioner/staff-17"}}],
                  "period": {"start": "%s", "end": "%s"},
                  "length": {"value": 25, "unit": "min", "system": "http://unitsofmeasure.org", "code": "min"},
                  "reasonCode": [{"text": "Knowing when someone will come"}],
                  "serviceProvider": {"reference": "Organization/county-council"}},
                 "request": {"method": "POST", "url": "Encounter"}}""".formatted(EXT, key, subject, start, start);
    }

    private static String referral(String key, String status, String at, String person) {
        String when = status.equals("active") ? "\"authoredOn\": \"" + at + "\"," : "\"meta\": {\"lastUpdated\": \"" + at + "\"},";
        return """
                {"resource": {"resourceType": "ServiceRequest", %s
                  "identifier": [{"system": "https://council.example/referrals", "value": "ref-%s"}],
                  "status": "%s", "intent": "order",
                  "category": [{"coding": [{"code": "adult-social-care"}]}],
                  "subject": {"identifier": {"system": "%s", "value": "%s"}},
                  "requester": {"reference": "Organization/county-council"},
                  "performer": [{"reference": "CareTeam/reablement-north"}]},
                 "request": {"method": "POST", "url": "ServiceRequest"}}""".formatted(when, key, status, NHS, person);
    }

    private static String handoff(String key, String at) {
        return """
                {"resource": {"resourceType": "Task",
                  "extension": [{"url": "%sservice", "valueCode": "adult-social-care"}],
                  "identifier": [{"system": "https://council.example/tasks", "value": "task-%s"}],
                  "status": "completed", "intent": "order",
                  "for": {"reference": "urn:uuid:patient"},
                  "executionPeriod": {"end": "%s"},
                  "requester": {"reference": "Organization/county-council"},
                  "owner": {"reference": "CareTeam/community-nursing"}},
                 "request": {"method": "POST", "url": "Task"}}""".formatted(EXT, key, at);
    }

    private static String closure(String key, String at) {
        return """
                {"resource": {"resourceType": "EpisodeOfCare",
                  "extension": [{"url": "%scase-outcome", "valueCode": "NEEDS_MET"}],
                  "identifier": [{"system": "https://council.example/episodes", "value": "eoc-%s"}],
                  "status": "finished",
                  "type": [{"coding": [{"code": "adult-social-care"}]}],
                  "patient": {"reference": "urn:uuid:patient"},
                  "managingOrganization": {"reference": "Organization/county-council"},
                  "team": [{"reference": "CareTeam/reablement-north"}],
                  "period": {"start": "%s", "end": "%s"}},
                 "request": {"method": "POST", "url": "EpisodeOfCare"}}""".formatted(EXT, key, at, at);
    }
}
