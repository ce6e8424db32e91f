package org.casejourney.query.platform;

import com.fasterxml.jackson.databind.JsonNode;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.casejourney.events.Channel;
import org.casejourney.events.DemandType;
import org.casejourney.events.EventJson;
import org.casejourney.events.RecordedEvent;
import org.casejourney.infrastructure.TestInfrastructure;
import org.casejourney.infrastructure.TestTokens;
import org.casejourney.query.RealInfrastructure;
import org.casejourney.query.TestPseudonyms;
import org.casejourney.security.Role;
import org.casejourney.security.TokenSigner;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.casejourney.events.testing.TestEvents.contactRecorded;

/**
 * Every query-side endpoint against every kind of caller: the four kinds of bad token answer 401,
 * a valid token without the endpoint's role 403, and the roles SecurityConfiguration allows succeed.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class RoleMatrixTest {

    private static final TestInfrastructure INFRASTRUCTURE = TestInfrastructure.get();
    private static final String DATABASE = INFRASTRUCTURE.newDatabase("query_roles");
    private static final String TOPIC = "casejourney.events.roles";
    private static final String PERSON = "role-matrix-person";
    private static final Duration PATIENCE = Duration.ofSeconds(60);

    private final HttpClient http = HttpClient.newHttpClient();

    @LocalServerPort
    int port;

    @DynamicPropertySource
    static void infrastructure(DynamicPropertyRegistry registry) {
        RealInfrastructure.register(registry, DATABASE, TOPIC);
        registry.add("casejourney.consumer.group-id", () -> "casejourney-role-matrix-test");
    }

    /** A request that succeeds for the roles allowed to make it. */
    private record Endpoint(String method, String path, String body, Set<Role> allowed, int success) {
        @Override
        public String toString() {
            return method + " " + path;
        }
    }

    private static List<Endpoint> endpoints() {
        String pseudonym = TestPseudonyms.of(PERSON);
        Set<Role> analyst = Set.of(Role.ANALYST);
        Set<Role> admin = Set.of(Role.ADMIN);
        return List.of(
                new Endpoint("GET", "/api/v1/journeys/" + pseudonym, null, analyst, 200),
                new Endpoint("GET", "/api/v1/failure-demand?from=2026-01-01&to=2026-03-31&bucket=month", null, analyst, 200),
                new Endpoint("GET", "/api/v1/end-to-end?from=2026-01-01&to=2026-03-31&bucket=month", null, analyst, 200),
                new Endpoint("GET", "/api/v1/handoffs?from=2026-01-01&to=2026-03-31", null, analyst, 200),
                new Endpoint("GET", "/api/v1/end-to-end-distribution.csv?from=2026-01-01&to=2026-03-31", null, analyst, 200),
                new Endpoint("GET", "/api/v1/failure-demand.csv?from=2026-01-01&to=2026-03-31&bucket=month", null, analyst, 200),
                new Endpoint("GET", "/api/v1/end-to-end.csv?from=2026-01-01&to=2026-03-31&bucket=month", null, analyst, 200),
                new Endpoint("GET", "/api/v1/handoffs.csv?from=2026-01-01&to=2026-03-31", null, analyst, 200),
                new Endpoint("POST", "/api/v1/cohorts/compare.csv", "{\"a\": {\"team\": \"east\"}, \"b\": {\"team\": \"west\"}}",
                        analyst, 200),
                new Endpoint("POST", "/api/v1/cohorts/compare", "{\"a\": {\"team\": \"east\"}, \"b\": {\"pseudonyms\": [\"" + pseudonym + "\"]}}",
                        analyst, 200),
                new Endpoint("POST", "/api/v1/cohorts/measures", "{\"service\": \"adult-social-care\"}", analyst, 200),
                new Endpoint("GET", "/api/v1/cohorts/ocel?team=no-such-team", null, analyst, 200),
                new Endpoint("GET", "/api/v1/cohorts/xes?team=no-such-team", null, analyst, 200),
                new Endpoint("GET", "/api/v1/cohorts/people?team=no-such-team", null, analyst, 200),
                new Endpoint("GET", "/api/v1/cohorts/people.csv?team=no-such-team", null, analyst, 200),
                new Endpoint("GET", "/api/v1/projections", null, Set.of(Role.ANALYST, Role.ADMIN), 200),
                new Endpoint("GET", "/api/v1/projections/journey/parked", null, admin, 200),
                new Endpoint("POST", "/api/v1/projections/journey/parked/replay", null, admin, 200),
                new Endpoint("GET", "/api/v1/access-log?pseudonym=" + pseudonym + "&limit=10", null, Set.of(Role.AUDITOR), 200),
                new Endpoint("GET", "/actuator/metrics", null, admin, 200),
                // last: it starts a rebuild, which the test waits out
                new Endpoint("POST", "/api/v1/projections/journey/rebuild", null, admin, 202));
    }

    /** Each caller's Authorization header (null: none) and, for a valid token, its role. */
    private static Map<String, String> callers() {
        Map<String, String> callers = new LinkedHashMap<>();
        Instant now = Instant.now();
        callers.put("no token", null);
        callers.put("expired token", "Bearer " + TestTokens.SIGNER.sign("test-late", List.of(Role.values()),
                now.minus(Duration.ofHours(2)), now.minus(Duration.ofHours(1))));
        callers.put("token from another issuer", "Bearer " + new TokenSigner(TestTokens.key(), "https://other-issuer", TestTokens.AUDIENCE)
                .sign("test-stranger", List.of(Role.values()), Duration.ofHours(1)));
        callers.put("tampered signature", "Bearer " + tampered(TestTokens.token("test-forger", Role.values())));
        callers.put("token signed with another key", "Bearer " + TestTokens.forger().sign("test-forger", List.of(Role.values()), Duration.ofHours(1)));
        callers.put("token for another audience", "Bearer " + TestTokens.SIGNER.sign(TestTokens.SIGNER.claims("test-other-client",
                List.of(Role.values()), now, now.plus(Duration.ofHours(1))).audience("another-client").build()));
        callers.put("token without a subject", "Bearer " + TestTokens.SIGNER.sign(TestTokens.SIGNER.claims(null,
                List.of(Role.values()), now, now.plus(Duration.ofHours(1))).build()));
        callers.put("token valid too long", "Bearer " + TestTokens.SIGNER.sign("test-patient", List.of(Role.values()),
                now, now.plus(Duration.ofHours(13))));
        callers.put("roles in a generic claim", "Bearer " + TestTokens.SIGNER.sign(TestTokens.SIGNER.claims("test-shared-realm",
                List.of(), now, now.plus(Duration.ofHours(1))).claim("roles", List.of("recorder", "analyst", "auditor", "admin")).build()));
        for (Role role : Role.values()) {
            callers.put(role.claimValue(), TestTokens.bearer(role));
        }
        return callers;
    }

    /** The token with one character in the middle of its signature changed. */
    private static String tampered(String token) {
        int at = token.lastIndexOf('.') + 10;
        char flipped = token.charAt(at) == 'a' ? 'b' : 'a';
        return token.substring(0, at) + flipped + token.substring(at + 1);
    }

    @org.springframework.beans.factory.annotation.Autowired
    org.springframework.context.ApplicationContext context;

    /** The rules above are Spring Security's own chain, not behind a look-up of Spring MVC's handler for every request. */
    @Test
    void theSecurityFilterChainIsNotBehindAHandlerLookUp() {
        // Spring Security's own composite of its chains stays; the handler look-up's wrapper (WebMvcSecurityConfiguration's) goes
        assertThat(context.getBean("springSecurityFilterChain").getClass().getName())
                .isEqualTo("org.springframework.security.config.annotation.web.configuration.WebSecurityConfiguration$CompositeFilterChainProxy");
    }

    @Test
    void everyEndpointAnswersEachCallerWithExactlyTheStatusItsRoleEarns() throws Exception {
        projectOnePerson();
        List<String> wrong = new ArrayList<>();
        int checked = 0;
        for (Endpoint endpoint : endpoints()) {
            for (Map.Entry<String, String> caller : callers().entrySet()) {
                Role role = Role.fromClaim(caller.getKey()).orElse(null);
                // a valid token whose roles sit in a claim this service does not read has no role here
                int expected = caller.getKey().equals("roles in a generic claim") ? 403
                        : role == null ? 401 : endpoint.allowed().contains(role) ? endpoint.success() : 403;
                HttpResponse<String> response = send(endpoint, caller.getValue());
                checked++;
                if (response.statusCode() != expected) {
                    wrong.add(endpoint + " as " + caller.getKey() + ": expected " + expected + ", got " + response.statusCode()
                            + " " + response.body());
                } else if (expected == 401 || expected == 403) {
                    assertThat(response.headers().firstValue("Content-Type")).as(endpoint + " as " + caller.getKey())
                            .hasValueSatisfying(type -> assertThat(type).startsWith("application/problem+json"));
                    assertThat(EventJson.mapper().readTree(response.body()).path("type").asText())
                            .isEqualTo(expected == 401 ? "/problems/unauthenticated" : "/problems/forbidden");
                }
            }
        }
        awaitRebuilt();

        assertThat(wrong).isEmpty();
        assertThat(checked).isEqualTo(endpoints().size() * 13);
    }

    @Test
    void healthProbesAndTheApiDescriptionNeedNoToken() throws Exception {
        for (String path : List.of("/actuator/health", "/actuator/health/readiness", "/actuator/health/liveness", "/v3/api-docs")) {
            assertThat(send(new Endpoint("GET", path, null, Set.of(), 200), null).statusCode()).as(path).isEqualTo(200);
        }
    }

    private void projectOnePerson() throws Exception {
        RecordedEvent contact = new RecordedEvent(PERSON, 0, 1L, Instant.parse("2026-02-02T09:00:05Z"), "test-recorder",
                contactRecorded().eventId("role-matrix-e0").occurredAt(Instant.parse("2026-02-02T09:00:00Z"))
                        .service("adult-social-care").team("east").organisation("county-council").practitioner("pr-1")
                        .sourceSystem("crm").channel(Channel.PHONE).demandType(DemandType.VALUE).durationMinutes(10)
                        .faceToFace(false).build());
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, INFRASTRUCTURE.kafkaBootstrapServers(), ProducerConfig.ACKS_CONFIG, "all"),
                new StringSerializer(), new StringSerializer())) {
            producer.send(new ProducerRecord<>(TOPIC, PERSON, EventJson.write(contact))).get();
        }
        Endpoint journey = endpoints().get(0);
        long deadline = System.nanoTime() + PATIENCE.toNanos();
        while (send(journey, TestTokens.bearer(Role.ANALYST)).statusCode() != 200) {
            assertThat(System.nanoTime()).as("the person was never projected").isLessThan(deadline);
            Thread.sleep(200);
        }
    }

    private void awaitRebuilt() throws Exception {
        Endpoint listing = new Endpoint("GET", "/api/v1/projections", null, Set.of(), 200);
        long deadline = System.nanoTime() + PATIENCE.toNanos();
        while (true) {
            JsonNode journey = EventJson.mapper().readTree(send(listing, TestTokens.bearer(Role.ADMIN)).body()).path("projections").get(0);
            if (journey.path("state").asText().equals("LIVE") && !journey.path("lastRebuild").isNull()) {
                return;
            }
            assertThat(System.nanoTime()).as("the rebuild never finished: " + journey).isLessThan(deadline);
            Thread.sleep(200);
        }
    }

    private HttpResponse<String> send(Endpoint endpoint, String authorization) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://localhost:" + port + endpoint.path()))
                .header("X-Purpose", "role matrix test");
        if (authorization != null) {
            request.header("Authorization", authorization);
        }
        if (endpoint.method().equals("POST")) {
            request.header("Content-Type", "application/json")
                    .POST(endpoint.body() == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(endpoint.body()));
        } else {
            request.GET();
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }
}
