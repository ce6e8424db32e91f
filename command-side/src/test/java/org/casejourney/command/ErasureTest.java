package org.casejourney.command;

import com.fasterxml.jackson.databind.JsonNode;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.casejourney.events.EventJson;
import org.casejourney.events.PersonEvent;
import org.axonframework.common.caching.Cache;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;

import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Erasure by crypto-shredding, each clause of issue 4 read from where the data really lies: the
 * event store's raw tables, the key table and the Kafka topic as retained, plus the auditors' APIs.
 */
class ErasureTest extends ApiTestSupport {

    @Autowired
    @Qualifier("personCache")
    private Cache personCache;

    private final String marker = "SECRET" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
    private final Instant t0 = Instant.now().minus(30, ChronoUnit.DAYS).truncatedTo(ChronoUnit.SECONDS);

    @Test
    void erasureLeavesNoReadablePersonalTextAnywhereWhileEveryMeasureAndTheChainStand() throws Exception {
        String person = person();
        String bystander = person();
        List<Map<String, Object>> story = story(person);
        for (Map<String, Object> event : story) {
            assertThat(post("/api/v1/persons/" + person + "/events", event).statusCode()).isEqualTo(201);
        }
        assertThat(post("/api/v1/persons/" + bystander + "/events", contact("b-" + bystander, t0, marker + "-bystander")).statusCode())
                .isEqualTo(201);

        // before: auditors read the text, yet no table holds it in plain (sealed at rest)
        String replayBefore = get("/api/v1/persons/" + person + "/events").body();
        assertThat(replayBefore).contains(marker + "-what", marker + "-referral", marker + "-corrected", marker + "-why");
        assertThat(tablesContaining(marker)).isEmpty();
        JsonNode measuresBefore = measures(person);
        assertThat(snapshots(person)).as("the snapshot threshold is 5: the aggregate's snapshot is among the raw rows scanned")
                .isPositive();

        HttpResponse<String> erased = erase(person, "erasure request ER-2026-0042", ADMIN);

        assertThat(erased.statusCode()).as(erased.body()).isEqualTo(200);
        JsonNode outcome = json.readTree(erased.body());
        assertThat(outcome.get("keysDestroyed").asInt()).isEqualTo(1);
        assertThat(outcome.get("sequence").asLong()).isEqualTo(story.size());
        // nothing left to erase: no second event (asked before any read states a new purpose)
        JsonNode again = json.readTree(erase(person, "duplicate request", ADMIN).body());
        assertThat(again.get("keysDestroyed").asInt()).isZero();
        assertThat(again.has("sequence")).as("no second erasure event").isFalse();


        // no plaintext anywhere the service controls
        String replayAfter = get("/api/v1/persons/" + person + "/events?limit=1000").body();
        assertThat(replayAfter).doesNotContain(marker);
        JsonNode page = json.readTree(replayAfter);
        assertThat(page.get("personalDataErasedAt").isNull()).isFalse();
        JsonNode last = page.get("events").get(story.size());
        assertThat(last.get("event").get("type").asText()).isEqualTo("PersonalDataErased");
        assertThat(last.get("recordedBy").asText()).isEqualTo("test-admin");
        assertThat(get("/api/v1/persons/" + person + "/sar").body()).doesNotContain(marker).contains("erased on request");
        assertThat(http.send(request("/api/v1/persons/" + person + "/sar").header("Authorization", AUDITOR)
                .header("X-Purpose", "check").header("Accept", "text/html").GET().build(), HttpResponse.BodyHandlers.ofString()).body())
                .doesNotContain(marker);
        assertThat(get("/api/v1/persons/" + person + "/journey").body()).doesNotContain(marker);
        assertThat(tablesContaining(marker)).isEmpty();
        assertThat(jdbc.queryForObject("select count(*) from person_data_key where person_id = ? and version = 1 and wrapped_key is not null",
                Long.class, person)).as("no key is left to open what was sealed before the erasure").isZero();
        List<String> topic = topicValues(person, story.size() + 1);
        assertThat(topic).hasSize(story.size() + 1).noneMatch(v -> v.contains(marker));
        assertThat(topic.get(0)).contains("\"whatMatters\":\"cj-enc:v2:1:");

        // every count and measure as before; the chain still verifies
        assertThat(measures(person)).isEqualTo(measuresBefore);
        assertThat(json.readTree(get("/api/v1/persons/" + person + "/verify").body()).get("status").asText()).isEqualTo("intact");

        // another person's text is untouched
        assertThat(get("/api/v1/persons/" + bystander + "/events").body()).contains(marker + "-bystander");

        // what is recorded afterwards is new personal data under a new key, readable again
        assertThat(post("/api/v1/persons/" + person + "/events", contact("late-" + person, t0.plus(20, ChronoUnit.DAYS), "later words"))
                .statusCode()).isEqualTo(201);
        assertThat(get("/api/v1/persons/" + person + "/events?limit=1000").body()).contains("later words").doesNotContain(marker);
        assertThat(jdbc.queryForObject("select max(version) from person_data_key where person_id = ? and wrapped_key is not null",
                Integer.class, person)).isEqualTo(2);
    }

    @Test
    void aPersonWhoseKeysWereErasedGetsANewKeyWhenNextRecordedFromTheStoreNotTheCache() throws Exception {
        String person = person();
        assertThat(post("/api/v1/persons/" + person + "/events", contact("c-" + person, t0, marker + "-before")).statusCode()).isEqualTo(201);
        assertThat(erase(person, "erasure request ER-2026-0044", ADMIN).statusCode()).isEqualTo(200);
        // as after a restart: the person is read from the store, so the write offers them a first key, which they must not take
        personCache.remove(person);

        HttpResponse<String> later = post("/api/v1/persons/" + person + "/events", contact("late-" + person, t0.plusSeconds(60), "later words"));

        assertThat(later.statusCode()).as(later.body()).isEqualTo(201);
        assertThat(get("/api/v1/persons/" + person + "/events?limit=1000").body()).contains("later words").doesNotContain(marker);
        assertThat(jdbc.queryForList("select version, wrapped_key is not null as usable from person_data_key where person_id = ? order by version",
                person)).extracting(row -> row.get("version") + ":" + row.get("usable")).containsExactly("1:false", "2:true");
    }

    @Test
    void afterErasureNoHashOfTheTextAsSentIsLeftToTestAGuessAgainst() throws Exception {
        String person = person();
        List<Map<String, Object>> story = story(person);
        for (Map<String, Object> event : story) {
            assertThat(post("/api/v1/persons/" + person + "/events", event).statusCode()).isEqualTo(201);
        }
        // the attacker's guess: the exact events as sent, hashed the way any unkeyed hash would be
        List<String> guesses = new ArrayList<>();
        for (Map<String, Object> event : story) {
            guesses.add(EventJson.contentHash(EventJson.read(json.writeValueAsString(event), PersonEvent.class)));
        }
        Map<String, Object> retried = story.get(0);
        assertThat(post("/api/v1/persons/" + person + "/events", retried).statusCode()).as("a retry is known before erasure").isEqualTo(200);

        assertThat(erase(person, "erasure request ER-2026-0043", ADMIN).statusCode()).isEqualTo(200);

        for (String guess : guesses) {
            assertThat(tablesContaining(guess)).as("tables holding " + guess).isEmpty();
        }
        List<String> topic = topicValues(person, story.size() + 1);
        assertThat(topic).noneMatch(value -> guesses.stream().anyMatch(value::contains));
        // the same id and content after erasure cannot be compared any more: refused, and nothing is stored twice
        HttpResponse<String> afterErasure = post("/api/v1/persons/" + person + "/events", retried);
        assertThat(afterErasure.statusCode()).as(afterErasure.body()).isEqualTo(409);
        assertThat(jdbc.queryForObject("select count(*) from domain_event_entry where aggregate_identifier = ?", Long.class, person))
                .isEqualTo(story.size() + 1L);
    }

    @Test
    void aStatedPurposeIsSealedAtRestAndErasedWithThePerson() throws Exception {
        String person = person();
        assertThat(post("/api/v1/persons/" + person + "/events", contact("p-" + person, t0, "words")).statusCode()).isEqualTo(201);
        String purpose = "complaint by " + marker + " about her mother";
        HttpResponse<String> read = http.send(request("/api/v1/persons/" + person + "/events").header("Authorization", AUDITOR)
                .header("X-Purpose", purpose).GET().build(), HttpResponse.BodyHandlers.ofString());
        assertThat(read.statusCode()).isEqualTo(200);

        assertThat(tablesContaining(marker)).as("the purpose is not stored in plain").isEmpty();
        assertThat(get("/api/v1/persons/" + person + "/access-log").body()).contains(purpose);

        assertThat(erase(person, "erasure request ER-2026-0044", ADMIN).statusCode()).isEqualTo(200);

        JsonNode entries = json.readTree(get("/api/v1/persons/" + person + "/access-log").body()).get("entries");
        assertThat(entries.get(0).has("purpose")).as("a purpose stated before the erasure is gone with the key").isFalse();
        assertThat(entries.get(0).get("purposeErased").asBoolean()).isTrue();
        assertThat(entries.get(entries.size() - 1).get("purpose").asText()).as("one stated since is readable").isEqualTo("automated test");
        assertThat(entries.toString()).doesNotContain(marker);
        assertThat(tablesContaining(marker)).isEmpty();
    }

    @Test
    void sealedTextDoesNotTellItsLength() throws Exception {
        String person = person();
        Map<String, Object> shortText = contact("len-a-" + person, t0, "No");
        Map<String, Object> longerText = contact("len-b-" + person, t0.plusSeconds(60), "Knowing when someone will come");
        assertThat(post("/api/v1/persons/" + person + "/events", shortText).statusCode()).isEqualTo(201);
        assertThat(post("/api/v1/persons/" + person + "/events", longerText).statusCode()).isEqualTo(201);

        List<String> sealed = jdbc.queryForList("select convert_from(payload, 'UTF8')::jsonb ->> 'whatMatters' from domain_event_entry "
                + "where aggregate_identifier = ? order by sequence_number", String.class, person);
        assertThat(sealed).hasSize(2).allMatch(v -> v.startsWith("cj-enc:v2:"));
        assertThat(sealed.get(0).length()).as("2 and 30 characters fall in one length class").isEqualTo(sealed.get(1).length());
        assertThat(get("/api/v1/persons/" + person + "/events").body()).contains("\"whatMatters\":\"No\"", "Knowing when someone will come");
    }

    @Test
    void onlyTheServiceRecordsAnErasureAndOnlyAnAdministratorAsksForOne() throws Exception {
        String person = person();
        assertThat(post("/api/v1/persons/" + person + "/events", contact("c-" + person, t0, "words")).statusCode()).isEqualTo(201);

        Map<String, Object> forged = new LinkedHashMap<>();
        forged.put("type", "PersonalDataErased");
        forged.put("eventId", "forged-" + person);
        forged.put("occurredAt", t0.toString());
        forged.put("reason", "pretend");
        HttpResponse<String> refused = post("/api/v1/persons/" + person + "/events", forged);
        assertThat(refused.statusCode()).isBetween(400, 422);
        assertThat(refused.body()).contains("type");

        assertThat(erase(person, "request", AUDITOR).statusCode()).isEqualTo(403);
        assertThat(erase(person, "request", RECORDER).statusCode()).isEqualTo(403);
        assertProblem(erase(person, " ", ADMIN), 400, "/problems/invalid-erasure-request");
        assertProblem(erase("nobody-" + UUID.randomUUID(), "request", ADMIN), 404, "/problems/person-not-found");
        assertThat(get("/api/v1/persons/" + person + "/events").body()).contains("words");
    }

    @Test
    void masterKeyRotationRewrapsEveryKeyAndReadsStayTheSame() throws Exception {
        String person = person();
        assertThat(post("/api/v1/persons/" + person + "/events", contact("r-" + person, t0, "rotated words")).statusCode()).isEqualTo(201);

        HttpResponse<String> rewrap = http.send(request("/api/v1/admin/personal-data-keys/rewrap").header("Authorization", ADMIN)
                .POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());

        assertThat(rewrap.statusCode()).as(rewrap.body()).isEqualTo(200);
        assertThat(json.readTree(rewrap.body()).get("remaining").asLong()).isZero();
        assertThat(get("/api/v1/persons/" + person + "/events").body()).contains("rotated words");
    }

    private HttpResponse<String> erase(String person, String reason, String token) throws Exception {
        return http.send(request("/api/v1/persons/" + person + "/personal-data").header("Authorization", token)
                .header("Content-Type", "application/json")
                .method("DELETE", HttpRequest.BodyPublishers.ofString(json.writeValueAsString(Map.of("reason", reason)))).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private List<Map<String, Object>> story(String person) {
        List<Map<String, Object>> story = new ArrayList<>();
        story.add(contact("c1-" + person, t0, marker + "-what"));
        Map<String, Object> referral = base("ReferralMade", "r1-" + person, t0.plus(1, ChronoUnit.HOURS));
        referral.put("referralId", "ref-" + person);
        referral.put("toTeam", "reablement");
        referral.put("reason", marker + "-referral");
        story.add(referral);
        Map<String, Object> correction = base("EventCorrected", "k1-" + person, t0.plus(2, ChronoUnit.HOURS));
        correction.put("correctsEventId", "c1-" + person);
        correction.put("changes", Map.of("whatMatters", marker + "-corrected", "durationMinutes", 20));
        correction.put("reason", marker + "-why");
        story.add(correction);
        Map<String, Object> handoff = base("HandoffMade", "h1-" + person, t0.plus(3, ChronoUnit.HOURS));
        handoff.put("fromTeam", "front-door");
        handoff.put("toTeam", "reablement");
        handoff.put("reason", marker + "-handoff");
        story.add(handoff);
        Map<String, Object> assessment = base("AssessmentCompleted", "a1-" + person, t0.plus(2, ChronoUnit.DAYS));
        assessment.put("assessmentType", "care-act");
        assessment.put("durationMinutes", 60);
        assessment.put("faceToFace", true);
        story.add(assessment);
        story.add(contact("c2-" + person, t0.plus(3, ChronoUnit.DAYS), marker + "-again"));
        Map<String, Object> closed = base("CaseClosed", "x1-" + person, t0.plus(4, ChronoUnit.DAYS));
        closed.put("outcome", "NEEDS_MET");
        story.add(closed);
        return story;
    }

    private static Map<String, Object> base(String type, String eventId, Instant at) {
        Map<String, Object> event = new LinkedHashMap<>();
        event.put("type", type);
        event.put("eventId", eventId);
        event.put("occurredAt", at.toString());
        event.put("service", "adult-social-care");
        event.put("team", "front-door");
        event.put("practitioner", "staff-9");
        return event;
    }

    private static Map<String, Object> contact(String eventId, Instant at, String whatMatters) {
        Map<String, Object> event = base("ContactRecorded", eventId, at);
        event.put("channel", "PHONE");
        event.put("demandType", "VALUE");
        event.put("whatMatters", whatMatters);
        event.put("durationMinutes", 15);
        return event;
    }

    /** The journey's measures: everything but the count of stored events and the timeline. */
    private JsonNode measures(String person) throws Exception {
        var journey = (com.fasterxml.jackson.databind.node.ObjectNode) json.readTree(
                get("/api/v1/persons/" + person + "/journey?asOf=" + Instant.now().plus(1, ChronoUnit.DAYS)).body());
        journey.remove(List.of("timeline", "eventsRecorded", "asOf"));
        journey.withArray("episodes").forEach(e -> ((com.fasterxml.jackson.databind.node.ObjectNode) e).remove("days"));
        return journey;
    }

    private long snapshots(String person) {
        return jdbc.queryForObject("select count(*) from snapshot_event_entry where aggregate_identifier = ?", Long.class, person);
    }

    /** Every table of the event store whose rows, read as text (bytea as escaped bytes), contain {@code text}. */
    private List<String> tablesContaining(String text) {
        List<String> found = new ArrayList<>();
        Map<String, List<String>> columns = new LinkedHashMap<>();
        jdbc.query("select table_name, column_name, data_type from information_schema.columns where table_schema = 'public' "
                        + "and table_name in (select table_name from information_schema.tables where table_schema = 'public' "
                        + "and table_type = 'BASE TABLE') order by table_name, ordinal_position",
                rs -> {
                    String column = "\"" + rs.getString(2) + "\"";
                    columns.computeIfAbsent(rs.getString(1), t -> new ArrayList<>())
                            .add("bytea".equals(rs.getString(3)) ? "encode(" + column + ", 'escape')" : column + "::text");
                });
        columns.forEach((table, exprs) -> {
            Long rows = jdbc.queryForObject("select count(*) from \"" + table + "\" where concat_ws('|', " + String.join(", ", exprs)
                    + ") like ?", Long.class, "%" + text + "%");
            if (rows != null && rows > 0) {
                found.add(table);
            }
        });
        assertThat(columns).containsKeys("domain_event_entry", "snapshot_event_entry", "event_id_index", "person_data_key", "access_log");
        return found;
    }

    /**
     * The values of the person's records on the topic, one per sequence (publishing is at least once,
     * so a record may be on the topic twice), waiting until {@code expected} have been published.
     */
    private List<String> topicValues(String person, int expected) {
        java.util.SortedMap<Long, String> values = new java.util.TreeMap<>();
        try (KafkaConsumer<String, String> consumer = consumerFromStart(TOPIC, new StringDeserializer())) {
            long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            while (values.size() < expected && System.nanoTime() < deadline) {
                for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(500))) {
                    if (person.equals(record.key())) {
                        values.put(json.readTree(record.value()).get("sequence").asLong(), record.value());
                    }
                }
            }
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        return new ArrayList<>(values.values());
    }
}
