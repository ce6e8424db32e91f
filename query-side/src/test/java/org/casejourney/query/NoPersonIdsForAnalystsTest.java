package org.casejourney.query;

import com.fasterxml.jackson.databind.JsonNode;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.casejourney.events.CaseOutcome;
import org.casejourney.events.Channel;
import org.casejourney.events.DemandType;
import org.casejourney.events.EventJson;
import org.casejourney.events.PersonEvent;
import org.casejourney.events.RecordedEvent;
import org.casejourney.events.ReferralOutcome;
import org.casejourney.infrastructure.TestInfrastructure;
import org.casejourney.infrastructure.TestTokens;
import org.casejourney.security.Role;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.sql.Array;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.casejourney.events.testing.TestEvents.assessmentCompleted;
import static org.casejourney.events.testing.TestEvents.caseClosed;
import static org.casejourney.events.testing.TestEvents.contactRecorded;
import static org.casejourney.events.testing.TestEvents.eventCorrected;
import static org.casejourney.events.testing.TestEvents.eventRetracted;
import static org.casejourney.events.testing.TestEvents.handoffMade;
import static org.casejourney.events.testing.TestEvents.personalDataErased;
import static org.casejourney.events.testing.TestEvents.referralMade;
import static org.casejourney.events.testing.TestEvents.referralResolved;

/**
 * Issue 4: the query side never holds or shows a personId, nor personal free text. People's events go
 * over the topic with their personIds and a marker in every personal text field (in plain text here,
 * encrypted in production); then every analyst endpoint and every column of every table and view of
 * the query database is searched for them. Issue 11: nor any identifier the sending system chose (event,
 * referral, correlation and causation ids, the ids a correction names) nor an erasure's reason; references
 * between events (a resolved referral, a correction, a retraction) still match under their pseudonyms.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class NoPersonIdsForAnalystsTest {

    private static final TestInfrastructure INFRASTRUCTURE = TestInfrastructure.get();
    private static final String DATABASE = INFRASTRUCTURE.newDatabase("query_no_person_ids");
    private static final String TOPIC = "casejourney.events.privacy";
    private static final List<String> PERSON_IDS = List.of("nhs-9434765919", "crm-0042-alma-ruiz", "sw.case.77102");
    /** The key of a deliberately unreadable record: kept as it came in parked_record, and nowhere else. */
    private static final String UNREADABLE = "unreadable-person-5531";
    private static final String MARKER = "MARKER-what-matters-3f9a";
    /** The reference of an erasure request, in the erasure's reason. */
    private static final String ERASURE_REFERENCE = "ERQ-2026-7781";
    /** Every identifier the sending system chose, as sent. */
    private static final List<String> SENDER_IDS = new ArrayList<>();
    private static final Duration PATIENCE = Duration.ofSeconds(60);

    private final HttpClient http = HttpClient.newHttpClient();

    @LocalServerPort
    int port;
    @Autowired
    JdbcTemplate jdbc;

    @DynamicPropertySource
    static void infrastructure(DynamicPropertyRegistry registry) {
        RealInfrastructure.register(registry, DATABASE, TOPIC);
        registry.add("casejourney.consumer.group-id", () -> "casejourney-privacy-test");
    }

    @Test
    void noAnswerToAnAnalystAndNoTableOrViewHoldsAPersonIdOrPersonalText() throws Exception {
        Map<String, Integer> streams = publish();
        for (String personId : PERSON_IDS) {
            awaitProjected(TestPseudonyms.of(personId), streams.get(personId));
        }
        awaitParked();

        List<String> bodies = new ArrayList<>();
        for (String personId : PERSON_IDS) {
            String journey = analyst("GET", "/api/v1/journeys/" + TestPseudonyms.of(personId), null);
            JsonNode read = EventJson.mapper().readTree(journey);
            assertThat(read.path("personId").asText()).isEqualTo(TestPseudonyms.of(personId));
            // the references still match under pseudonyms: the referral resolved, the failure contact retracted
            assertThat(read.path("referrals").path("open").asInt()).as(journey).isZero();
            assertThat(read.path("contacts").path("failure").asInt()).as(journey).isZero();
            bodies.add(journey);
        }
        String everyone = "[\"" + String.join("\", \"", PERSON_IDS.stream().map(TestPseudonyms::of).toList()) + "\"]";
        bodies.add(analyst("GET", "/api/v1/failure-demand?from=2026-01-01&to=2026-06-30&bucket=month&groupBy=team", null));
        bodies.add(analyst("GET", "/api/v1/end-to-end?from=2026-01-01&to=2026-06-30&bucket=month&groupBy=service", null));
        bodies.add(analyst("GET", "/api/v1/handoffs?from=2026-01-01&to=2026-06-30", null));
        bodies.add(analyst("POST", "/api/v1/cohorts/measures", "{\"pseudonyms\": " + everyone + "}"));
        bodies.add(analyst("POST", "/api/v1/cohorts/compare", "{\"a\": {\"pseudonyms\": " + everyone + "}, \"b\": {\"team\": \"east\"}}"));
        bodies.add(analyst("GET", "/api/v1/projections", null));

        assertThat(SENDER_IDS).hasSizeGreaterThan(30);
        for (String body : bodies) {
            assertThat(body).doesNotContain(MARKER, UNREADABLE, ERASURE_REFERENCE);
            PERSON_IDS.forEach(personId -> assertThat(body).doesNotContain(personId));
            SENDER_IDS.forEach(id -> assertThat(body).as("an analyst answer shows the sender's id " + id).doesNotContain(id));
        }
        assertThat(EventJson.mapper().readTree(bodies.get(bodies.size() - 3)).path("measures").path("people").asInt()).isEqualTo(3);
        assertThat(jdbc.queryForList("select pseudonym from analytics.journeys order by 1", String.class))
                .containsExactlyElementsOf(PERSON_IDS.stream().map(TestPseudonyms::of).sorted().toList());

        assertThat(jdbc.queryForList("select outcome from analytics.referrals", String.class)).containsOnly("ACCEPTED").hasSize(3);
        List<String> secrets = new ArrayList<>(PERSON_IDS);
        secrets.add(MARKER);
        secrets.add(ERASURE_REFERENCE);
        secrets.addAll(SENDER_IDS);
        assertThat(columnsHolding(secrets)).isEmpty();
        assertThat(columnsHolding(List.of(UNREADABLE))).contains("journey.parked_record.record_key")
                .isSubsetOf("journey.parked_record.record_key", "journey.parked_record.payload", "journey.parked_record.reason");
    }

    /** Every column of every table and view (system schemas aside) in which a value contains one of the texts. */
    private List<String> columnsHolding(List<String> texts) {
        List<Map<String, Object>> columns = jdbc.queryForList("""
                select table_schema, table_name, column_name, data_type from information_schema.columns
                where table_schema not in ('pg_catalog', 'information_schema') and table_schema not like 'pg_toast%'
                order by 1, 2, 3""");
        assertThat(columns).extracting(c -> c.get("table_schema") + "." + c.get("table_name"))
                .contains("journey.journey_event", "journey.fact_contact", "analytics.journeys", "audit.access_log");
        String[] patterns = texts.stream().map(t -> "%" + t + "%").toArray(String[]::new);
        List<String> found = new ArrayList<>();
        for (Map<String, Object> column : columns) {
            String name = column.get("table_schema") + "." + column.get("table_name") + "." + column.get("column_name");
            String quoted = "\"" + column.get("column_name") + "\"";
            String asText = "bytea".equals(column.get("data_type")) ? "encode(" + quoted + ", 'escape')" : quoted + "::text";
            Long hits = jdbc.execute((java.sql.Connection connection) -> {
                Array array = connection.createArrayOf("text", patterns);
                try (var select = connection.prepareStatement("select count(*) from \"" + column.get("table_schema") + "\".\""
                        + column.get("table_name") + "\" where " + asText + " like any(?)")) {
                    select.setArray(1, array);
                    try (var rs = select.executeQuery()) {
                        rs.next();
                        return rs.getLong(1);
                    }
                }
            });
            if (hits != null && hits > 0) {
                found.add(name);
            }
        }
        return found;
    }

    /** Each person's stream, every personal text field carrying the marker; event ids that do not name the person. */
    private Map<String, Integer> publish() throws Exception {
        Map<String, Integer> sizes = new LinkedHashMap<>();
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, INFRASTRUCTURE.kafkaBootstrapServers(), ProducerConfig.ACKS_CONFIG, "all"),
                new StringSerializer(), new StringSerializer())) {
            int n = 0;
            for (String personId : PERSON_IDS) {
                Instant t = Instant.parse("2026-02-02T09:00:00Z").plus(Duration.ofDays(n++));
                String contact = senderId("contact");
                String failure = senderId("failure");
                String referral = senderId("referral");
                String correlation = senderId("correlation");
                List<PersonEvent> events = List.of(
                        contactRecorded().eventId(contact).occurredAt(t).service("adult-social-care").team("east")
                                .organisation("county-council").practitioner("pr-1").sourceSystem("crm")
                                .correlationId(correlation).tags(List.of("trial")).channel(Channel.PHONE)
                                .demandType(DemandType.VALUE).whatMatters(MARKER + " help to get dressed").durationMinutes(20)
                                .faceToFace(false).build(),
                        referralMade().eventId(senderId("event")).occurredAt(t.plus(Duration.ofHours(1)))
                                .service("adult-social-care").team("east").organisation("county-council").practitioner("pr-1")
                                .sourceSystem("crm").correlationId(correlation).causationId(contact).referralId(referral)
                                .toTeam("ot").toOrganisation("nhs-trust").reason(MARKER + " needs an OT").build(),
                        handoffMade().eventId(senderId("event")).occurredAt(t.plus(Duration.ofHours(2)))
                                .service("adult-social-care").team("east").organisation("county-council").practitioner("pr-1")
                                .sourceSystem("crm").correlationId(senderId("correlation")).causationId(senderId("causation"))
                                .fromPractitioner("pr-1").fromTeam("east").toPractitioner("pr-2").toTeam("west")
                                .toOrganisation("county-council").reason(MARKER + " capacity").build(),
                        referralResolved().eventId(senderId("event")).occurredAt(t.plus(Duration.ofHours(3)))
                                .service("adult-social-care").team("ot").organisation("nhs-trust").practitioner("pr-4")
                                .sourceSystem("ot-system").correlationId(correlation).referralId(referral)
                                .outcome(ReferralOutcome.ACCEPTED).build(),
                        assessmentCompleted().eventId(senderId("event")).occurredAt(t.plus(Duration.ofDays(1)))
                                .service("adult-social-care").team("west").organisation("county-council").practitioner("pr-2")
                                .sourceSystem("case").assessmentType("care-act-needs").outcome("eligible").durationMinutes(60)
                                .faceToFace(true).build(),
                        contactRecorded().eventId(failure).occurredAt(t.plus(Duration.ofDays(2))).service("adult-social-care")
                                .team("east").organisation("county-council").practitioner("pr-3").sourceSystem("crm")
                                .channel(Channel.PHONE).failure("PROGRESS_CHASING").whatMatters(MARKER + " where is it")
                                .durationMinutes(5).faceToFace(false).build(),
                        eventCorrected(contact).eventId(senderId("event")).occurredAt(t.plus(Duration.ofDays(3)))
                                .service("adult-social-care").team("east").organisation("county-council").practitioner("pr-3")
                                .sourceSystem("crm")
                                .changes(Map.of("whatMatters", MARKER + " corrected", "correlationId", senderId("correlation")))
                                .reason(MARKER + " misheard").build(),
                        eventRetracted(failure).eventId(senderId("event")).occurredAt(t.plus(Duration.ofDays(3)))
                                .service("adult-social-care").team("east").organisation("county-council").practitioner("pr-3")
                                .sourceSystem("crm").reason(MARKER + " wrong person").build(),
                        caseClosed().eventId(senderId("event")).occurredAt(t.plus(Duration.ofDays(10)))
                                .service("adult-social-care").team("west").organisation("county-council").practitioner("pr-2")
                                .sourceSystem("case").outcome(CaseOutcome.NEEDS_MET).build(),
                        personalDataErased().eventId(senderId("erasure")).occurredAt(t.plus(Duration.ofDays(11)))
                                .sourceSystem("casejourney").correlationId(senderId("erasure-request"))
                                .reason("erasure request " + ERASURE_REFERENCE).build());
                for (int sequence = 0; sequence < events.size(); sequence++) {
                    RecordedEvent recorded = new RecordedEvent(personId, sequence, null, events.get(sequence).occurredAt().plusSeconds(5),
                            "test-recorder", events.get(sequence));
                    producer.send(new ProducerRecord<>(TOPIC, personId, EventJson.write(recorded))).get();
                }
                sizes.put(personId, events.size());
            }
            producer.send(new ProducerRecord<>(TOPIC, UNREADABLE, "{\"personId\": \"" + UNREADABLE + "\", \"not\": \"an event\"}")).get();
        }
        return sizes;
    }

    /** An identifier as a sending system might choose it, remembered to be searched for. */
    private static String senderId(String kind) {
        String id = "sndr-" + kind + "-" + UUID.randomUUID();
        SENDER_IDS.add(id);
        return id;
    }

    private void awaitProjected(String pseudonym, int events) throws Exception {
        long deadline = System.nanoTime() + PATIENCE.toNanos();
        while (true) {
            HttpResponse<String> response = send("GET", "/api/v1/journeys/" + pseudonym, null, TestTokens.bearer(Role.ANALYST));
            if (response.statusCode() == 200 && EventJson.mapper().readTree(response.body()).path("eventsRecorded").asInt() == events) {
                return;
            }
            assertThat(System.nanoTime()).as(pseudonym + " never projected: " + response.body()).isLessThan(deadline);
            Thread.sleep(200);
        }
    }

    private void awaitParked() throws Exception {
        long deadline = System.nanoTime() + PATIENCE.toNanos();
        while (jdbc.queryForObject("select count(*) from parked_record", Long.class) == 0) {
            assertThat(System.nanoTime()).as("the unreadable record was never parked").isLessThan(deadline);
            Thread.sleep(200);
        }
    }

    private String analyst(String method, String path, String body) throws Exception {
        HttpResponse<String> response = send(method, path, body, TestTokens.bearer(Role.ANALYST));
        assertThat(response.statusCode()).as(method + " " + path + ": " + response.body()).isEqualTo(200);
        return response.body();
    }

    private HttpResponse<String> send(String method, String path, String body, String authorization) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://localhost:" + port + path)).header("Authorization", authorization);
        if (method.equals("POST")) {
            request.header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body));
        } else {
            request.GET();
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }
}
