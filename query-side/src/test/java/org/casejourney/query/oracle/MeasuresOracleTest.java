package org.casejourney.query.oracle;

import com.fasterxml.jackson.databind.JsonNode;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.casejourney.events.EventJson;
import org.casejourney.events.RecordedEvent;
import org.casejourney.infrastructure.TestInfrastructure;
import org.casejourney.infrastructure.TestTokens;
import org.casejourney.query.RealInfrastructure;
import org.casejourney.query.TestPseudonyms;
import org.casejourney.security.Role;
import org.junit.jupiter.api.BeforeAll;
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
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Predicate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/**
 * The measures of every endpoint and analytics view against {@link NaiveMeasures}, an independent computation from
 * the definitions, on {@link GeneratedPeople}: 1,500 seeded people through the real topic, projection and API. The
 * topic also carries a tenth of the records twice (redelivery), which must change nothing.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class MeasuresOracleTest {

    private static final String DATABASE = TestInfrastructure.get().newDatabase("query_oracle");
    private static final String TOPIC = "casejourney.oracle-test";
    private static final Instant NOW = Instant.now().truncatedTo(ChronoUnit.MINUTES);
    private static final Map<String, List<RecordedEvent>> PEOPLE = GeneratedPeople.generate(1_500, NOW, 20261204L);
    private static final int WINDOW = 90;
    private static final double DAYS = 3e-5; // under three seconds: the answers' as-of and the oracle's differ by the request's time

    private final HttpClient http = HttpClient.newHttpClient();
    private static boolean projected;

    @LocalServerPort
    int port;
    @Autowired
    JdbcTemplate jdbc;

    @DynamicPropertySource
    static void infrastructure(DynamicPropertyRegistry registry) {
        RealInfrastructure.register(registry, DATABASE, TOPIC);
        registry.add("casejourney.consumer.group-id", () -> "casejourney-oracle-test");
        registry.add("casejourney.analytics.min-cohort-size", () -> "1");
        registry.add("casejourney.api.rate-limit.requests", () -> "0");
    }

    @BeforeAll
    static void generatedDataIsVaried() {
        List<NaiveMeasures.Person> people = oracle(NOW, p -> true);
        assertThat(people.stream().filter(p -> p.withStatus("PENDING") > 0).count()).as("pending returns").isGreaterThan(20);
        assertThat(people.stream().filter(p -> p.withStatus("RETURNED") > 0).count()).as("returns").isGreaterThan(50);
        assertThat(people.stream().filter(p -> p.withStatus("NOT_RETURNED") > 0).count()).as("no returns").isGreaterThan(50);
        assertThat(people.stream().filter(NaiveMeasures.Person::open).count()).as("open journeys").isGreaterThan(50);
        assertThat(PEOPLE.values().stream().flatMap(List::stream).filter(r -> r.event().type().equals("EventCorrected")).count())
                .as("corrections").isGreaterThan(300);
    }

    @Test
    void everyJourneyViewMatchesTheOracle() throws Exception {
        awaitProjected();
        int compared = 0;
        for (String personId : new TreeMap<>(PEOPLE).keySet()) {
            if (compared++ % 5 != 0) {
                continue; // a fifth of the people, through HTTP
            }
            JsonNode journey = getJson("/api/v1/journeys/" + TestPseudonyms.of(personId));
            NaiveMeasures.Person expected = NaiveMeasures.of(personId, PEOPLE.get(personId), Instant.parse(journey.path("asOf").asText()), WINDOW);
            String text = journey.toString();
            String as = personId + ": " + (text.length() > 3_000 ? text.substring(0, 3_000) + "..." : text);
            assertThat(journey.path("contacts").path("total").asInt()).as(as).isEqualTo(expected.contacts());
            assertThat(journey.path("contacts").path("failure").asInt()).as(as).isEqualTo(expected.failure());
            assertThat(EventJson.mapper().convertValue(journey.path("contacts").path("failureByCategory"), Map.class)).as(as)
                    .isEqualTo(expected.byCategory());
            assertThat(journey.path("referrals").path("made").asInt()).as(as).isEqualTo(expected.referralsMade());
            assertThat(journey.path("referrals").path("accepted").asInt()).as(as).isEqualTo(expected.referralsAccepted());
            assertThat(journey.path("referrals").path("open").asInt()).as(as).isEqualTo(expected.referralsOpen());
            assertThat(journey.path("assessments").asInt()).as(as).isEqualTo(expected.assessments());
            assertThat(journey.path("handoffs").asInt()).as(as).isEqualTo(expected.handoffs());
            assertThat(journey.path("supportDelivered").asInt()).as(as).isEqualTo(expected.support());
            assertThat(journey.path("involved").path("people").asInt()).as(as).isEqualTo(expected.people());
            assertThat(journey.path("involved").path("teams").asInt()).as(as).isEqualTo(expected.teams());
            assertThat(journey.path("involved").path("organisations").asInt()).as(as).isEqualTo(expected.organisations());
            assertThat(journey.path("totalMinutes").asLong()).as(as).isEqualTo(expected.minutes());
            assertThat(journey.path("faceToFaceMinutes").asLong()).as(as).isEqualTo(expected.faceToFaceMinutes());
            assertThat(instant(journey.path("firstContact"))).as(as).isEqualTo(expected.firstContact());
            assertThat(instant(journey.path("lastActivity"))).as(as).isEqualTo(expected.lastActivity());
            assertThat(journey.path("open").asBoolean()).as(as).isEqualTo(expected.open());
            if (expected.endToEndDays() != null) {
                assertThat(journey.path("endToEndDays").asDouble()).as(as).isCloseTo(expected.endToEndDays(), within(DAYS));
            }
            assertThat(journey.path("returns").path("returned").asLong()).as(as).isEqualTo(expected.withStatus("RETURNED"));
            assertThat(journey.path("returns").path("notReturned").asLong()).as(as).isEqualTo(expected.withStatus("NOT_RETURNED"));
            assertThat(journey.path("returns").path("pending").asLong()).as(as).isEqualTo(expected.withStatus("PENDING"));
            JsonNode episodes = journey.path("episodes");
            assertThat(episodes).as(as).hasSize(expected.episodes().size());
            for (NaiveMeasures.Episode e : expected.episodes()) {
                JsonNode episode = episodes.get(e.number() - 1);
                assertThat(instant(episode.path("openedAt"))).as(as).isEqualTo(e.opened());
                assertThat(instant(episode.path("closedAt"))).as(as).isEqualTo(e.closed());
                assertThat(episode.path("contacts").asInt()).as(as).isEqualTo(e.contacts());
                assertThat(episode.path("failureContacts").asInt()).as(as).isEqualTo(e.failureContacts());
                assertThat(instant(episode.path("nextContactAt"))).as(as).isEqualTo(e.nextContact());
                assertThat(episode.path("returnStatus").isMissingNode() ? null : episode.path("returnStatus").asText()).as(as)
                        .isEqualTo(e.returnStatus());
                assertThat(episode.path("endToEndDays").asDouble()).as(as).isCloseTo(e.endToEndDays(), within(DAYS));
            }
            for (JsonNode entry : journey.path("timeline")) {
                // each counted event in the episode the oracle puts it in (the ids are pseudonyms here: matched by sequence)
                NaiveMeasures.Fields event = expected.counted().stream().filter(f -> f.sequence == entry.path("sequence").asLong())
                        .findFirst().orElse(null);
                Integer episode = entry.path("episode").isMissingNode() ? null : entry.path("episode").asInt();
                assertThat(episode).as(as + " sequence " + entry.path("sequence")).isEqualTo(event == null ? null : expected.episodeOf().get(event.id));
            }
        }
    }

    @Test
    void theAnalyticsViewsMatchTheOracle() {
        awaitProjected();
        Instant now = jdbc.queryForObject("select now()", Timestamp.class).toInstant();
        Map<String, NaiveMeasures.Person> expected = new HashMap<>();
        oracle(now, p -> true).forEach(p -> expected.put(TestPseudonyms.of(p.personId()), p));
        // one statement each, so now() is the instant the oracle was asked at
        jdbc.query("select pseudonym, contacts, failure_contacts, referrals_made, open_referrals, assessments, handoffs, support_delivered,"
                + " people_involved, total_minutes, face_to_face_minutes, episodes, closed_episodes, returned_episodes,"
                + " not_returned_episodes, pending_episodes, open, end_to_end_days, now() from analytics.journeys", rs -> {
            NaiveMeasures.Person p = expected.get(rs.getString(1));
            String as = p.personId();
            Instant asked = rs.getTimestamp(19).toInstant();
            NaiveMeasures.Person at = asked.equals(now) ? p : NaiveMeasures.of(p.personId(), PEOPLE.get(p.personId()), asked, WINDOW);
            assertThat(new long[]{rs.getInt(2), rs.getInt(3), rs.getInt(4), rs.getInt(5), rs.getInt(6), rs.getInt(7), rs.getInt(8), rs.getInt(9),
                    rs.getLong(10), rs.getLong(11), rs.getInt(12), rs.getInt(13), rs.getInt(14), rs.getInt(15), rs.getInt(16)}).as(as)
                    .containsExactly(at.contacts(), at.failure(), at.referralsMade(), at.referralsOpen(), at.assessments(), at.handoffs(),
                            at.support(), at.people(), at.minutes(), at.faceToFaceMinutes(), at.episodes().size(), at.closed(),
                            at.withStatus("RETURNED"), at.withStatus("NOT_RETURNED"), at.withStatus("PENDING"));
            assertThat(rs.getBoolean(17)).as(as).isEqualTo(at.open());
            if (at.endToEndDays() != null) {
                assertThat(rs.getDouble(18)).as(as).isCloseTo(at.endToEndDays(), within(DAYS));
            }
        });
        assertThat(jdbc.queryForObject("select count(*) from analytics.journeys", Integer.class)).isEqualTo(PEOPLE.size());
        Map<String, List<String>> episodes = new HashMap<>();
        jdbc.query("select pseudonym, concat_ws(' ', episode_number, extract(epoch from opened_at)::bigint, extract(epoch from closed_at)::bigint,"
                + " contacts, failure_contacts, extract(epoch from next_contact_at)::bigint, return_status,"
                + " round(end_to_end_days::numeric, 6)) from analytics.episodes order by 1, episode_number",
                rs -> {
                    episodes.computeIfAbsent(rs.getString(1), k -> new ArrayList<>()).add(rs.getString(2));
                });
        expected.forEach((pseudonym, p) -> assertThat(episodes.getOrDefault(pseudonym, List.of())).as(p.personId())
                .containsExactlyElementsOf(p.episodes().stream().map(e -> String.join(" ", List.of(String.valueOf(e.number()),
                        sql(e.opened()), e.closed() == null ? "" : sql(e.closed()), String.valueOf(e.contacts()),
                        String.valueOf(e.failureContacts()), e.nextContact() == null ? "" : sql(e.nextContact()),
                        e.returnStatus() == null ? "" : e.returnStatus(),
                        e.closed() == null ? "" : String.format("%.6f", e.endToEndDays()))).replaceAll(" +", " ").trim()).toList()));
        Map<String, Integer> contactsInEpisodes = new HashMap<>();
        jdbc.query("select pseudonym, coalesce(episode_number, 0), count(*)::int from analytics.contacts group by 1, 2",
                rs -> {
                    contactsInEpisodes.put(rs.getString(1) + "#" + rs.getInt(2), rs.getInt(3));
                });
        Map<String, Integer> expectedContacts = new HashMap<>();
        expected.forEach((pseudonym, p) -> p.counted().stream().filter(f -> f.kind.equals("ContactRecorded"))
                .forEach(f -> expectedContacts.merge(pseudonym + "#" + p.episodeOf().getOrDefault(f.id, 0), 1, Integer::sum)));
        assertThat(contactsInEpisodes).isEqualTo(expectedContacts);
    }

    @Test
    void failureDemandPerServiceAndMonthMatchesTheOracle() throws Exception {
        awaitProjected();
        LocalDate from = LocalDate.ofInstant(NOW, ZoneOffset.UTC).minusDays(600).withDayOfMonth(1);
        JsonNode answer = getJson("/api/v1/failure-demand?from=" + from + "&to=" + LocalDate.ofInstant(NOW, ZoneOffset.UTC)
                + "&bucket=month&groupBy=service");
        Map<String, int[]> expected = new TreeMap<>();
        Map<String, Integer> categories = new TreeMap<>();
        for (NaiveMeasures.Person p : oracle(NOW, x -> true)) {
            for (NaiveMeasures.Fields f : p.counted()) {
                if (f.kind.equals("ContactRecorded")) {
                    String key = f.service + " " + LocalDate.ofInstant(f.at, ZoneOffset.UTC).withDayOfMonth(1);
                    int[] counts = expected.computeIfAbsent(key, k -> new int[2]);
                    counts[0]++;
                    if ("FAILURE".equals(f.demand)) {
                        counts[1]++;
                        categories.merge(key + " " + (f.category == null ? "OTHER" : f.category), 1, Integer::sum);
                    }
                }
            }
        }
        Map<String, int[]> answered = new TreeMap<>();
        Map<String, Integer> answeredCategories = new TreeMap<>();
        for (JsonNode group : answer.path("groups")) {
            for (JsonNode point : group.path("series")) {
                String key = group.path("group").asText() + " " + point.path("start").asText();
                if (point.path("contacts").asInt() > 0) {
                    answered.put(key, new int[]{point.path("contacts").asInt(), point.path("failureContacts").asInt()});
                }
                point.path("byCategory").fields().forEachRemaining(c -> {
                    if (c.getValue().asInt() > 0) {
                        answeredCategories.put(key + " " + c.getKey(), c.getValue().asInt());
                    }
                });
            }
        }
        assertThat(answered).usingRecursiveComparison().isEqualTo(expected);
        assertThat(answeredCategories).isEqualTo(categories);
    }

    @Test
    void endToEndPerServiceAndMonthOfClosureMatchesTheOracle() throws Exception {
        awaitProjected();
        LocalDate from = LocalDate.ofInstant(NOW, ZoneOffset.UTC).minusDays(600).withDayOfMonth(1);
        JsonNode answer = getJson("/api/v1/end-to-end?from=" + from + "&bucket=month&groupBy=service");
        Instant asOf = Instant.parse(answer.path("asOf").asText());
        Map<String, List<Double>> closed = new TreeMap<>();
        Map<String, List<Double>> open = new TreeMap<>();
        for (NaiveMeasures.Person p : oracle(asOf, x -> true)) {
            for (NaiveMeasures.Episode e : p.episodes()) {
                for (String service : e.services()) {
                    if (e.closed() != null) {
                        closed.computeIfAbsent(service + " " + LocalDate.ofInstant(e.closed(), ZoneOffset.UTC).withDayOfMonth(1),
                                k -> new ArrayList<>()).add(e.endToEndDays());
                    } else {
                        open.computeIfAbsent(service, k -> new ArrayList<>()).add(e.endToEndDays());
                    }
                }
            }
        }
        int buckets = 0;
        for (JsonNode group : answer.path("groups")) {
            String service = group.path("group").asText();
            for (JsonNode point : group.path("series")) {
                List<Double> days = closed.getOrDefault(service + " " + point.path("start").asText(), List.of());
                assertThat(point.path("closedEpisodes").asInt()).as(service + " " + point).isEqualTo(days.size());
                if (!days.isEmpty()) {
                    buckets++;
                    assertThat(point.path("mean").asDouble()).as(service + " " + point)
                            .isCloseTo(days.stream().mapToDouble(Double::doubleValue).average().orElseThrow(), within(1e-9));
                    assertThat(point.path("median").asDouble()).as(service + " " + point).isCloseTo(percentile(days, 0.5), within(1e-9));
                    assertThat(point.path("p85").asDouble()).as(service + " " + point).isCloseTo(percentile(days, 0.85), within(1e-9));
                }
            }
            List<Double> running = open.getOrDefault(service, List.of());
            assertThat(group.path("open").path("episodes").asInt()).as(service).isEqualTo(running.size());
            assertThat(group.path("open").path("medianDaysSoFar").asDouble()).as(service).isCloseTo(percentile(running, 0.5), within(DAYS));
        }
        assertThat(buckets).isGreaterThan(30);
    }

    @Test
    void theHandoffAndReferralNetworksMatchTheOracle() throws Exception {
        awaitProjected();
        LocalDate from = LocalDate.ofInstant(NOW, ZoneOffset.UTC).minusDays(600);
        JsonNode answer = getJson("/api/v1/handoffs?from=" + from + "&to=" + LocalDate.ofInstant(NOW, ZoneOffset.UTC));
        Map<String, Integer> teams = new TreeMap<>();
        Map<String, Integer> organisations = new TreeMap<>();
        Map<String, Integer> referralTeams = new TreeMap<>();
        Map<String, Integer> referralOrganisations = new TreeMap<>();
        for (NaiveMeasures.Person p : oracle(NOW, x -> true)) {
            for (NaiveMeasures.Fields f : p.counted()) {
                if (f.kind.equals("HandoffMade")) {
                    // a missing from is the event's own; a missing to stays where it came from
                    String fromTeam = f.fromTeam != null ? f.fromTeam : f.team;
                    String fromOrganisation = f.fromOrganisation != null ? f.fromOrganisation : f.organisation;
                    edge(teams, fromTeam, f.toTeam != null ? f.toTeam : fromTeam);
                    edge(organisations, fromOrganisation, f.toOrganisation != null ? f.toOrganisation : fromOrganisation);
                } else if (f.kind.equals("ReferralMade")) {
                    edge(referralTeams, f.fromTeam != null ? f.fromTeam : f.team, f.toTeam);
                    edge(referralOrganisations, f.fromOrganisation != null ? f.fromOrganisation : f.organisation, f.toOrganisation);
                }
            }
        }
        assertThat(edges(answer.path("teams").path("handoffs"))).isEqualTo(teams).isNotEmpty();
        assertThat(edges(answer.path("organisations").path("handoffs"))).isEqualTo(organisations).isNotEmpty();
        assertThat(edges(answer.path("teams").path("referrals"))).isEqualTo(referralTeams).isNotEmpty();
        assertThat(edges(answer.path("organisations").path("referrals"))).isEqualTo(referralOrganisations).isNotEmpty();
        // the analysts' views hold a row per counted handoff and referral, each in the episode the oracle puts it in
        Map<String, Integer> rows = new TreeMap<>();
        jdbc.query("select 'HandoffMade', coalesce(episode_number, 0), count(*)::int from analytics.handoffs group by 2"
                + " union all select 'ReferralMade', coalesce(episode_number, 0), count(*)::int from analytics.referrals group by 2",
                rs -> {
                    rows.put(rs.getString(1) + " in " + rs.getInt(2), rs.getInt(3));
                });
        Map<String, Integer> expectedRows = new TreeMap<>();
        oracle(NOW, x -> true).forEach(p -> p.counted().stream().filter(f -> f.kind.equals("HandoffMade") || f.kind.equals("ReferralMade"))
                .forEach(f -> expectedRows.merge(f.kind + " in " + p.episodeOf().getOrDefault(f.id, 0), 1, Integer::sum)));
        assertThat(rows).isEqualTo(expectedRows);
    }

    private static void edge(Map<String, Integer> edges, String from, String to) {
        if (from != null && to != null) {
            edges.merge(from + " -> " + to, 1, Integer::sum);
        }
    }

    private static Map<String, Integer> edges(JsonNode list) {
        Map<String, Integer> edges = new TreeMap<>();
        for (JsonNode edge : list) {
            assertThat(edge.path("suppressed").asBoolean()).isFalse();
            edges.put(edge.path("from").asText() + " -> " + edge.path("to").asText(), edge.path("count").asInt());
        }
        return edges;
    }

    @Test
    void twoCohortsComparedMatchTheOracleWithReturnsCensored() throws Exception {
        awaitProjected();
        for (int window : new int[]{WINDOW, 30}) {
            JsonNode answer = postJson("/api/v1/cohorts/compare",
                    "{\"a\": {\"tag\": \"cohort-a\"}, \"b\": {\"tag\": \"cohort-b\", \"team\": \"front-door\"}, \"returnWindowDays\": " + window + "}");
            Instant asOf = Instant.parse(answer.path("asOf").asText());
            assertCohort(answer.path("a"), cohort(asOf, window, p -> p.allTags().contains("cohort-a")), "a, " + window + " days");
            assertCohort(answer.path("b"), cohort(asOf, window, p -> p.allTags().contains("cohort-b") && p.allTeams().contains("front-door")),
                    "b, " + window + " days");
        }
    }

    @Test
    void aScopedComparisonWithoutTheOverlapMatchesTheOracle() throws Exception {
        awaitProjected();
        JsonNode answer = postJson("/api/v1/cohorts/compare", "{\"a\": {\"team\": \"front-door\", \"scope\": {\"team\": \"front-door\"}},"
                + " \"b\": {\"team\": \"reablement\", \"scope\": {\"team\": \"reablement\"}}, \"excludeOverlap\": true}");
        Instant asOf = Instant.parse(answer.path("asOf").asText());
        List<NaiveMeasures.Person> everyone = oracle(asOf, p -> true);
        long both = everyone.stream().filter(p -> p.allTeams().contains("front-door") && p.allTeams().contains("reablement")).count();

        assertThat(answer.path("overlap").path("people").asLong()).isEqualTo(both).isPositive();
        assertThat(answer.path("a").path("scope").path("team").asText()).isEqualTo("front-door");
        assertScoped(answer.path("a"), everyone.stream().filter(p -> p.allTeams().contains("front-door") && !p.allTeams().contains("reablement"))
                .toList(), "front-door", "a");
        assertScoped(answer.path("b"), everyone.stream().filter(p -> p.allTeams().contains("reablement") && !p.allTeams().contains("front-door"))
                .toList(), "reablement", "b");
    }

    /** The cohort's measures counting only the events of {@code team}, and the episodes holding one. */
    private static void assertScoped(JsonNode measures, List<NaiveMeasures.Person> people, String team, String as) {
        double assessments = 0;
        double hours = 0;
        List<Double> shares = new ArrayList<>();
        long[] returns = new long[3];
        for (NaiveMeasures.Person p : people) {
            List<NaiveMeasures.Fields> inScope = p.counted().stream().filter(f -> team.equals(f.team)).toList();
            assessments += inScope.stream().filter(f -> f.kind.equals("AssessmentCompleted")).count();
            long minutes = inScope.stream().filter(f -> f.minutes != null).mapToLong(f -> f.minutes).sum();
            long faceToFace = inScope.stream().filter(f -> f.minutes != null && f.faceToFace()).mapToLong(f -> f.minutes).sum();
            hours += minutes / 60.0;
            if (minutes > 0) {
                shares.add((double) faceToFace / minutes);
            }
            java.util.Set<Integer> episodes = new java.util.HashSet<>();
            inScope.forEach(f -> {
                if (p.episodeOf().containsKey(f.id)) {
                    episodes.add(p.episodeOf().get(f.id));
                }
            });
            for (NaiveMeasures.Episode e : p.episodes()) {
                if (e.closed() != null && episodes.contains(e.number())) {
                    returns[List.of("RETURNED", "NOT_RETURNED", "PENDING").indexOf(e.returnStatus())]++;
                }
            }
        }
        assertThat(measures.path("people").asInt()).as(as).isEqualTo(people.size());
        assertThat(measures.path("assessments").asDouble()).as(as).isCloseTo(assessments / people.size(), within(1e-9));
        assertThat(measures.path("totalHours").asDouble()).as(as).isCloseTo(hours / people.size(), within(1e-9));
        assertThat(measures.path("faceToFaceShare").asDouble()).as(as)
                .isCloseTo(shares.stream().mapToDouble(Double::doubleValue).average().orElseThrow(), within(1e-9));
        assertThat(new long[]{measures.path("returnedEpisodes").asLong(), measures.path("notReturnedEpisodes").asLong(),
                measures.path("pendingEpisodes").asLong()}).as(as).containsExactly(returns);
    }

    private static List<NaiveMeasures.Person> cohort(Instant asOf, int window, Predicate<NaiveMeasures.Person> member) {
        return PEOPLE.entrySet().stream().map(e -> NaiveMeasures.of(e.getKey(), e.getValue(), asOf, window)).filter(member).toList();
    }

    private static void assertCohort(JsonNode measures, List<NaiveMeasures.Person> people, String as) {
        assertThat(measures.path("people").asInt()).as(as).isEqualTo(people.size());
        assertThat(measures.path("assessments").asDouble()).as(as).isCloseTo(mean(people, NaiveMeasures.Person::assessments), within(1e-9));
        assertThat(measures.path("peopleInvolved").asDouble()).as(as).isCloseTo(mean(people, NaiveMeasures.Person::people), within(1e-9));
        assertThat(measures.path("referrals").asDouble()).as(as).isCloseTo(mean(people, NaiveMeasures.Person::referralsMade), within(1e-9));
        assertThat(measures.path("totalHours").asDouble()).as(as).isCloseTo(mean(people, p -> p.minutes() / 60.0), within(1e-9));
        List<NaiveMeasures.Person> withMinutes = people.stream().filter(p -> p.minutes() > 0).toList();
        assertThat(measures.path("faceToFaceShare").asDouble()).as(as)
                .isCloseTo(mean(withMinutes, p -> (double) p.faceToFaceMinutes() / p.minutes()), within(1e-9));
        long returned = people.stream().mapToLong(p -> p.withStatus("RETURNED")).sum();
        long notReturned = people.stream().mapToLong(p -> p.withStatus("NOT_RETURNED")).sum();
        long pending = people.stream().mapToLong(p -> p.withStatus("PENDING")).sum();
        assertThat(new long[]{measures.path("closedEpisodes").asLong(), measures.path("returnedEpisodes").asLong(),
                measures.path("notReturnedEpisodes").asLong(), measures.path("pendingEpisodes").asLong()}).as(as)
                .containsExactly(people.stream().mapToLong(NaiveMeasures.Person::closed).sum(), returned, notReturned, pending);
        assertThat(measures.path("returnRate").asDouble()).as(as).isCloseTo((double) returned / (returned + notReturned), within(1e-12));
    }

    private static double mean(List<NaiveMeasures.Person> people, java.util.function.ToDoubleFunction<NaiveMeasures.Person> measure) {
        return people.stream().mapToDouble(measure).average().orElseThrow();
    }

    /** As PostgreSQL's percentile_cont: linear between the closest ranks. */
    private static double percentile(List<Double> values, double fraction) {
        List<Double> sorted = values.stream().sorted().toList();
        double rank = fraction * (sorted.size() - 1);
        int low = (int) Math.floor(rank);
        int high = (int) Math.ceil(rank);
        return sorted.get(low) + (rank - low) * (sorted.get(high) - sorted.get(low));
    }

    private static List<NaiveMeasures.Person> oracle(Instant asOf, Predicate<NaiveMeasures.Person> filter) {
        return PEOPLE.entrySet().stream().map(e -> NaiveMeasures.of(e.getKey(), e.getValue(), asOf, WINDOW)).filter(filter).toList();
    }

    private static String sql(Instant instant) {
        return String.valueOf(instant.getEpochSecond());
    }

    private static Instant instant(JsonNode node) {
        return node.isMissingNode() || node.isNull() ? null : Instant.parse(node.asText());
    }

    /** Publishes every stream once (a tenth of the records twice), then waits until the projection holds every event. */
    private synchronized void awaitProjected() {
        if (!projected) {
            List<ProducerRecord<String, String>> records = new ArrayList<>();
            PEOPLE.forEach((personId, stream) -> stream.forEach(recorded -> {
                records.add(new ProducerRecord<>(TOPIC, personId, EventJson.write(recorded)));
                if (recorded.sequence() % 10 == 3) {
                    records.add(new ProducerRecord<>(TOPIC, personId, EventJson.write(recorded)));
                }
            }));
            try (KafkaProducer<String, String> producer = RealInfrastructure.bulkProducer()) {
                RealInfrastructure.publish(producer, records);
            }
            projected = true;
        }
        long events = PEOPLE.values().stream().mapToLong(List::size).sum();
        long deadline = System.nanoTime() + Duration.ofMinutes(3).toNanos();
        while (jdbc.queryForObject("select coalesce(sum(events), 0) from journey", Long.class) != events
                || jdbc.queryForObject("select count(*) from journey_unfolded", Long.class) > 0) {
            assertThat(System.nanoTime()).as("every generated event projected within 3 minutes").isLessThan(deadline);
            try {
                Thread.sleep(250);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            }
        }
    }

    private JsonNode getJson(String path) throws Exception {
        return answer(HttpRequest.newBuilder(URI.create("http://localhost:" + port + path)).GET(), path);
    }

    private JsonNode postJson(String path, String body) throws Exception {
        return answer(HttpRequest.newBuilder(URI.create("http://localhost:" + port + path)).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)), path);
    }

    private JsonNode answer(HttpRequest.Builder request, String path) throws Exception {
        HttpResponse<String> response = http.send(request.header("Authorization", TestTokens.bearer(Role.ANALYST)).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(path + " answered " + response.body()).isEqualTo(200);
        return EventJson.mapper().readTree(response.body());
    }
}
