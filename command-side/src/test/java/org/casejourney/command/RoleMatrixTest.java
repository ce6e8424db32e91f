package org.casejourney.command;

import org.casejourney.infrastructure.TestTokens;
import org.casejourney.security.Role;
import org.casejourney.security.TokenSigner;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.function.Function;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every command-side endpoint against every kind of caller, with the exact status each gets:
 * deny by default, 401 for anything but a valid token of the configured issuer, 403 for a valid
 * token without the endpoint's role.
 */
class RoleMatrixTest extends ApiTestSupport {

    /** One endpoint: how to call it, the roles allowed, and the status an allowed call gets. */
    private record Endpoint(String name, Function<String, HttpRequest> request, Set<Role> allowed, int success) {
    }

    private static final Map<String, String> CALLERS = new LinkedHashMap<>();

    static {
        Instant now = Instant.now();
        String valid = TestTokens.token("matrix-recorder", Role.RECORDER);
        CALLERS.put("no token", null);
        CALLERS.put("expired", TestTokens.SIGNER.sign("late", List.of(Role.values()), now.minus(2, ChronoUnit.HOURS), now.minus(1, ChronoUnit.HOURS)));
        CALLERS.put("other issuer", new TokenSigner(TestTokens.key(), "https://someone-else.example", TestTokens.AUDIENCE)
                .sign("stranger", List.of(Role.values()), Duration.ofHours(1)));
        CALLERS.put("tampered signature", valid.substring(0, valid.length() - 3) + (valid.endsWith("AAA") ? "BBB" : "AAA"));
        CALLERS.put("other key", TestTokens.forger().sign("forger", List.of(Role.values()), Duration.ofHours(1)));
        CALLERS.put("no audience", TestTokens.SIGNER.sign(everything("no-aud", now).audience((String) null).build()));
        CALLERS.put("other audience", TestTokens.SIGNER.sign(everything("other-aud", now).audience("another-client").build()));
        CALLERS.put("no subject", TestTokens.SIGNER.sign(everything(null, now).build()));
        CALLERS.put("too long-lived", TestTokens.SIGNER.sign("patient", List.of(Role.values()), now, now.plus(13, ChronoUnit.HOURS)));
        CALLERS.put("generic roles claim", TestTokens.SIGNER.sign(everything("shared-realm", now).claim(TokenSigner.ROLES_CLAIM, null)
                .claim("roles", List.of("recorder", "analyst", "auditor", "admin")).build()));
        CALLERS.put("no role", TestTokens.token("nobody"));
        for (Role role : Role.values()) {
            CALLERS.put(role.claimValue(), TestTokens.token("matrix-" + role.claimValue(), role));
        }
    }

    private static com.nimbusds.jwt.JWTClaimsSet.Builder everything(String subject, Instant now) {
        return TestTokens.SIGNER.claims(subject, List.of(Role.values()), now, now.plus(1, ChronoUnit.HOURS));
    }

    private String person;

    @BeforeEach
    void aPersonWithAStory() throws Exception {
        person = person();
        assertThat(post("/api/v1/persons/" + person + "/events", contact("seed-" + person)).statusCode()).isEqualTo(201);
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
    void everyEndpointAnswersEachCallerExactly() throws Exception {
        List<Endpoint> endpoints = List.of(
                new Endpoint("POST event", t -> withToken(request("/api/v1/persons/" + person + "/events"), t)
                        .header("Content-Type", "application/json").POST(body(contact("m-" + UUID.randomUUID()))).build(),
                        Set.of(Role.RECORDER), 201),
                new Endpoint("POST batch", t -> withToken(request("/api/v1/events/batch"), t).header("Content-Type", "application/json")
                        .POST(body(Map.of("events", List.of(withPerson(contact("b-" + UUID.randomUUID())))))).build(),
                        Set.of(Role.RECORDER), 200),
                new Endpoint("POST fhir Bundle", t -> withToken(request("/fhir/Bundle"), t).header("Content-Type", "application/fhir+json")
                        .POST(HttpRequest.BodyPublishers.ofString(fhirBundle())).build(), Set.of(Role.RECORDER), 200),
                auditorRead("/events"), auditorRead("/journey"), auditorRead("/verify"), auditorRead("/access-log"), auditorRead("/sar"),
                auditorRead("/fhir"), auditorRead("/access-log/fhir"),
                new Endpoint("DELETE personal-data", t -> withToken(request("/api/v1/persons/" + person + "/personal-data"), t)
                        .header("Content-Type", "application/json").method("DELETE", body(Map.of("reason", "matrix"))).build(),
                        Set.of(Role.ADMIN), 200),
                new Endpoint("POST rewrap", t -> withToken(request("/api/v1/admin/personal-data-keys/rewrap"), t)
                        .POST(HttpRequest.BodyPublishers.noBody()).build(), Set.of(Role.ADMIN), 200),
                new Endpoint("GET metrics", t -> withToken(request("/actuator/metrics"), t).GET().build(), Set.of(Role.ADMIN), 200),
                new Endpoint("GET unknown path", t -> withToken(request("/api/v1/nothing-here"), t).GET().build(), Set.of(), 0));

        List<String> wrong = new ArrayList<>();
        for (Endpoint endpoint : endpoints) {
            CALLERS.forEach((caller, token) -> {
                int expected = expected(endpoint, caller);
                HttpResponse<String> response = send(endpoint.request().apply(token));
                if (response.statusCode() != expected) {
                    wrong.add(endpoint.name() + " as " + caller + ": " + response.statusCode() + " instead of " + expected + " " + response.body());
                } else if (expected == 401 || expected == 403) {
                    assertThat(response.headers().firstValue("Content-Type").orElse("")).startsWith("application/problem+json");
                    assertThat(response.body()).contains("\"status\":" + expected).doesNotContain(person);
                }
            });
        }
        assertThat(wrong).isEmpty();
    }

    @Test
    void healthAndTheApiDescriptionNeedNoToken() throws Exception {
        assertThat(send(request("/actuator/health").GET().build()).statusCode()).isEqualTo(200);
        assertThat(send(request("/actuator/health/readiness").GET().build()).statusCode()).isEqualTo(200);
        assertThat(send(request("/v3/api-docs").GET().build()).statusCode()).isEqualTo(200);
    }

    @Test
    void aMissingTokenIsExplainedWithTheBearerChallenge() throws Exception {
        HttpResponse<String> response = send(request("/api/v1/persons/" + person + "/events").GET().build());

        assertProblem(response, 401, "/problems/unauthenticated");
        assertThat(response.headers().firstValue("WWW-Authenticate").orElse("")).startsWith("Bearer");
        HttpResponse<String> expired = send(withToken(request("/api/v1/persons/" + person + "/events"), CALLERS.get("expired")).GET().build());
        assertProblem(expired, 401, "/problems/unauthenticated");
        assertThat(expired.body()).containsIgnoringCase("expired");
        for (String[] refusal : new String[][] {{"no audience", "no aud claim"}, {"other audience", "does not include casejourney-test"},
                {"no subject", "no sub claim"}, {"too long-lived", "longer than the PT12H"}}) {
            HttpResponse<String> refused = send(withToken(request("/api/v1/persons/" + person + "/events"), CALLERS.get(refusal[0])).GET().build());
            assertProblem(refused, 401, "/problems/unauthenticated");
            assertThat(refused.body()).as(refusal[0]).contains(refusal[1]);
        }
    }

    private int expected(Endpoint endpoint, String caller) {
        if (Set.of("no token", "expired", "other issuer", "tampered signature", "other key", "no audience", "other audience",
                "no subject", "too long-lived").contains(caller)) {
            return 401;
        }
        boolean allowed = endpoint.allowed().stream().anyMatch(r -> r.claimValue().equals(caller));
        return allowed ? endpoint.success() : 403;
    }

    private Endpoint auditorRead(String path) {
        return new Endpoint("GET " + path, t -> withToken(request("/api/v1/persons/" + person + path), t)
                .header("X-Purpose", "role matrix").GET().build(), Set.of(Role.AUDITOR), 200);
    }

    private static HttpRequest.Builder withToken(HttpRequest.Builder builder, String token) {
        return token == null ? builder : builder.header("Authorization", "Bearer " + token);
    }

    private static HttpRequest.BodyPublisher body(Object value) {
        try {
            return HttpRequest.BodyPublishers.ofString(json.writeValueAsString(value));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private HttpResponse<String> send(HttpRequest request) {
        try {
            return http.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private Map<String, Object> withPerson(Map<String, Object> event) {
        Map<String, Object> item = new LinkedHashMap<>(event);
        item.put("personId", person);
        return item;
    }

    /** A transaction Bundle of one finished Encounter of a new person (docs/fhir.md). */
    private static String fhirBundle() {
        return """
                {"resourceType": "Bundle", "type": "transaction", "entry": [{"resource": {"resourceType": "Encounter",
                  "extension": [{"url": "https://casejourney.org/fhir/StructureDefinition/demand-type", "valueCode": "VALUE"}],
                  "identifier": [{"system": "https://matrix.example", "value": "%s"}], "status": "finished",
                  "class": {"system": "http://terminology.hl7.org/CodeSystem/v3-ActCode", "code": "VR"},
                  "serviceType": {"coding": [{"code": "adult-social-care"}]},
                  "subject": {"identifier": {"system": "https://fhir.nhs.uk/Id/nhs-number", "value": "%s"}},
                  "period": {"start": "%s"}}, "request": {"method": "POST", "url": "Encounter"}}]}"""
                .formatted(UUID.randomUUID(), person(), Instant.now().minus(1, ChronoUnit.HOURS));
    }

    private static Map<String, Object> contact(String eventId) {
        Map<String, Object> event = new LinkedHashMap<>();
        event.put("type", "ContactRecorded");
        event.put("eventId", eventId);
        event.put("occurredAt", Instant.now().minus(1, ChronoUnit.HOURS).toString());
        event.put("service", "adult-social-care");
        event.put("channel", "PHONE");
        event.put("demandType", "VALUE");
        return event;
    }
}
