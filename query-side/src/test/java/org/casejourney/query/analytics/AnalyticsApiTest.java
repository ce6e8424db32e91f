package org.casejourney.query.analytics;

import org.casejourney.infrastructure.TestTokens;
import org.casejourney.security.Role;
import com.fasterxml.jackson.databind.JsonNode;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.casejourney.events.Channel;
import org.casejourney.events.EventJson;
import org.casejourney.events.RecordedEvent;
import org.casejourney.infrastructure.TestInfrastructure;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.autoconfigure.actuate.observability.AutoConfigureObservability;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.casejourney.query.RealInfrastructure;
import org.casejourney.query.TestPseudonyms;
import org.casejourney.query.cohorts.XesLogs;
import org.w3c.dom.Element;
import org.springframework.test.context.DynamicPropertySource;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every analysts' endpoint through the real app on real PostgreSQL and Kafka: recorded events on the
 * topic, the projection writes the facts, the endpoints answer. Its own topic and consumer group keep
 * other tests' records out of its counts.
 * <pre>
 * a1 (http-east): failure 2 Mar, value 3 Mar, handoff east to west, referral to http-ot, closed 6 Mar 09:00 (4 days), back 20 Mar
 * b1 (http-west): value 9 Mar, assessment, closed 11 Mar 09:00 (2 days)
 * b2 (http-west): failure 10 Mar corrected to NO_RESPONSE, a value contact retracted
 * </pre>
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@AutoConfigureObservability
class AnalyticsApiTest {

    private static final TestInfrastructure INFRASTRUCTURE = TestInfrastructure.get();
    private static final String DATABASE = INFRASTRUCTURE.newDatabase("query_analytics_api");
    private static final String TOPIC = "casejourney.analytics-api-test";
    private static final Duration PATIENCE = Duration.ofSeconds(60);

    private static final List<PersonStream> PEOPLE = List.of(
            PersonStream.of("a1").in("http-asc", "http-east", "county-council")
                    .failure("2026-03-02T09:00:00Z", Channel.PHONE, "PROGRESS_CHASING")
                    .value("2026-03-03T09:00:00Z", Channel.PHONE)
                    .handoff("2026-03-04T09:00:00Z", "http-east", "http-west", null, null)
                    .referral("2026-03-05T09:00:00Z", "r-1", null, "http-ot", null, "nhs-trust")
                    .closed("2026-03-06T09:00:00Z")
                    .value("2026-03-20T09:00:00Z", Channel.PHONE),
            PersonStream.of("b1").in("http-asc", "http-west", "county-council").by("pr-2")
                    .value("2026-03-09T09:00:00Z", Channel.PHONE)
                    .assessment("2026-03-10T09:00:00Z")
                    .closed("2026-03-11T09:00:00Z"),
            PersonStream.of("b2").in("http-asc", "http-west", "county-council").by("pr-3")
                    .failure("2026-03-10T09:00:00Z", Channel.EMAIL, "REPEAT_CONTACT")
                    .value("2026-03-12T09:00:00Z", Channel.PHONE)
                    .correctLast(2, Map.of("failureCategory", "NO_RESPONSE"))
                    .retractLast(2));

    private static KafkaProducer<String, String> producer;
    private static boolean published;
    private final HttpClient http = HttpClient.newHttpClient();

    @LocalServerPort
    int port;
    @Autowired
    JdbcTemplate jdbc;

    @DynamicPropertySource
    static void infrastructure(DynamicPropertyRegistry registry) {
        RealInfrastructure.register(registry, DATABASE, TOPIC);
        registry.add("casejourney.consumer.group-id", () -> "casejourney-analytics-api-test");
    }

    @BeforeAll
    static void producer() {
        producer = RealInfrastructure.producer(Map.of());
    }

    /** Once, after the app has created the topic. */
    private static synchronized void publishOnce() {
        if (published) {
            return;
        }
        published = true;
        for (PersonStream person : PEOPLE) {
            for (RecordedEvent recorded : person.recorded()) {
                try {
                    producer.send(new ProducerRecord<>(TOPIC, recorded.personId(), EventJson.write(recorded))).get();
                } catch (Exception e) {
                    throw new IllegalStateException("could not publish to " + TOPIC, e);
                }
            }
        }
    }

    @AfterAll
    static void closeProducer() {
        producer.close(Duration.ofSeconds(5));
    }

    @Test
    void failureDemandPerWeekWithCorrectionsAppliedAndEmptyWeeksShown() throws Exception {
        awaitProjected();
        JsonNode answer = getJson("/api/v1/failure-demand?service=http-asc&from=2026-03-02&to=2026-03-29&bucket=week");

        JsonNode series = answer.path("groups").get(0).path("series");
        assertThat(series).hasSize(4);
        assertThat(series.get(0).path("start").asText()).isEqualTo("2026-03-02");
        assertThat(series.get(0).path("contacts").asInt()).isEqualTo(2);
        assertThat(series.get(0).path("rate").asDouble()).isEqualTo(0.5);
        assertThat(series.get(1).path("contacts").asInt()).isEqualTo(2);
        assertThat(series.get(1).path("byCategory").path("NO_RESPONSE").asInt()).isEqualTo(1);
        assertThat(series.get(1).path("byCategory").path("REPEAT_CONTACT").asInt()).isEqualTo(0);
        assertThat(series.get(2).path("rate").asDouble()).isEqualTo(0.0);
        assertThat(series.get(3).path("contacts").asInt()).isEqualTo(0);
        assertThat(series.get(3).has("rate")).isTrue();
        assertThat(series.get(3).path("rate").isNull()).isTrue();
        JsonNode xmr = answer.path("groups").get(0).path("xmr");
        assertThat(xmr.path("mean").asDouble()).isEqualTo(1.0 / 3); // (0.5 + 0.5 + 0) / 3
        assertThat(xmr.path("signals").isArray()).isTrue();
        assertThat(answer.path("groups").get(0).has("group")).isTrue();
    }

    @Test
    void endToEndDaysPerWeekOfClosure() throws Exception {
        awaitProjected();
        JsonNode series = getJson("/api/v1/end-to-end?service=http-asc&from=2026-03-02&to=2026-03-15&bucket=week")
                .path("groups").get(0).path("series");

        assertThat(series).hasSize(2);
        assertThat(series.get(0).path("closedEpisodes").asInt()).isEqualTo(1);
        assertThat(series.get(0).path("mean").asDouble()).isEqualTo(4.0);
        assertThat(series.get(1).path("median").asDouble()).isEqualTo(2.0);
        assertThat(series.get(1).path("p85").asDouble()).isEqualTo(2.0);
    }

    @Test
    void twoCohortsSideBySideWithThePercentChange() throws Exception {
        awaitProjected();
        JsonNode answer = postJson("/api/v1/cohorts/compare", "{\"a\": {\"team\": \"http-east\"}, \"b\": {\"team\": \"http-west\"}}");

        // a1: 0 assessments, 1 person, 1 referral, 1 of 1 closed episodes returned; b1 and b2: 0.5 assessments, 1 person, 0 referrals
        assertThat(answer.path("returnWindowDays").asInt()).isEqualTo(90);
        assertThat(answer.path("a").path("people").asInt()).isEqualTo(1);
        assertThat(answer.path("a").path("returnRate").asDouble()).isEqualTo(1.0);
        assertThat(answer.path("b").path("people").asInt()).isEqualTo(2);
        assertThat(answer.path("b").path("assessments").asDouble()).isEqualTo(0.5);
        assertThat(answer.path("b").path("returnRate").asDouble()).isEqualTo(0.0);
        assertThat(answer.path("change").path("people").asDouble()).isEqualTo(100.0);
        assertThat(answer.path("change").path("referrals").asDouble()).isEqualTo(-100.0);
        assertThat(answer.path("change").path("assessments").isNull()).isTrue();
        assertThat(answer.path("change").path("returnRate").asDouble()).isEqualTo(-100.0);

        JsonNode shortWindow = postJson("/api/v1/cohorts/compare",
                "{\"a\": {\"team\": \"http-east\"}, \"b\": {\"pseudonyms\": [\"" + TestPseudonyms.of("b1") + "\"]}, \"returnWindowDays\": 10}");
        assertThat(shortWindow.path("a").path("returnRate").asDouble()).isEqualTo(0.0); // a1 came back after 14 days
        assertThat(shortWindow.path("b").path("people").asInt()).isEqualTo(1);
    }

    @Test
    void oneCohortsMeasuresAndAnEmptyCohort() throws Exception {
        awaitProjected();
        JsonNode all = postJson("/api/v1/cohorts/measures", "{\"service\": \"http-asc\", \"firstContactFrom\": \"2026-03-01\"}");
        JsonNode nobody = postJson("/api/v1/cohorts/measures", "{\"tag\": \"no-such-tag\"}");

        assertThat(all.path("measures").path("people").asInt()).isEqualTo(3);
        assertThat(all.path("measures").path("peopleInvolved").asDouble()).isEqualTo(1.0);
        assertThat(nobody.path("measures").path("people").asInt()).isEqualTo(0);
        assertThat(nobody.path("measures").has("assessments")).isTrue();
        assertThat(nobody.path("measures").path("assessments").isNull()).isTrue();
        assertThat(nobody.path("measures").path("returnRate").isNull()).isTrue();
    }

    @Test
    void theHandoffAndReferralNetwork() throws Exception {
        awaitProjected();
        JsonNode network = getJson("/api/v1/handoffs?service=http-asc&from=2026-03-01&to=2026-03-31");

        assertThat(network.path("teams").path("handoffs").toString())
                .isEqualTo("[{\"from\":\"http-east\",\"to\":\"http-west\",\"count\":1,\"suppressed\":false}]");
        assertThat(network.path("teams").path("referrals").toString())
                .isEqualTo("[{\"from\":\"http-east\",\"to\":\"http-ot\",\"count\":1,\"suppressed\":false}]");
        assertThat(network.path("organisations").path("referrals").toString())
                .isEqualTo("[{\"from\":\"county-council\",\"to\":\"nhs-trust\",\"count\":1,\"suppressed\":false}]");
    }

    @Test
    void theAnalystsViewsReadTheProjectedJourneys() {
        awaitProjected();
        assertThat(jdbc.queryForMap("select contacts, failure_contacts, closed_episodes, returned_episodes, array_to_string(teams, ',') teams"
                + " from analytics.journeys where pseudonym = ?", TestPseudonyms.of("a1"))).isEqualTo(Map.of("contacts", 3, "failure_contacts", 1,
                "closed_episodes", 1, "returned_episodes", 1, "teams", "http-east"));
        assertThat(jdbc.queryForObject("select count(*) from analytics.contacts where service = 'http-asc'", Integer.class)).isEqualTo(5);
    }

    @Test
    void malformedParametersAreInvalidQueryProblemsNamingTheField() throws Exception {
        assertProblem(get("/api/v1/failure-demand?bucket=fortnight"), "bucket");
        assertProblem(get("/api/v1/failure-demand?groupBy=person"), "groupBy");
        assertProblem(get("/api/v1/failure-demand?channel=pigeon"), "channel");
        assertProblem(get("/api/v1/failure-demand?from=2026-03-10&to=2026-03-01"), "to");
        assertProblem(get("/api/v1/end-to-end?from=yesterday"), "from");
        assertProblem(get("/api/v1/end-to-end?from=2000-01-01&to=2026-01-01&bucket=day"), "bucket");
        assertProblem(get("/api/v1/handoffs?channel=PHONE"), "channel");
        assertProblem(get("/api/v1/failure-demand?grouBy=team"), "grouBy");
        assertProblem(get("/api/v1/end-to-end?team=a&team=b&bucket=week"), "team");
        assertProblem(get("/api/v1/handoffs?bucket=week"), "bucket");
        assertProblem(post("/api/v1/cohorts/compare", "{\"a\": {\"teams\": \"http-east\"}}"), "a.teams", "b");
        assertProblem(post("/api/v1/cohorts/compare", "{\"a\": {\"firstContactFrom\": \"March\"}, \"b\": {\"pseudonyms\": [\"no way\"]}}"),
                "a.firstContactFrom", "b.pseudonyms");
        HttpResponse<String> personIds = post("/api/v1/cohorts/measures", "{\"personIds\": [\"a1\"]}");
        assertProblem(personIds, "personIds");
        assertThat(EventJson.mapper().readTree(personIds.body()).path("errors").get(0).path("message").asText()).contains("use pseudonyms");
        assertProblem(post("/api/v1/cohorts/measures", "{\"returnWindowDays\": \"ninety\"}"), "returnWindowDays");
        assertProblem(post("/api/v1/cohorts/measures", "{\"team\": "), "body");
    }

    @Test
    void theSeriesDownloadAsCsvWithTheSameFigures() throws Exception {
        awaitProjected();
        HttpResponse<String> failure = get("/api/v1/failure-demand.csv?service=http-asc&from=2026-03-02&to=2026-03-29&bucket=week");
        HttpResponse<String> endToEnd = get("/api/v1/end-to-end.csv?service=http-asc&from=2026-03-02&to=2026-03-15&bucket=week");

        assertThat(failure.statusCode()).as(failure.body()).isEqualTo(200);
        assertThat(failure.headers().firstValue("Content-Type")).hasValue("text/csv;charset=UTF-8");
        assertThat(failure.headers().firstValue("Content-Disposition")).hasValue("attachment; filename=\"failure-demand.csv\"");
        List<String> rows = List.of(failure.body().replace("\uFEFF", "").split("\r\n"));
        assertThat(rows.get(0)).startsWith("group,start,contacts,failure_contacts,rate,suppressed,xmr_mean,xmr_upper_limit,xmr_lower_limit,")
                .contains(",failure_no_response", ",failure_progress_chasing");
        assertThat(rows).hasSize(5);
        assertThat(rows.get(1)).startsWith(",2026-03-02,2,1,0.5,false,0.3333333333333333,");
        assertThat(rows.get(4)).startsWith(",2026-03-23,0,0,,false,");
        assertThat(endToEnd.body().replace("\uFEFF", "").split("\r\n")[1]).startsWith(",2026-03-02,1,4.0,4.0,4.0,false,");
        assertProblem(get("/api/v1/end-to-end.csv?bucket=fortnight"), "bucket");
        HttpResponse<String> distribution = get("/api/v1/end-to-end-distribution.csv?service=http-asc&from=2026-03-02&to=2026-03-15");
        assertThat(distribution.headers().firstValue("Content-Disposition")).hasValue("attachment; filename=\"end-to-end-distribution.csv\"");
        JsonNode bins = EventJson.mapper().readTree(get("/api/v1/end-to-end?service=http-asc&from=2026-03-02&to=2026-03-15").body())
                .path("groups").path(0).path("distribution").path("bins");
        assertThat(bins).hasSize(1);
        assertThat(bins.path(0).path("episodes").asInt()).as("both weeks' episodes, of 4 and 2 days").isEqualTo(2);
        assertThat(distribution.body().replace("\uFEFF", "").split("\r\n")).containsExactly("group,from_days,to_days,episodes,suppressed", ",0,7,2,false");
        assertProblem(get("/api/v1/end-to-end-distribution.csv?grouBy=team"), "grouBy");

        String handoffs = get("/api/v1/handoffs.csv?from=2026-03-01&to=2026-03-31").body().replace("\uFEFF", "");
        assertThat(handoffs.split("\r\n")).contains("network,kind,from,to,count,suppressed", "teams,handoff,http-east,http-west,1,false",
                "teams,referral,http-east,http-ot,1,false", "organisations,referral,county-council,nhs-trust,1,false");
        HttpResponse<String> cohorts = post("/api/v1/cohorts/compare.csv", "{\"a\": {\"team\": \"http-east\"}, \"b\": {\"team\": \"http-west\"}}");
        assertThat(cohorts.headers().firstValue("Content-Disposition")).hasValue("attachment; filename=\"cohorts.csv\"");
        assertThat(cohorts.body().replace("\uFEFF", "").split("\r\n")).contains("measure,a,b,change_percent", "people,1,2,100.0",
                "referrals,1.0,0.0,-100.0", "return_window_days,90,90,", "people_in_both,0,0,");
    }

    @Test
    void aCohortsJourneysExportAsAnOcel2LogThatValidatesAgainstThePublishedSchema() throws Exception {
        awaitProjected();
        HttpResponse<String> response = get("/api/v1/cohorts/ocel?service=http-asc");

        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        assertThat(response.headers().firstValue("Content-Disposition")).hasValue("attachment; filename=\"casejourney-cohort.ocel.json\"");
        JsonNode log = EventJson.mapper().readTree(response.body());
        assertThat(com.networknt.schema.JsonSchemaFactory.getInstance(com.networknt.schema.SpecVersion.VersionFlag.V7)
                .getSchema(java.nio.file.Files.readString(java.nio.file.Path.of("..", "docs", "standards", "ocel20-schema-json.json")))
                .validate(log)).isEmpty();
        // a1's six events, b1's three, b2's failure contact (its value contact retracted); the amendments are not events of the log
        assertThat(log.path("events")).hasSize(10);
        assertThat(log.path("objects").findValuesAsText("type")).containsOnly("person", "episode", "referral", "team", "practitioner")
                .filteredOn("person"::equals).hasSize(3);
        assertProblem(get("/api/v1/cohorts/ocel?teams=http-east"), "teams");
        assertProblem(get("/api/v1/cohorts/ocel?firstContactFrom=soon"), "firstContactFrom");
    }

    @Test
    void aCohortsJourneysExportAsAnXesLogThatValidatesAgainstThePublishedSchema() throws Exception {
        awaitProjected();
        HttpResponse<String> response = get("/api/v1/cohorts/xes?service=http-asc");

        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        assertThat(response.headers().firstValue("Content-Type")).hasValue("application/xml");
        assertThat(response.headers().firstValue("Content-Disposition")).hasValue("attachment; filename=\"casejourney-cohort.xes\"");
        XesLogs.validate(response.body());
        List<Element> traces = XesLogs.children(XesLogs.log(response.body()), "trace");
        // a1's two episodes, b1's and b2's one each; b2's retracted contact and the amendments are not events of the log
        assertThat(traces).hasSize(4);
        assertThat(traces.stream().mapToInt(t -> XesLogs.children(t, "event").size()).sum()).isEqualTo(10);
        assertThat(traces).extracting(t -> XesLogs.attributes(t).get("concept:name"))
                .contains("string " + TestPseudonyms.of("a1") + "/episode-2");
        assertProblem(get("/api/v1/cohorts/xes?teams=http-east"), "teams");
        assertProblem(get("/api/v1/cohorts/xes?firstContactFrom=soon"), "firstContactFrom");
    }

    @Test
    void theOpenApiDescriptionDescribesEveryAnalyticsEndpoint() throws Exception {
        JsonNode paths = getJson("/v3/api-docs").path("paths");

        assertThat(paths.path("/api/v1/failure-demand").path("get").path("summary").asText()).isEqualTo("Find the failure-demand rate over time");
        assertThat(paths.path("/api/v1/failure-demand").path("get").path("parameters")).hasSize(7)
                .allSatisfy(parameter -> assertThat(parameter.path("in").asText()).isEqualTo("query"))
                .allSatisfy(parameter -> assertThat(parameter.path("description").asText()).isNotBlank());
        assertThat(paths.path("/api/v1/end-to-end-distribution.csv").path("get").path("parameters")).hasSize(7);
        assertThat(paths.path("/api/v1/end-to-end").path("get").path("responses").has("400")).isTrue();
        assertThat(paths.path("/api/v1/cohorts/compare").path("post").path("summary").asText()).isEqualTo("Compare two cohorts");
        assertThat(paths.path("/api/v1/cohorts/measures").path("post").path("requestBody").isMissingNode()).isFalse();
        assertThat(paths.path("/api/v1/handoffs").path("get").path("responses").has("200")).isTrue();
        assertThat(paths.path("/api/v1/cohorts/xes").path("get").path("summary").asText()).isEqualTo("Export a cohort's journeys as an XES event log");
        assertThat(paths.path("/api/v1/cohorts/xes").path("get").path("responses").has("422")).isTrue();
    }

    private void assertProblem(HttpResponse<String> response, String... fields) throws Exception {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(400);
        assertThat(response.headers().firstValue("Content-Type")).hasValue("application/problem+json");
        JsonNode problem = EventJson.mapper().readTree(response.body());
        assertThat(problem.path("type").asText()).isEqualTo("/problems/invalid-query");
        assertThat(problem.path("title").asText()).isEqualTo("Invalid query");
        assertThat(problem.path("errors").findValuesAsText("field")).as(response.body()).containsExactlyInAnyOrder(fields);
        assertThat(problem.path("errors").get(0).path("message").asText()).isNotBlank();
    }

    private void awaitProjected() {
        publishOnce();
        int events = PEOPLE.stream().mapToInt(p -> p.recorded().size()).sum();
        long deadline = System.nanoTime() + PATIENCE.toNanos();
        while (true) {
            Integer projected = jdbc.queryForObject("select coalesce(sum(events), 0)::int from journey where person_id in (?, ?, ?)",
                    Integer.class, TestPseudonyms.of("a1"), TestPseudonyms.of("b1"), TestPseudonyms.of("b2"));
            if (projected == events) {
                return;
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError("only " + projected + " of " + events + " events projected");
            }
            try {
                Thread.sleep(200);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            }
        }
    }

    private JsonNode getJson(String path) throws Exception {
        HttpResponse<String> response = get(path);
        assertThat(response.statusCode()).as(path + " answered " + response.body()).isEqualTo(200);
        return EventJson.mapper().readTree(response.body());
    }

    private JsonNode postJson(String path, String body) throws Exception {
        HttpResponse<String> response = post(path, body);
        assertThat(response.statusCode()).as(path + " answered " + response.body()).isEqualTo(200);
        return EventJson.mapper().readTree(response.body());
    }

    private HttpResponse<String> get(String path) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + path)).header("Authorization", TestTokens.bearer(Role.ANALYST)).GET().build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> post(String path, String body) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + path)).header("Authorization", TestTokens.bearer(Role.ANALYST))
                        .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body)).build(),
                HttpResponse.BodyHandlers.ofString());
    }
}
