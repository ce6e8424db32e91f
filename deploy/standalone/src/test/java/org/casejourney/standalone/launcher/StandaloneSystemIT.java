package org.casejourney.standalone.launcher;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.nimbusds.jose.jwk.ECKey;
import org.casejourney.events.Channel;
import org.casejourney.events.EventCorrected;
import org.casejourney.events.CaseOutcome;
import org.casejourney.events.CaseClosed;
import org.casejourney.events.ContactRecorded;
import org.casejourney.events.DemandType;
import org.casejourney.events.EventJson;
import org.casejourney.security.Role;
import org.casejourney.events.FailureCategories;
import org.casejourney.events.PersonEvent;
import org.casejourney.events.ReferralMade;
import org.casejourney.events.ReferralOutcome;
import org.casejourney.events.ReferralResolved;
import org.casejourney.events.SupportDelivered;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.casejourney.events.testing.TestEvents.caseClosed;
import static org.casejourney.events.testing.TestEvents.contactRecorded;
import static org.casejourney.events.testing.TestEvents.eventCorrected;
import static org.casejourney.events.testing.TestEvents.referralMade;
import static org.casejourney.events.testing.TestEvents.referralResolved;
import static org.casejourney.events.testing.TestEvents.supportDelivered;

/**
 * The whole system as {@code run} starts it: real PostgreSQL, real Kafka, both apps as child
 * processes from their runnable jars (built before this module). Then a restart on the same data
 * directory, which must lose nothing that was acknowledged.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class StandaloneSystemIT {

    private static final Duration VISIBLE_WITHIN = Duration.ofSeconds(120);
    private static final Instant T0 = Instant.now().minus(2, ChronoUnit.DAYS).truncatedTo(ChronoUnit.SECONDS);
    private static final String ANNA = "it-anna";
    private static final String BEN = "it-ben";

    private static final ContactRecorded ANNA_CHASES = contactRecorded().eventId("it-anna-e0").occurredAt(T0)
            .service("adult-social-care").team("reablement-north").organisation("county-council")
            .practitioner("it-practitioner-1").channel(Channel.PHONE).failure(FailureCategories.PROGRESS_CHASING)
            .whatMatters("Where is my assessment?").durationMinutes(10).faceToFace(false).build();
    private static final SupportDelivered ANNA_SUPPORTED = supportDelivered().eventId("it-anna-e1")
            .occurredAt(T0.plusSeconds(3600)).service("adult-social-care").team("reablement-north").organisation("county-council")
            .practitioner("it-practitioner-1").activity("personal-care").durationMinutes(45).faceToFace(true).build();
    private static final ContactRecorded BEN_ASKS = contactRecorded().eventId("it-ben-e0").occurredAt(T0).service("housing")
            .team("housing-options").organisation("district-council").practitioner("it-practitioner-2")
            .channel(Channel.FACE_TO_FACE).demandType(DemandType.VALUE).whatMatters("I need somewhere safe to live")
            .durationMinutes(30).faceToFace(true).build();
    private static final ReferralMade BEN_REFERRED = referralMade().eventId("it-ben-e1").occurredAt(T0.plusSeconds(600))
            .service("housing").team("housing-options").organisation("district-council").practitioner("it-practitioner-2")
            .referralId("it-ben-r1").fromTeam("housing-options").toTeam("tenancy-support").fromOrganisation("district-council")
            .toOrganisation("district-council").reason("tenancy at risk").build();
    private static final ReferralResolved BEN_ACCEPTED = referralResolved().eventId("it-ben-e2").occurredAt(T0.plusSeconds(7200))
            .service("housing").team("tenancy-support").organisation("district-council").practitioner("it-practitioner-3")
            .referralId("it-ben-r1").outcome(ReferralOutcome.ACCEPTED).build();

    private static final HttpClient HTTP = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5))
            .build();

    @TempDir
    static Path dataDir;
    static StandaloneConfig config;
    static StandaloneSystem system;

    @BeforeAll
    static void start() {
        // CASEJOURNEY_APPS_DIR lets a run use copies of the jars while the apps are being rebuilt.
        StandaloneConfig fromEnv = StandaloneConfig.fromEnvironment(System.getenv(), Path.of("").toAbsolutePath());
        config = StandaloneConfig.isolated(dataDir).withAppsDir(fromEnv.appsDir()).withJavaOptions(fromEnv.javaOptions());
        system = StandaloneSystem.start(config);
    }

    @AfterAll
    static void stop() {
        if (system != null) {
            system.close();
        }
    }

    @Test
    @Order(1)
    void bothAppsReportUp() throws Exception {
        assertUp(system.commandUrl());
        assertUp(system.queryUrl());
    }

    @Test
    @Order(1)
    void theRunningAppsHoldThePublicKeyButNeverThePrivateOne() throws Exception {
        Path proc = Path.of("/proc");
        Assumptions.assumeTrue(Files.isDirectory(proc), "needs /proc to read a process's environment");
        Properties keys = new Properties();
        try (var reader = Files.newBufferedReader(dataDir.resolve(LocalKeys.FILE))) {
            keys.load(reader);
        }
        String privatePart = ECKey.parse(keys.getProperty(LocalKeys.SIGNING_KEY)).getD().toString();
        List<PidFile.Entry> apps = new PidFile(dataDir.resolve("pids")).read();

        assertThat(apps).extracting(PidFile.Entry::name).containsExactlyInAnyOrder("command-side", "query-side");
        for (PidFile.Entry app : apps) {
            String environment = new String(Files.readAllBytes(proc.resolve(app.pid() + "/environ")));
            String commandLine = new String(Files.readAllBytes(proc.resolve(app.pid() + "/cmdline")));
            assertThat(environment).as(app.name()).contains("CASEJOURNEY_SECURITY_JWT_JWKSET=").doesNotContain(privatePart)
                    .doesNotContain("CASEJOURNEY_SECURITY_JWT_SHAREDSECRET=");
            assertThat(commandLine).as(app.name()).doesNotContain(privatePart);
        }
    }

    @Test
    void theSystemIsLockedDown() throws Exception {
        assertThat(listeningAddresses(system.commandUrl().getPort())).containsExactly("127.0.0.1");
        assertThat(listeningAddresses(system.queryUrl().getPort())).containsExactly("127.0.0.1");
        for (Path ownersOnly : List.of(dataDir, dataDir.resolve("postgres"), dataDir.resolve("kafka"))) {
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(ownersOnly))).as(ownersOnly.toString()).isEqualTo("rwx------");
        }
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(dataDir.resolve(LocalKeys.FILE)))).isEqualTo("rw-------");
        StandaloneSystem.Database events = system.eventStore();
        assertThat(events.user()).isEqualTo(EmbeddedDatabases.COMMAND);
        assertThatThrownBy(() -> DriverManager.getConnection(events.url(), events.user(), "").close()).isInstanceOf(SQLException.class);
        assertThatThrownBy(() -> DriverManager.getConnection(events.url(), "postgres", "postgres").close())
                .hasMessageContaining("password authentication failed");
    }

    /** The local addresses listening on {@code port}, as Linux lists its TCP sockets. */
    private static List<String> listeningAddresses(int port) throws IOException {
        Assumptions.assumeTrue(Files.exists(Path.of("/proc/net/tcp")), "Linux only");
        List<String> addresses = new ArrayList<>();
        for (String table : List.of("/proc/net/tcp", "/proc/net/tcp6")) {
            if (!Files.exists(Path.of(table))) {
                continue;
            }
            // read the table once: other processes open and close sockets between two reads
            List<String> lines = Files.readAllLines(Path.of(table));
            for (String line : lines.subList(1, lines.size())) {
                String[] fields = line.trim().split("\\s+");
                String[] local = fields[1].split(":");
                if (fields[3].equals("0A") && Integer.parseInt(local[1], 16) == port) {
                    // Java listens on IPv6 sockets: 127.0.0.1 shows as ::ffff:127.0.0.1
                    addresses.add(local[0].length() == 8 ? ipv4(local[0])
                            : local[0].startsWith("0000000000000000FFFF0000") ? ipv4(local[0].substring(24)) : local[0]);
                }
            }
        }
        return addresses;
    }

    private static String ipv4(String littleEndianHex) {
        long value = Long.parseLong(littleEndianHex, 16);
        return (value & 0xff) + "." + ((value >> 8) & 0xff) + "." + ((value >> 16) & 0xff) + "." + ((value >> 24) & 0xff);
    }

    @Test
    @Order(2)
    void eventsPostedOneByOneAndInABatchReachTheJourneyView() throws Exception {
        assertThat(postOne(ANNA, ANNA_CHASES).statusCode()).isEqualTo(201);
        assertThat(postOne(ANNA, ANNA_CHASES).statusCode()).as("a retry").isEqualTo(200);

        HttpResponse<String> batch = postBatch(List.of(Map.entry(BEN, BEN_ASKS), Map.entry(BEN, BEN_REFERRED),
                Map.entry(BEN, BEN_ACCEPTED), Map.entry(ANNA, ANNA_SUPPORTED)));
        assertThat(batch.statusCode()).isEqualTo(200);
        JsonNode results = json(batch).path("results");
        assertThat(results).hasSize(4);
        results.forEach(result -> assertThat(result.path("status").asInt()).as(result.toString()).isEqualTo(201));

        JsonNode anna = awaitJourney(ANNA, 2);
        assertThat(anna.path("contacts").path("total").asInt()).isEqualTo(1);
        assertThat(anna.path("contacts").path("failure").asInt()).isEqualTo(1);
        assertThat(anna.path("contacts").path("failureByCategory").path(FailureCategories.PROGRESS_CHASING).asInt()).isEqualTo(1);
        JsonNode ben = awaitJourney(BEN, 3);
        assertThat(ben.path("contacts").path("value").asInt()).isEqualTo(1);
        assertThat(ben.path("referrals").path("made").asInt()).isEqualTo(1);
        assertThat(ben.path("referrals").path("accepted").asInt()).isEqualTo(1);
    }

    @Test
    @Order(4)
    void everyAcknowledgedEventSurvivesARestartOnTheSameDataDirectory() throws Exception {
        system.close();
        system = StandaloneSystem.start(config);

        assertUp(system.commandUrl());
        assertUp(system.queryUrl());
        assertThat(replay(ANNA)).containsExactly(Map.entry(0L, ANNA_CHASES.eventId()), Map.entry(1L, ANNA_SUPPORTED.eventId()));
        assertThat(replay(BEN)).containsExactly(Map.entry(0L, BEN_ASKS.eventId()), Map.entry(1L, BEN_REFERRED.eventId()),
                Map.entry(2L, BEN_ACCEPTED.eventId()));
        assertThat(awaitJourney(ANNA, 2).path("eventsRecorded").asInt()).isEqualTo(2);
        assertThat(awaitJourney(BEN, 3).path("eventsRecorded").asInt()).isEqualTo(3);
        assertThat(postOne(ANNA, ANNA_CHASES).statusCode()).as("a retry after the restart").isEqualTo(200);
    }

    /** One fold, two callers: the query side's live view and the command side's journey as of now agree. */
    @Test
    @Order(3)
    void theQuerySidesJourneyEqualsTheCommandSidesJourneyForTheSameEvents() throws Exception {
        String cara = "it-cara";
        ContactRecorded asks = contactRecorded().eventId("it-cara-e0").occurredAt(T0).service("adult-social-care")
                .team("front-door").organisation("county-council").practitioner("it-practitioner-4").channel(Channel.HOME_VISIT)
                .demandType(DemandType.VALUE).whatMatters("Help with meals").durationMinutes(40).build();
        CaseClosed closed = caseClosed().eventId("it-cara-e1").occurredAt(T0.plus(3, ChronoUnit.HOURS))
                .service("adult-social-care").team("front-door").organisation("county-council").practitioner("it-practitioner-4")
                .outcome(CaseOutcome.NEEDS_MET).build();
        EventCorrected longer = eventCorrected("it-cara-e0").eventId("it-cara-e2").occurredAt(T0.plus(4, ChronoUnit.HOURS))
                .practitioner("it-practitioner-5").changes(Map.of("durationMinutes", 55)).reason("visit ran long").build();
        for (PersonEvent event : List.of(asks, closed, longer)) {
            assertThat(postOne(cara, event).statusCode()).isEqualTo(201);
        }

        ObjectNode live = (ObjectNode) awaitJourney(cara, 3);
        ObjectNode asOf = (ObjectNode) json(get(URI.create(system.commandUrl() + "/api/v1/persons/" + cara + "/journey")));

        // a closed journey depends on "now" only through the asOf field itself; analysts know the person by
        // pseudonym and never see the free text, auditors see both
        assertThat(live.path("personId").asText()).isEqualTo(system.keys().pseudonyms().of(cara));
        assertThat(live.toString()).doesNotContain("Help with meals", "visit ran long");
        assertThat(asOf.toString()).contains("Help with meals", "visit ran long");
        org.casejourney.events.journey.SenderIdsInJourneys.pseudonymise(asOf, system.keys().pseudonyms());
        for (ObjectNode journey : List.of(live, asOf)) {
            journey.remove("asOf");
            journey.remove("personId");
            journey.findParents("whatMatters").forEach(n -> ((ObjectNode) n).remove("whatMatters"));
            journey.findParents("reason").forEach(n -> ((ObjectNode) n).remove("reason"));
        }
        assertThat(live).isEqualTo(asOf);
        assertThat(live.path("totalMinutes").asInt()).isEqualTo(55);
        assertThat(live.path("faceToFaceShare").asDouble()).isEqualTo(1.0);
    }

    private static void assertUp(URI app) throws Exception {
        HttpResponse<String> health = get(URI.create(app + "/actuator/health"));
        assertThat(health.statusCode()).as(health.body()).isEqualTo(200);
        assertThat(json(health).path("status").asText()).isEqualTo("UP");
    }

    private static HttpResponse<String> postOne(String personId, PersonEvent event) throws Exception {
        return post(URI.create(system.commandUrl() + "/api/v1/persons/" + personId + "/events"), EventJson.write(event));
    }

    private static HttpResponse<String> postBatch(List<Map.Entry<String, PersonEvent>> items) throws Exception {
        ObjectNode body = EventJson.mapper().createObjectNode();
        ArrayNode events = body.putArray("events");
        for (Map.Entry<String, PersonEvent> item : items) {
            ObjectNode node = events.addObject();
            node.put("personId", item.getKey());
            node.setAll((ObjectNode) EventJson.mapper().valueToTree(item.getValue()));
        }
        return post(URI.create(system.commandUrl() + "/api/v1/events/batch"), EventJson.mapper().writeValueAsString(body));
    }

    /** The auditors' replay of a stream as (sequence, eventId) pairs, in order. */
    private static List<Map.Entry<Long, String>> replay(String personId) throws Exception {
        HttpResponse<String> response = get(URI.create(system.commandUrl() + "/api/v1/persons/" + personId + "/events"));
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        List<Map.Entry<Long, String>> stream = new ArrayList<>();
        for (JsonNode item : json(response).path("events")) {
            String eventId = item.path("event").path("eventId").asText(item.path("eventId").asText());
            stream.add(Map.entry(item.path("sequence").asLong(), eventId));
        }
        return stream;
    }

    /** Polls the query side until the person's journey counts {@code events} events: the path through Kafka. */
    private static JsonNode awaitJourney(String personId, int events) throws Exception {
        URI journey = URI.create(system.queryUrl() + "/api/v1/journeys/" + system.keys().pseudonyms().of(personId));
        long deadline = System.nanoTime() + VISIBLE_WITHIN.toNanos();
        String last = "never answered";
        while (System.nanoTime() < deadline) {
            HttpResponse<String> response = get(journey);
            last = response.statusCode() + " " + response.body();
            if (response.statusCode() == 200 && json(response).path("eventsRecorded").asInt() >= events) {
                return json(response);
            }
            Thread.sleep(200);
        }
        throw new AssertionError("journey of " + personId + " did not show " + events + " events within "
                + VISIBLE_WITHIN.toSeconds() + " s; last answer: " + last);
    }

    private static HttpResponse<String> get(URI uri) throws IOException, InterruptedException {
        // an analyst and auditor at once, stating why, with a token of the system's own local issuer
        String token = system.keys().token("it-reader", List.of(Role.ANALYST, Role.AUDITOR), Duration.ofHours(1));
        return HTTP.send(HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(30)).header("Authorization", "Bearer " + token)
                .header("X-Purpose", "integration test").GET().build(), HttpResponse.BodyHandlers.ofString());
    }

    private static HttpResponse<String> post(URI uri, String json) throws IOException, InterruptedException {
        return HTTP.send(HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(30))
                .header("Content-Type", "application/json").header("Authorization", system.keys().access().recorder())
                .POST(HttpRequest.BodyPublishers.ofString(json)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private static JsonNode json(HttpResponse<String> response) throws IOException {
        return EventJson.mapper().readTree(response.body());
    }
}
