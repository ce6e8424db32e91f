package org.casejourney.command;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.casejourney.events.EventJson;
import org.casejourney.events.RecordedEvent;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.autoconfigure.actuate.observability.AutoConfigureObservability;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/** The command side's HTTP contract, end to end on real PostgreSQL and a real Kafka broker. */
class CommandSideApiTest extends ApiTestSupport {

    private final Instant t0 = Instant.now().minus(10, ChronoUnit.DAYS).truncatedTo(ChronoUnit.SECONDS);

    @Test
    void postingAnEventStoresItAndAnswers201WithItsReceipt() throws Exception {
        String person = person();
        HttpResponse<String> response = post("/api/v1/persons/" + person + "/events", contact("e-" + person, t0));

        assertThat(response.statusCode()).isEqualTo(201);
        JsonNode receipt = json.readTree(response.body());
        assertThat(receipt.get("eventId").asText()).isEqualTo("e-" + person);
        assertThat(receipt.get("personId").asText()).isEqualTo(person);
        assertThat(receipt.get("sequence").asLong()).isZero();
        assertThat(Instant.parse(receipt.get("recordedAt").asText())).isCloseTo(Instant.now(), org.assertj.core.api.Assertions.within(1, ChronoUnit.MINUTES));
        assertThat(jdbc.queryForObject("select count(*) from domain_event_entry where aggregate_identifier = ?", Long.class, person)).isEqualTo(1);
    }

    @Test
    void aRetryWithTheSameContentAnswers200WithTheOriginalReceiptAndStoresNothingNew() throws Exception {
        String person = person();
        Map<String, Object> event = contact("e-" + person, t0);
        HttpResponse<String> first = post("/api/v1/persons/" + person + "/events", event);
        // the same event, its fields in another order, is still the same event
        Map<String, Object> reordered = new java.util.TreeMap<>(java.util.Comparator.reverseOrder());
        reordered.putAll(event);
        HttpResponse<String> retry = post("/api/v1/persons/" + person + "/events", reordered);

        assertThat(first.statusCode()).isEqualTo(201);
        assertThat(retry.statusCode()).isEqualTo(200);
        assertThat(json.readTree(retry.body())).isEqualTo(json.readTree(first.body()));
        assertThat(jdbc.queryForObject("select count(*) from domain_event_entry where aggregate_identifier = ?", Long.class, person)).isEqualTo(1);
    }

    @Test
    void reusingAnEventIdWithDifferentContentOrForAnotherPersonAnswers409() throws Exception {
        String person = person();
        post("/api/v1/persons/" + person + "/events", contact("e-" + person, t0));
        Map<String, Object> changed = contact("e-" + person, t0);
        changed.put("durationMinutes", 99);

        HttpResponse<String> sameIdOtherContent = post("/api/v1/persons/" + person + "/events", changed);
        HttpResponse<String> sameIdOtherPerson = post("/api/v1/persons/" + person() + "/events", contact("e-" + person, t0));

        assertProblem(sameIdOtherContent, 409, "/problems/event-id-conflict");
        assertThat(json.readTree(sameIdOtherContent.body()).get("detail").asText()).contains("different content");
        assertProblem(sameIdOtherPerson, 409, "/problems/event-id-conflict");
        assertThat(json.readTree(sameIdOtherPerson.body()).get("detail").asText()).contains("another person");
    }

    @Test
    void malformedJsonAnswers400WithWhereItBroke() throws Exception {
        HttpResponse<String> response = postRaw("/api/v1/persons/" + person() + "/events", "{\"type\": \"ContactRecorded\", ", "application/json");

        assertProblem(response, 400, "/problems/malformed-json");
        assertThat(json.readTree(response.body()).get("detail").asText()).contains("line 1");
    }

    @Test
    void anUnknownTypeAnswers422ListingTheKnownTypes() throws Exception {
        Map<String, Object> event = contact("e-" + UUID.randomUUID(), t0);
        event.put("type", "ContactMade");

        HttpResponse<String> response = post("/api/v1/persons/" + person() + "/events", event);

        assertProblem(response, 422, "/problems/invalid-event");
        assertThat(errorFields(response)).containsExactly("type");
        assertThat(response.body()).contains("ContactRecorded");
    }

    @Test
    void everyMissingOrInvalidFieldIsNamed() throws Exception {
        Map<String, Object> event = contact("e-" + UUID.randomUUID(), t0);
        event.remove("channel");
        event.remove("service");
        event.put("durationMinutes", -5);
        event.put("failureCategory", "LOST_IN_POST");

        HttpResponse<String> response = post("/api/v1/persons/" + person() + "/events", event);

        assertProblem(response, 422, "/problems/invalid-event");
        assertThat(errorFields(response)).containsExactlyInAnyOrder("channel", "service", "durationMinutes", "failureCategory");
    }

    @Test
    void aFieldOfTheWrongTypeOrAnUnknownFieldIsNamed() throws Exception {
        Map<String, Object> wrongType = contact("e-" + UUID.randomUUID(), t0);
        wrongType.put("durationMinutes", "ten");
        Map<String, Object> unknownField = contact("e-" + UUID.randomUUID(), t0);
        unknownField.put("colour", "blue");
        Map<String, Object> badEnum = contact("e-" + UUID.randomUUID(), t0);
        badEnum.put("channel", "PIGEON");

        assertThat(errorFields(post("/api/v1/persons/" + person() + "/events", wrongType))).containsExactly("durationMinutes");
        assertThat(errorFields(post("/api/v1/persons/" + person() + "/events", unknownField))).containsExactly("colour");
        Map<String, Object> nul = contact("e-" + UUID.randomUUID(), t0);
        nul.put("whatMatters", "tea\u0000");
        assertThat(errorFields(post("/api/v1/persons/" + person() + "/events", nul))).containsExactly("whatMatters");
        HttpResponse<String> enumResponse = post("/api/v1/persons/" + person() + "/events", badEnum);
        assertThat(errorFields(enumResponse)).containsExactly("channel");
        assertThat(enumResponse.body()).contains("FACE_TO_FACE");
    }

    @Test
    void tagsAndCodesThatCouldCarryWordsAboutThePersonAreRefused() throws Exception {
        // these fields are stored in clear for the measures, so they take codes, never sentences
        String person = person();
        Map<String, Object> tagged = contact("e-" + UUID.randomUUID(), t0);
        tagged.put("tags", List.of("pilot-north", "lives alone since her husband died"));
        Map<String, Object> assessment = new java.util.HashMap<>(Map.of("type", "AssessmentCompleted", "eventId", "a-" + UUID.randomUUID(),
                "occurredAt", t0.toString(), "service", "adult-social-care", "assessmentType", "care-act-needs",
                "outcome", "Needs help washing"));

        HttpResponse<String> taggedResponse = post("/api/v1/persons/" + person + "/events", tagged);
        assertProblem(taggedResponse, 422, "/problems/invalid-event");
        assertThat(errorFields(taggedResponse)).containsExactly("tags[1]");
        assertThat(errorFields(post("/api/v1/persons/" + person + "/events", assessment))).containsExactly("outcome");
        assessment.put("outcome", "needs-identified");
        assertThat(post("/api/v1/persons/" + person + "/events", assessment).statusCode()).isEqualTo(201);

        HttpResponse<String> correction = post("/api/v1/persons/" + person + "/events", Map.of("type", "EventCorrected",
                "eventId", "c-" + UUID.randomUUID(), "occurredAt", t0.toString(), "correctsEventId", assessment.get("eventId"),
                "changes", Map.of("outcome", "She cried"), "reason", "typo"));
        assertProblem(correction, 422, "/problems/invalid-event");
        assertThat(errorFields(correction)).containsExactly("changes.outcome");
    }

    @Test
    void anOccurredAtBeyondTheClockSkewAllowanceAnswers422() throws Exception {
        HttpResponse<String> response = post("/api/v1/persons/" + person() + "/events",
                contact("e-" + UUID.randomUUID(), Instant.now().plus(1, ChronoUnit.HOURS)));

        assertProblem(response, 422, "/problems/invalid-event");
        assertThat(errorFields(response)).containsExactly("occurredAt");
    }

    @Test
    void aCorrectionOrResolutionNamingSomethingNotOnThePersonsStreamAnswers422() throws Exception {
        String person = person();
        post("/api/v1/persons/" + person + "/events", contact("e-" + person, t0));

        HttpResponse<String> correction = post("/api/v1/persons/" + person + "/events", Map.of("type", "EventCorrected",
                "eventId", "c-" + person, "occurredAt", t0.toString(), "correctsEventId", "nope",
                "changes", Map.of("durationMinutes", 20), "reason", "typo"));
        HttpResponse<String> resolution = post("/api/v1/persons/" + person + "/events", Map.of("type", "ReferralResolved",
                "eventId", "r-" + person, "occurredAt", t0.toString(), "service", "housing", "referralId", "ref-x", "outcome", "ACCEPTED"));

        assertProblem(correction, 422, "/problems/invalid-event");
        assertThat(errorFields(correction)).containsExactly("correctsEventId");
        assertProblem(resolution, 422, "/problems/invalid-event");
        assertThat(errorFields(resolution)).containsExactly("referralId");
    }

    @Test
    void aCorrectionThatWouldLeaveAnInvalidEventAnswers422NamingTheChangedField() throws Exception {
        String person = person();
        post("/api/v1/persons/" + person + "/events", contact("e-" + person, t0));

        HttpResponse<String> response = post("/api/v1/persons/" + person + "/events", Map.of("type", "EventCorrected",
                "eventId", "c-" + person, "occurredAt", t0.toString(), "correctsEventId", "e-" + person,
                "changes", Map.of("demandType", "VALUE"), "reason", "was value demand"));

        assertProblem(response, 422, "/problems/invalid-event");
        assertThat(errorFields(response)).containsExactly("changes.failureCategory");
    }

    @Test
    void aCloudEventInStructuredOrBinaryModeIsRecordedAsTheEventItsDataHolds() throws Exception {
        String person = person();
        Map<String, Object> data = contact("ignored", t0);
        data.remove("type");
        data.remove("eventId");
        Map<String, Object> structured = new java.util.LinkedHashMap<>();
        structured.put("specversion", "1.0");
        structured.put("id", "ce-s-" + person);
        structured.put("source", "urn:council:contact-centre-crm");
        structured.put("type", "org.casejourney.ContactRecorded");
        structured.put("subject", person);
        structured.put("datacontenttype", "application/json");
        structured.put("data", data);
        String body = json.writeValueAsString(structured);

        HttpResponse<String> created = postRaw("/api/v1/persons/" + person + "/events", body, "application/cloudevents+json");
        HttpResponse<String> retried = postRaw("/api/v1/persons/" + person + "/events", body, "application/cloudevents+json");

        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        assertThat(json.readTree(created.body()).get("eventId").asText()).isEqualTo("ce-s-" + person);
        assertThat(retried.statusCode()).as("a retry of the same CloudEvent").isEqualTo(200);

        // binary mode: the attributes in ce- headers, the event itself as the body
        Map<String, Object> event = contact("ce-b-" + person, t0.plusSeconds(60));
        HttpResponse<String> binary = http.send(request("/api/v1/persons/" + person + "/events").header("Authorization", RECORDER)
                .header("Content-Type", "application/json").header("ce-specversion", "1.0").header("ce-id", "ce-b-" + person)
                .header("ce-source", "urn:council:case-system").header("ce-type", "org.casejourney.ContactRecorded")
                .POST(HttpRequest.BodyPublishers.ofString(json.writeValueAsString(event))).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(binary.statusCode()).as(binary.body()).isEqualTo(201);

        JsonNode stream = json.readTree(get("/api/v1/persons/" + person + "/events").body()).get("events");
        assertThat(stream).hasSize(2);
        assertThat(stream.get(0).get("event").get("eventId").asText()).isEqualTo("ce-s-" + person);
        assertThat(stream.get(0).get("event").get("type").asText()).isEqualTo("ContactRecorded");
        assertThat(stream.get(0).get("event").get("sourceSystem").asText()).as("the CloudEvent's source").isEqualTo("urn:council:contact-centre-crm");
        assertThat(stream.get(1).get("event").get("sourceSystem").asText()).isEqualTo("urn:council:case-system");
    }

    @Test
    void aCloudEventWhoseAttributesContradictItsDataOrThatIsMalformedIsRefusedNamingWhy() throws Exception {
        String person = person();
        java.util.function.Function<Map<String, Object>, String> cloudEvent = attributes -> {
            Map<String, Object> ce = new java.util.LinkedHashMap<>(Map.of("specversion", "1.0", "id", "ce-x-" + person,
                    "source", "urn:council:crm", "type", "org.casejourney.ContactRecorded", "data", contact("ce-x-" + person, t0)));
            ce.putAll(attributes);
            try {
                return json.writeValueAsString(ce);
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        };
        String path = "/api/v1/persons/" + person + "/events";

        HttpResponse<String> otherId = postRaw(path, cloudEvent.apply(Map.of("id", "not-the-event-id")), "application/cloudevents+json");
        HttpResponse<String> otherPerson = postRaw(path, cloudEvent.apply(Map.of("subject", "someone-else")), "application/cloudevents+json");
        HttpResponse<String> otherType = postRaw(path, cloudEvent.apply(Map.of("type", "com.example.Contact")), "application/cloudevents+json");
        HttpResponse<String> notACloudEvent = postRaw(path, "{\"id\":\"x\",\"data\":{}}", "application/cloudevents+json");

        assertProblem(otherId, 422, "/problems/invalid-event");
        assertThat(errorFields(otherId)).containsExactly("cloudevent.id");
        assertThat(errorFields(otherPerson)).containsExactly("cloudevent.subject");
        assertThat(errorFields(otherType)).containsExactly("cloudevent.type");
        assertProblem(notACloudEvent, 400, "/problems/malformed-cloudevent");
        assertThat(jdbc.queryForObject("select count(*) from domain_event_entry where aggregate_identifier = ?", Long.class, person)).isZero();
    }

    @Test
    void aBodySentInChunksWithoutALengthIsReadWholeOrRefusedWhenOversize() throws Exception {
        String person = person();
        HttpResponse<String> chunked = postChunked("/api/v1/persons/" + person + "/events", contact("e-" + person, t0));
        Map<String, Object> huge = contact("e-" + UUID.randomUUID(), t0);
        huge.put("whatMatters", "x".repeat(70_000));

        assertThat(chunked.statusCode()).as(chunked.body()).isEqualTo(201);
        assertThat(json.readTree(chunked.body()).get("eventId").asText()).isEqualTo("e-" + person);
        assertThat(jdbc.queryForObject("select count(*) from domain_event_entry where aggregate_identifier = ?", Long.class, person)).isEqualTo(1);
        assertProblem(postChunked("/api/v1/persons/" + person() + "/events", huge), 413, "/problems/body-too-large");
    }

    /** Posts with no Content-Length: the client does not know the length, so HTTP/1.1 sends the body in chunks. */
    private HttpResponse<String> postChunked(String path, Object body) throws Exception {
        byte[] bytes = json.writeValueAsBytes(body);
        return http.send(request(path).version(HttpClient.Version.HTTP_1_1).header("Authorization", RECORDER)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofInputStream(() -> new java.io.ByteArrayInputStream(bytes))).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void anOversizeBodyAnswers413AndABadPersonIdOrContentTypeAreRefused() throws Exception {
        Map<String, Object> huge = contact("e-" + UUID.randomUUID(), t0);
        huge.put("whatMatters", "x".repeat(70_000));

        assertProblem(post("/api/v1/persons/" + person() + "/events", huge), 413, "/problems/body-too-large");
        assertProblem(post("/api/v1/persons/bad%20id/events", contact("e-" + UUID.randomUUID(), t0)), 400, "/problems/invalid-person-id");
        assertProblem(postRaw("/api/v1/persons/" + person() + "/events", "type=ContactRecorded", "text/plain"), 415, "/problems/http-415");
    }

    @Test
    void aBatchAnswersOneResultPerItemInOrderAndOneBadItemRejectsNoOther() throws Exception {
        String a = person();
        String b = person();
        List<Map<String, Object>> items = new ArrayList<>();
        items.add(withPerson(a, contact("e1-" + a, t0)));
        items.add(withPerson(b, contact("e1-" + b, t0)));
        Map<String, Object> invalid = withPerson(a, contact("e2-" + a, t0));
        invalid.remove("demandType");
        items.add(invalid);
        items.add(withPerson(a, contact("e1-" + a, t0)));
        items.add(withPerson(a, Map.of("type", "CaseClosed", "eventId", "e3-" + a, "occurredAt", t0.plusSeconds(3600).toString(),
                "service", "adult-social-care", "outcome", "NEEDS_MET")));
        Map<String, Object> noPerson = contact("e9-" + a, t0);
        items.add(noPerson);

        HttpResponse<String> response = post("/api/v1/events/batch", Map.of("events", items));

        assertThat(response.statusCode()).isEqualTo(200);
        JsonNode body = json.readTree(response.body());
        List<Integer> statuses = new ArrayList<>();
        body.get("results").forEach(r -> statuses.add(r.get("status").asInt()));
        assertThat(statuses).containsExactly(201, 201, 422, 200, 201, 422);
        assertThat(body.get("results").get(4).get("sequence").asLong()).isEqualTo(1);
        assertThat(body.get("results").get(2).get("problem").get("errors").get(0).get("field").asText()).isEqualTo("demandType");
        assertThat(body.get("results").get(5).get("problem").get("errors").get(0).get("field").asText()).isEqualTo("personId");
        assertThat(body.get("accepted").asInt()).isEqualTo(3);
        assertThat(body.get("duplicates").asInt()).isEqualTo(1);
        assertThat(body.get("rejected").asInt()).isEqualTo(2);
        assertThat(jdbc.queryForObject("select count(*) from domain_event_entry where aggregate_identifier in (?, ?)", Long.class, a, b)).isEqualTo(3);
    }

    @Test
    void anItemTheStreamRefusesRollsBackOnlyItselfNotTheItemsStoredBeforeIt() throws Exception {
        String a = person();
        String b = person();
        List<Map<String, Object>> items = List.of(
                withPerson(a, contact("k1-" + a, t0)),
                withPerson(b, Map.of("type", "ReferralResolved", "eventId", "k2-" + b, "occurredAt", t0.toString(),
                        "service", "housing", "referralId", "never-made", "outcome", "ACCEPTED")),
                withPerson(a, contact("k1-" + a, t0.plusSeconds(5))),
                withPerson(a, Map.of("type", "CaseClosed", "eventId", "k3-" + a, "occurredAt", t0.plusSeconds(60).toString(),
                        "service", "adult-social-care", "outcome", "NEEDS_MET")));

        JsonNode body = json.readTree(post("/api/v1/events/batch", Map.of("events", items)).body());

        List<Integer> statuses = new ArrayList<>();
        body.get("results").forEach(r -> statuses.add(r.get("status").asInt()));
        assertThat(statuses).containsExactly(201, 422, 409, 201);
        JsonNode replay = json.readTree(get("/api/v1/persons/" + a + "/events").body()).get("events");
        assertThat(replay).hasSize(2);
        assertThat(replay.get(0).get("event").get("eventId").asText()).isEqualTo("k1-" + a);
        assertThat(replay.get(1).get("sequence").asLong()).isEqualTo(1);
        assertThat(get("/api/v1/persons/" + b + "/events").statusCode()).isEqualTo(404);
    }

    @Test
    void oneEventIdForTwoPeopleInOneBatchIsStoredOnceAndRefusedOnce() throws Exception {
        String shared = "shared-" + UUID.randomUUID();
        List<Map<String, Object>> items = List.of(withPerson(person(), contact(shared, t0)), withPerson(person(), contact(shared, t0)));

        JsonNode body = json.readTree(post("/api/v1/events/batch", Map.of("events", items)).body());

        assertThat(body.get("results").get(0).get("status").asInt()).isEqualTo(201);
        assertThat(body.get("results").get(1).get("status").asInt()).isEqualTo(409);
        assertThat(jdbc.queryForObject("select count(*) from domain_event_entry where event_identifier is not null and "
                + "convert_from(payload, 'UTF8') like ?", Long.class, "%" + shared + "%")).isEqualTo(1);
    }

    @Test
    void provenanceHeadersObeyTheLimitsOfTheFieldsTheyFill() throws Exception {
        var request = request("/api/v1/persons/" + person() + "/events").header("Authorization", RECORDER)
                .header("Content-Type", "application/json").header("X-Correlation-Id", "has spaces in it")
                .POST(java.net.http.HttpRequest.BodyPublishers.ofString(json.writeValueAsString(contact("h-" + UUID.randomUUID(), t0)))).build();

        assertProblem(http.send(request, HttpResponse.BodyHandlers.ofString()), 400, "/problems/invalid-header");
    }

    @Test
    void anEmptyBodyIsNamedAsSuch() throws Exception {
        HttpResponse<String> response = postRaw("/api/v1/persons/" + person() + "/events", "", "application/json");

        assertProblem(response, 400, "/problems/malformed-json");
        assertThat(json.readTree(response.body()).get("detail").asText()).contains("empty");
    }

    @Test
    void aBatchOverTheMaximumOrEmptyIsRefusedWhole() throws Exception {
        List<Map<String, Object>> tooMany = new ArrayList<>();
        for (int i = 0; i < 1001; i++) {
            tooMany.add(withPerson("p", contact("big-" + i, t0)));
        }
        assertProblem(post("/api/v1/events/batch", Map.of("events", tooMany)), 422, "/problems/batch-size");
        assertProblem(post("/api/v1/events/batch", Map.of("events", List.of())), 422, "/problems/batch-size");
        assertProblem(post("/api/v1/events/batch", Map.of("items", List.of())), 400, "/problems/malformed-batch");
    }

    @Test
    void theReplayReturnsTheStreamInOrderWithMetadataPagedAndAsOf() throws Exception {
        String person = person();
        for (int i = 0; i < 7; i++) {
            post("/api/v1/persons/" + person + "/events", contact("e" + i + "-" + person, t0.plusSeconds(i)));
        }
        Instant between = Instant.now();
        Thread.sleep(20);
        post("/api/v1/persons/" + person + "/events", contact("late-" + person, t0.plusSeconds(100)));

        JsonNode first = json.readTree(get("/api/v1/persons/" + person + "/events?limit=5").body());
        JsonNode second = json.readTree(get("/api/v1/persons/" + person + "/events?fromSequence=" + first.get("nextFromSequence").asLong()).body());
        JsonNode asOf = json.readTree(get("/api/v1/persons/" + person + "/events?asOf=" + between).body());

        assertThat(first.get("events")).hasSize(5);
        assertThat(first.get("nextFromSequence").asLong()).isEqualTo(5);
        assertThat(second.get("events")).hasSize(3);
        assertThat(second.has("nextFromSequence")).as("no next page").isFalse();
        JsonNode e0 = first.get("events").get(0);
        assertThat(e0.get("sequence").asLong()).isZero();
        assertThat(e0.get("recordedBy").asText()).isEqualTo("test-recorder");
        assertThat(e0.get("event").get("type").asText()).isEqualTo("ContactRecorded");
        assertThat(e0.get("event").get("correlationId").asText()).isNotBlank();
        assertThat(asOf.get("events")).hasSize(7);
        // the snapshot threshold is 5 in this test: the stream was snapshotted, yet the replay shows every event
        assertThat(jdbc.queryForObject("select count(*) from snapshot_event_entry where aggregate_identifier = ?", Long.class, person)).isPositive();
        assertThat(get("/api/v1/persons/" + person() + "/events").statusCode()).isEqualTo(404);
        assertProblem(get("/api/v1/persons/" + person + "/events?asOf=yesterday"), 400, "/problems/invalid-as-of");
        // Spring's own errors carry the same names on both apps (docs/api.md)
        assertProblem(get("/api/v1/persons/" + person + "/events?fromSequence=first"), 400, "/problems/invalid-request");
    }

    @Test
    void theJourneyAsOfShowsTheMeasuresAsTheyStoodThen() throws Exception {
        String person = person();
        post("/api/v1/persons/" + person + "/events", contact("e1-" + person, t0));
        Instant beforeClosure = Instant.now();
        Thread.sleep(20);
        post("/api/v1/persons/" + person + "/events", Map.of("type", "CaseClosed", "eventId", "e2-" + person,
                "occurredAt", t0.plus(2, ChronoUnit.DAYS).toString(), "service", "adult-social-care", "outcome", "NEEDS_MET"));

        JsonNode then = json.readTree(get("/api/v1/persons/" + person + "/journey?asOf=" + beforeClosure).body());
        JsonNode now = json.readTree(get("/api/v1/persons/" + person + "/journey").body());

        assertThat(then.get("open").asBoolean()).isTrue();
        assertThat(then.get("eventsRecorded").asInt()).isEqualTo(1);
        assertThat(now.get("open").asBoolean()).isFalse();
        assertThat(now.get("endToEndDays").asDouble()).isEqualTo(2.0);
        assertThat(now.get("contacts").get("failure").asInt()).isEqualTo(1);
        // closed eight days ago: the setting's 30-day window still runs, so the episode is pending, in no rate
        assertThat(now.get("episodes").get(0).get("returnStatus").asText()).isEqualTo("PENDING");
        assertThat(now.get("returns").get("windowDays").asInt()).isEqualTo(30);
        assertThat(now.get("returns").get("pending").asInt()).isEqualTo(1);
        assertThat(now.get("returns").has("rate")).as("no window has elapsed: no rate").isFalse();
        // a 5-day window has elapsed with nobody back
        JsonNode shortWindow = json.readTree(get("/api/v1/persons/" + person + "/journey?returnWindowDays=5").body());
        assertThat(shortWindow.get("episodes").get(0).get("returnStatus").asText()).isEqualTo("NOT_RETURNED");
        assertThat(shortWindow.get("returns").get("rate").asDouble()).isEqualTo(0.0);
        assertProblem(get("/api/v1/persons/" + person + "/journey?returnWindowDays=3651"), 400, "/problems/invalid-return-window");
    }

    @Test
    void everyStoredEventIsPublishedToKafkaKeyedByPersonWithHeaders() throws Exception {
        String person = person();
        post("/api/v1/persons/" + person + "/events", contact("e1-" + person, t0));
        post("/api/v1/persons/" + person + "/events", contact("e2-" + person, t0.plusSeconds(60)));

        // publishing is at-least-once (another context's publisher may take over the claim and resend):
        // the first appearance of each sequence counts
        Map<Long, ConsumerRecord<String, String>> bySequence = new java.util.TreeMap<>();
        List<Long> arrivalOrder = new ArrayList<>();
        try (var consumer = consumerFromStart(TOPIC, new StringDeserializer())) {
            long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            while (bySequence.size() < 2 && System.nanoTime() < deadline) {
                consumer.poll(Duration.ofMillis(500)).forEach(r -> {
                    if (person.equals(r.key())) {
                        long sequence = Long.parseLong(header(r, "sequence"));
                        if (bySequence.putIfAbsent(sequence, r) == null) {
                            arrivalOrder.add(sequence);
                        }
                    }
                });
            }
        }
        List<ConsumerRecord<String, String>> mine = new ArrayList<>(bySequence.values());

        assertThat(mine).hasSize(2);
        assertThat(arrivalOrder).as("a person's events arrive in stream order").containsExactly(0L, 1L);
        RecordedEvent first = json.readValue(mine.get(0).value(), RecordedEvent.class);
        RecordedEvent second = json.readValue(mine.get(1).value(), RecordedEvent.class);
        assertThat(first.personId()).isEqualTo(person);
        assertThat(first.sequence()).isZero();
        assertThat(second.sequence()).isEqualTo(1);
        assertThat(first.event().eventId()).isEqualTo("e1-" + person);
        assertThat(first.globalPosition()).isNotNull();
        assertThat(second.globalPosition()).isGreaterThan(first.globalPosition());
        assertThat(header(mine.get(0), "type")).isEqualTo("ContactRecorded");
        assertThat(header(mine.get(0), "eventId")).isEqualTo("e1-" + person);
        assertThat(header(mine.get(0), "globalPosition")).isEqualTo(first.globalPosition().toString());
    }

    /** A consumer that knows only the CloudEvents SDK (its Kafka deserializer and its Jackson data mapper) reads the topic. */
    @Test
    void everyRecordIsACloudEventThatAConsumerBuiltOnTheSdkAloneReads() throws Exception {
        String person = person();
        post("/api/v1/persons/" + person + "/events", contact("ce1-" + person, t0));
        List<io.cloudevents.CloudEvent> mine = new ArrayList<>();
        try (var consumer = consumerFromStart(TOPIC, new io.cloudevents.kafka.CloudEventDeserializer())) {
            consumer.subscribe(Set.of(TOPIC));
            long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            while (mine.isEmpty() && System.nanoTime() < deadline) {
                consumer.poll(Duration.ofMillis(500)).forEach(r -> {
                    if (person.equals(r.key())) {
                        mine.add(r.value());
                    }
                });
            }
        }
        assertThat(mine).isNotEmpty();
        io.cloudevents.CloudEvent event = mine.get(0);
        RecordedEvent data = io.cloudevents.core.CloudEventUtils.mapData(event,
                io.cloudevents.jackson.PojoCloudEventDataMapper.from(EventJson.mapper(), RecordedEvent.class)).getValue();
        assertThat(event.getSpecVersion()).isEqualTo(io.cloudevents.SpecVersion.V1);
        assertThat(event.getId()).isEqualTo("ce1-" + person);
        assertThat(event.getType()).isEqualTo("org.casejourney.ContactRecorded");
        assertThat(event.getSource()).hasToString("urn:casejourney:event-store");
        assertThat(event.getSubject()).isEqualTo(person);
        assertThat(event.getDataContentType()).isEqualTo("application/json");
        assertThat(event.getDataSchema()).hasToString("urn:casejourney:schema:ContactRecorded:1.0");
        assertThat(event.getTime().toInstant()).isEqualTo(data.recordedAt());
        assertThat(data.personId()).isEqualTo(person);
        assertThat(data.event().eventId()).isEqualTo("ce1-" + person);
        assertThat(data.event().occurredAt()).isEqualTo(t0);
    }

    @Test
    void healthMetricsAndTheOpenApiDescriptionAnswer() throws Exception {
        HttpResponse<String> health = get("/actuator/health");
        assertThat(health.statusCode()).isEqualTo(200);
        JsonNode components = json.readTree(health.body()).get("components");
        assertThat(components.get("db").get("status").asText()).isEqualTo("UP");
        assertThat(components.get("kafka").get("status").asText()).isEqualTo("UP");
        post("/api/v1/persons/" + person() + "/events", contact("metric-" + UUID.randomUUID(), t0));
        String metrics = get("/actuator/prometheus").body();
        assertThat(metrics).contains("jvm_memory_used_bytes", "casejourney_ingest_events_total{", "outcome=\"stored\"",
                "casejourney_publish_lag_events", "casejourney_publish_delay_seconds_bucket{",
                "casejourney_chain_verification_failures_total{application=\"casejourney-command-side\"}",
                "casejourney_health_up{application=\"casejourney-command-side\",component=\"db\"} 1.0",
                "casejourney_health_up{application=\"casejourney-command-side\",component=\"kafka\"} 1.0");
        assertThat(get("/v3/api-docs").body()).contains("/api/v1/persons/{personId}/events", "/api/v1/events/batch", "\"bearerFormat\":\"JWT\"");
    }

    private static String header(ConsumerRecord<String, String> record, String name) {
        return new String(record.headers().lastHeader(name).value(), java.nio.charset.StandardCharsets.UTF_8);
    }

}
