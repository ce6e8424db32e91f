package org.casejourney.query;

import com.fasterxml.jackson.databind.JsonNode;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.casejourney.events.Channel;
import org.casejourney.events.EventJson;
import org.casejourney.events.RecordedEvent;
import org.casejourney.infrastructure.TestInfrastructure;
import org.casejourney.infrastructure.TestTokens;
import org.casejourney.query.analytics.PersonStream;
import org.casejourney.query.cohorts.XesLogs;
import org.casejourney.security.Role;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import javax.sql.DataSource;
import java.io.ByteArrayInputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Issue 11, through the real app on real PostgreSQL and Kafka with the default minimum cohort size (10):
 * twelve people in team lim-east and two in lim-north. Aggregates over the two are refused or suppressed,
 * and the read limits (statement timeout, body size) answer problems; parked records are read on the record.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class AnalystLimitsApiTest {

    private static final TestInfrastructure INFRASTRUCTURE = TestInfrastructure.get();
    private static final String DATABASE = INFRASTRUCTURE.newDatabase("query_analyst_limits");
    private static final String TOPIC = "casejourney.analyst-limits-test";
    private static final Duration PATIENCE = Duration.ofSeconds(60);
    private static final String PARKED_PERSON = "lim-parked-person";
    private static final List<PersonStream> PEOPLE = new ArrayList<>();

    static {
        IntStream.range(0, 12).forEach(i -> PEOPLE.add(PersonStream.of("lim-e" + i).in("lim-asc", "lim-east", "county-council")
                .value("2026-03-02T09:00:00Z", Channel.PHONE)
                .handoff("2026-03-03T09:00:00Z", "lim-east", "lim-west", null, null)
                .closed("2026-03-06T09:00:00Z")));
        IntStream.range(0, 2).forEach(i -> PEOPLE.add(PersonStream.of("lim-n" + i).in("lim-asc", "lim-north", "county-council")
                .failure("2026-03-02T09:00:00Z", Channel.PHONE, "PROGRESS_CHASING")
                .handoff("2026-03-03T09:00:00Z", "lim-north", "lim-south", null, null)
                .closed("2026-03-05T09:00:00Z")));
    }

    private static boolean published;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @LocalServerPort
    int port;
    @Autowired
    JdbcTemplate jdbc;
    @Autowired
    DataSource dataSource;

    @DynamicPropertySource
    static void infrastructure(DynamicPropertyRegistry registry) {
        RealInfrastructure.register(registry, DATABASE, TOPIC);
        registry.add("casejourney.consumer.group-id", () -> "casejourney-analyst-limits-test");
        registry.add("casejourney.analytics.min-cohort-size", () -> "10");
        registry.add("casejourney.api.statement-timeout", () -> "1s");
        registry.add("casejourney.api.max-body-bytes", () -> "4096");
    }

    @BeforeEach
    void projected() throws Exception {
        publishOnce();
        long deadline = System.nanoTime() + PATIENCE.toNanos();
        while (jdbc.queryForObject("select count(*) from journey", Long.class) < PEOPLE.size()
                || jdbc.queryForObject("select count(*) from parked_record", Long.class) == 0) {
            assertThat(System.nanoTime()).as("the test's people were never projected").isLessThan(deadline);
            Thread.sleep(200);
        }
    }

    private static synchronized void publishOnce() throws Exception {
        if (published) {
            return;
        }
        published = true;
        try (KafkaProducer<String, String> producer = RealInfrastructure.producer(Map.of())) {
            List<ProducerRecord<String, String>> records = new ArrayList<>();
            for (PersonStream person : PEOPLE) {
                for (RecordedEvent recorded : person.recorded()) {
                    records.add(new ProducerRecord<>(TOPIC, recorded.personId(), EventJson.write(recorded)));
                }
            }
            records.add(new ProducerRecord<>(TOPIC, PARKED_PERSON, "{\"personId\": \"" + PARKED_PERSON + "\", \"not\": \"an event\"}"));
            RealInfrastructure.publish(producer, records);
        }
    }

    @Test
    void aCohortOfFewerPeopleThanTheMinimumIsRefusedWithAProblem() throws Exception {
        HttpResponse<String> few = send("POST", "/api/v1/cohorts/measures", "{\"team\": \"lim-north\"}", Role.ANALYST);
        assertThat(few.statusCode()).as(few.body()).isEqualTo(422);
        assertThat(few.headers().firstValue("Content-Type")).hasValue("application/problem+json");
        JsonNode problem = EventJson.mapper().readTree(few.body());
        assertThat(problem.path("type").asText()).isEqualTo("/problems/cohort-too-small");
        assertThat(problem.path("detail").asText()).contains("fewer than 10 people").doesNotContain("2 people");
        assertThat(problem.has("people")).isFalse();

        HttpResponse<String> one = send("POST", "/api/v1/cohorts/measures",
                "{\"pseudonyms\": [\"" + TestPseudonyms.of("lim-e0") + "\"]}", Role.ANALYST);
        assertThat(one.statusCode()).as(one.body()).isEqualTo(422);

        HttpResponse<String> compared = send("POST", "/api/v1/cohorts/compare",
                "{\"a\": {\"team\": \"lim-east\"}, \"b\": {\"team\": \"lim-north\"}}", Role.ANALYST);
        assertThat(compared.statusCode()).as(compared.body()).isEqualTo(422);
        assertThat(EventJson.mapper().readTree(compared.body()).path("cohort").asText()).isEqualTo("b");

        HttpResponse<String> enough = send("POST", "/api/v1/cohorts/measures", "{\"team\": \"lim-east\"}", Role.ANALYST);
        assertThat(enough.statusCode()).as(enough.body()).isEqualTo(200);
        assertThat(EventJson.mapper().readTree(enough.body()).path("measures").path("people").asInt()).isEqualTo(12);
    }

    @Test
    void anExportOfACohortOfFewerPeopleThanTheMinimumIsRefusedBeforeAnyOfItIsWritten() throws Exception {
        for (String export : List.of("/api/v1/cohorts/xes", "/api/v1/cohorts/ocel")) {
            HttpResponse<String> few = send("GET", export + "?team=lim-north", null, Role.ANALYST);
            assertThat(few.statusCode()).as(export + ": " + few.body()).isEqualTo(422);
            assertThat(few.headers().firstValue("Content-Type")).hasValue("application/problem+json");
            assertThat(few.headers().firstValue("Content-Disposition")).isEmpty();
            assertThat(EventJson.mapper().readTree(few.body()).path("type").asText()).isEqualTo("/problems/cohort-too-small");
        }

        HttpResponse<String> enough = send("GET", "/api/v1/cohorts/xes?team=lim-east", null, Role.ANALYST);
        assertThat(enough.statusCode()).as(enough.body()).isEqualTo(200);
        XesLogs.validate(enough.body());
        assertThat(XesLogs.children(XesLogs.log(enough.body()), "trace")).hasSize(12);
    }

    @Test
    void aCohortsPeopleAreListedByPseudonymOnlyWhenTheCohortIsLargeEnough() throws Exception {
        HttpResponse<String> few = send("GET", "/api/v1/cohorts/people?team=lim-north", null, Role.ANALYST);
        assertThat(few.statusCode()).as(few.body()).isEqualTo(422);

        HttpResponse<String> listed = send("GET", "/api/v1/cohorts/people?team=lim-east&limit=5", null, Role.ANALYST);
        assertThat(listed.statusCode()).as(listed.body()).isEqualTo(200);
        JsonNode answer = EventJson.mapper().readTree(listed.body());
        assertThat(answer.path("people").asInt()).isEqualTo(12);
        assertThat(answer.path("shown")).hasSize(5);
        List<String> firstContacts = new ArrayList<>();
        answer.path("shown").forEach(person -> {
            assertThat(person.path("pseudonym").asText()).matches("ps-[a-z2-7]{26}");
            firstContacts.add(person.path("firstContact").asText());
        });
        assertThat(firstContacts).as("newest first contact first").isSortedAccordingTo(java.util.Comparator.reverseOrder());
        assertThat(listed.body()).doesNotContain("lim-e");

        for (String bad : List.of("limit=0", "limit=501", "limit=many", "teem=lim-east")) {
            HttpResponse<String> refused = send("GET", "/api/v1/cohorts/people?team=lim-east&" + bad, null, Role.ANALYST);
            assertThat(refused.statusCode()).as(bad).isEqualTo(400);
            assertThat(EventJson.mapper().readTree(refused.body()).path("type").asText()).isEqualTo("/problems/invalid-query");
        }
        assertThat(send("GET", "/api/v1/cohorts/people?team=lim-east", null, Role.AUDITOR).statusCode()).isEqualTo(403);

        HttpResponse<String> csv = send("GET", "/api/v1/cohorts/people.csv?team=lim-east&limit=5", null, Role.ANALYST);
        assertThat(csv.headers().firstValue("Content-Disposition")).hasValue("attachment; filename=\"cohort-people.csv\"");
        List<String> rows = List.of(csv.body().replace("\uFEFF", "").split("\r\n"));
        assertThat(rows.get(0)).isEqualTo("pseudonym,first_contact,episodes,closed_episodes,referrals,assessments");
        assertThat(rows).hasSize(6);
        for (int i = 0; i < 5; i++) {
            assertThat(rows.get(i + 1)).startsWith(answer.path("shown").get(i).path("pseudonym").asText() + ",");
        }
        assertThat(send("GET", "/api/v1/cohorts/people.csv?team=lim-north", null, Role.ANALYST).statusCode()).isEqualTo(422);
    }

    @Test
    void seriesCellsOfFewerPeopleThanTheMinimumAreMarkedSuppressedWithoutFigures() throws Exception {
        JsonNode demand = ok("/api/v1/failure-demand?service=lim-asc&from=2026-03-01&to=2026-03-31&bucket=month&groupBy=team");
        JsonNode east = group(demand, "lim-east").path("series").get(0);
        assertThat(east.path("suppressed").asBoolean()).isFalse();
        assertThat(east.path("contacts").asInt()).isEqualTo(12);
        JsonNode north = group(demand, "lim-north").path("series").get(0);
        assertThat(north.path("suppressed").asBoolean()).as(north.toString()).isTrue();
        assertThat(north.path("contacts").isNull()).isTrue();
        assertThat(north.path("failureContacts").isNull()).isTrue();
        assertThat(north.path("rate").isNull()).isTrue();

        JsonNode endToEnd = ok("/api/v1/end-to-end?service=lim-asc&from=2026-03-01&to=2026-03-31&bucket=month&groupBy=team");
        JsonNode closedEast = group(endToEnd, "lim-east").path("series").get(0);
        assertThat(closedEast.path("closedEpisodes").asInt()).isEqualTo(12);
        assertThat(closedEast.path("mean").asDouble()).isEqualTo(4.0);
        JsonNode closedNorth = group(endToEnd, "lim-north").path("series").get(0);
        assertThat(closedNorth.path("suppressed").asBoolean()).as(closedNorth.toString()).isTrue();
        assertThat(closedNorth.path("closedEpisodes").isNull()).isTrue();
        assertThat(closedNorth.path("mean").isNull()).isTrue();
    }

    @Test
    void networkEdgesOfFewerPeopleThanTheMinimumAreMarkedSuppressedWithoutACount() throws Exception {
        JsonNode handoffs = ok("/api/v1/handoffs?service=lim-asc&from=2026-03-01&to=2026-03-31").path("teams").path("handoffs");
        assertThat(handoffs).hasSize(2);
        assertThat(handoffs.get(0).path("from").asText()).isEqualTo("lim-east");
        assertThat(handoffs.get(0).path("count").asInt()).isEqualTo(12);
        assertThat(handoffs.get(0).path("suppressed").asBoolean()).isFalse();
        assertThat(handoffs.get(1).path("from").asText()).isEqualTo("lim-north");
        assertThat(handoffs.get(1).path("count").isNull()).as(handoffs.toString()).isTrue();
        assertThat(handoffs.get(1).path("suppressed").asBoolean()).isTrue();
    }

    @Test
    void anAggregateThatOutrunsTheStatementTimeoutAnswersAProblemNotAStackTrace() throws Exception {
        try (Connection blocker = dataSource.getConnection(); Statement lock = blocker.createStatement()) {
            blocker.setAutoCommit(false);
            lock.execute("lock table fact_person in access exclusive mode");
            long t0 = System.nanoTime();
            HttpResponse<String> slow = send("POST", "/api/v1/cohorts/measures", "{\"team\": \"lim-east\"}", Role.ANALYST);
            blocker.rollback();
            assertThat(Duration.ofNanos(System.nanoTime() - t0)).isLessThan(Duration.ofSeconds(10));
            assertThat(slow.statusCode()).as(slow.body()).isEqualTo(503);
            JsonNode problem = EventJson.mapper().readTree(slow.body());
            assertThat(problem.path("type").asText()).isEqualTo("/problems/query-timeout");
            assertThat(problem.path("detail").asText()).contains("shorter range");
            assertThat(slow.headers().firstValue("Retry-After")).isPresent();
        }
    }

    @Test
    void aBodyOverTheLimitIsRefusedWith413WhetherItsLengthIsDeclaredOrNot() throws Exception {
        String large = "{\"pseudonyms\": [" + "\"ps-aaaaaaaaaaaaaaaaaaaaaaaaaa\", ".repeat(200) + "\"ps-aaaaaaaaaaaaaaaaaaaaaaaaaa\"]}";
        HttpResponse<String> declared = send("POST", "/api/v1/cohorts/measures", large, Role.ANALYST);
        assertThat(declared.statusCode()).as(declared.body()).isEqualTo(413);
        assertThat(EventJson.mapper().readTree(declared.body()).path("type").asText()).isEqualTo("/problems/body-too-large");

        HttpRequest chunked = HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/api/v1/cohorts/measures"))
                .header("Authorization", TestTokens.bearer(Role.ANALYST)).header("Content-Type", "application/json")
                .timeout(Duration.ofSeconds(20))
                .POST(HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(large.getBytes()))).build();
        HttpResponse<String> undeclared = http.send(chunked, HttpResponse.BodyHandlers.ofString());
        assertThat(undeclared.statusCode()).as(undeclared.body()).isEqualTo(413);
    }

    @Test
    void readingParkedRecordsThatNameAPersonIsRecordedInTheAccessLogFirst() throws Exception {
        String pseudonym = TestPseudonyms.of(PARKED_PERSON);
        long before = jdbc.queryForObject("select count(*) from audit.access_log where pseudonym = ?", Long.class, pseudonym);
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/api/v1/projections/journey/parked"))
                .header("Authorization", "Bearer " + TestTokens.token("admin-ada", Role.ADMIN)).header("X-Purpose", "fix parked 2026-11")
                .timeout(Duration.ofSeconds(20)).GET().build();
        HttpResponse<String> parked = http.send(request, HttpResponse.BodyHandlers.ofString());
        assertThat(parked.statusCode()).as(parked.body()).isEqualTo(200);
        assertThat(parked.body()).contains(PARKED_PERSON);

        List<Map<String, Object>> entries = jdbc.queryForList(
                "select principal, purpose, endpoint from audit.access_log where pseudonym = ? order by id", pseudonym);
        assertThat(entries).hasSize((int) before + 1);
        assertThat(entries.get(entries.size() - 1)).containsEntry("principal", "admin-ada").containsEntry("purpose", "fix parked 2026-11")
                .containsEntry("endpoint", "GET /api/v1/projections/journey/parked");
    }

    private static JsonNode group(JsonNode answer, String name) {
        for (JsonNode group : answer.path("groups")) {
            if (name.equals(group.path("group").asText())) {
                return group;
            }
        }
        throw new AssertionError("no group " + name + " in " + answer);
    }

    private JsonNode ok(String path) throws Exception {
        HttpResponse<String> response = send("GET", path, null, Role.ANALYST);
        assertThat(response.statusCode()).as(path + ": " + response.body()).isEqualTo(200);
        return EventJson.mapper().readTree(response.body());
    }

    private HttpResponse<String> send(String method, String path, String body, Role role) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://localhost:" + port + path))
                .header("Authorization", TestTokens.bearer(role)).timeout(Duration.ofSeconds(20));
        if (method.equals("POST")) {
            request.header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body));
        } else {
            request.GET();
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }
}
