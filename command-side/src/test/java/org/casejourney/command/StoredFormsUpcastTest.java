package org.casejourney.command;

import com.fasterxml.jackson.databind.JsonNode;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.axonframework.common.caching.Cache;
import org.casejourney.command.person.PersonStream;
import org.casejourney.command.person.StreamHash;
import org.casejourney.command.platform.StoredFormFixtures;
import org.casejourney.events.HandoffMade;
import org.casejourney.events.RecordedEvent;
import org.casejourney.events.ReferralMade;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Rows as older forms of ReferralMade (a renamed field) and HandoffMade (a split field) stored them, kept in
 * src/test/resources/stored-forms, put into the real event store and read back through Axon: by the aggregate
 * (prefetched, cached and from a snapshot), the auditors' replay, the chain check and the publisher.
 */
class StoredFormsUpcastTest extends ApiTestSupport {

    private static final String REFERRALS = "stored-0.9-referrals";
    private static final String HANDOFFS = "stored-0.9-handoffs";
    private static final AtomicBoolean stored = new AtomicBoolean();

    @Autowired
    PersonStream stream;

    @Autowired
    @Qualifier("personCache")
    Cache personCache;

    @BeforeEach
    void storeTheFixtureRowsOnce() {
        if (!stored.compareAndSet(false, true)) {
            return;
        }
        for (String fixture : List.of(StoredFormFixtures.REFERRAL_RENAMED, StoredFormFixtures.HANDOFF_SPLIT)) {
            for (StoredFormFixtures.Row row : StoredFormFixtures.rows(fixture)) {
                jdbc.update("insert into domain_event_entry (event_identifier, meta_data, payload, payload_revision, payload_type, "
                                + "time_stamp, aggregate_identifier, sequence_number, type) values (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                        row.eventIdentifier(), row.metaData().getBytes(StandardCharsets.UTF_8), row.payload().getBytes(StandardCharsets.UTF_8),
                        row.payloadRevision(), row.payloadType(), row.timeStamp(), row.aggregateIdentifier(), row.sequenceNumber(), row.type());
            }
        }
    }

    @Test
    void theReplayShowsEachOlderFormInTodaysFormAndNamesTheVersionItWasRecordedIn() throws Exception {
        JsonNode handoffs = json.readTree(get("/api/v1/persons/" + HANDOFFS + "/events").body()).get("events");
        // the second read is served from the streams kept between requests
        JsonNode referrals = json.readTree(get("/api/v1/persons/" + REFERRALS + "/events").body()).get("events");
        JsonNode referralsAgain = json.readTree(get("/api/v1/persons/" + REFERRALS + "/events").body()).get("events");
        JsonNode secondPage = json.readTree(get("/api/v1/persons/" + REFERRALS + "/events?fromSequence=1&limit=1").body()).get("events");

        assertThat(handoffs.get(0).get("recordedVersion").asText()).isEqualTo("0.9");
        assertThat(handoffs.get(0).get("event").get("toOrganisation").asText()).isEqualTo("county-council");
        assertThat(handoffs.get(0).get("event").get("toTeam").asText()).isEqualTo("reablement-north");
        assertThat(handoffs.get(0).get("event").has("to")).isFalse();
        assertThat(handoffs.get(1).get("recordedVersion").asText()).isEqualTo("0.9");
        assertThat(handoffs.get(1).get("event").get("toTeam").asText()).isEqualTo("hospital-discharge");
        assertThat(handoffs.get(1).get("event").has("toOrganisation")).isFalse();
        for (JsonNode events : List.of(referrals, referralsAgain)) {
            assertThat(events.get(0).get("recordedVersion").asText()).isEqualTo("0.9");
            assertThat(events.get(0).get("event").get("referralId").asText()).isEqualTo("ref-draft-1");
            assertThat(events.get(0).get("event").has("referral")).isFalse();
            assertThat(events.get(1).get("event").get("type").asText()).isEqualTo("ReferralResolved");
            assertThat(events.get(1).has("recordedVersion")).as("stored in today's form").isFalse();
        }
        assertThat(secondPage).hasSize(1);
        assertThat(secondPage.get(0).has("recordedVersion")).isFalse();
        assertThat(get("/v3/api-docs").body()).as("the API description names it").contains("\"recordedVersion\"");
    }

    @Test
    void theChainVerifiesOverTheRowsAsStoredThoughTheyReadAsTodaysForm() throws Exception {
        List<StoredFormFixtures.Row> rows = StoredFormFixtures.rows(StoredFormFixtures.HANDOFF_SPLIT);
        String storedHeadHash = json.readTree(rows.get(rows.size() - 1).metaData()).get("hash").asText();

        JsonNode handoffs = json.readTree(get("/api/v1/persons/" + HANDOFFS + "/verify").body());
        JsonNode referrals = json.readTree(get("/api/v1/persons/" + REFERRALS + "/verify").body());

        assertThat(handoffs.get("status").asText()).as(handoffs.toString()).isEqualTo("intact");
        assertThat(handoffs.get("events").asLong()).isEqualTo(2);
        assertThat(handoffs.get("headHash").asText()).isEqualTo(storedHeadHash);
        assertThat(referrals.get("status").asText()).as(referrals.toString()).isEqualTo("intact");
        // what a chain taken over the upcast form would have checked, and found broken
        RecordedEvent upcast = stream.readAll(HANDOFFS, null).get(0);
        assertThat(StreamHash.of(StreamHash.GENESIS, upcast)).isNotEqualTo(json.readTree(rows.get(0).metaData()).get("hash").asText());
    }

    @Test
    void theAggregateKnowsTheRenamedReferralIdWhetherLoadedFromTheStoreTheCacheOrASnapshot() throws Exception {
        Instant at = Instant.parse("2025-10-05T09:00:00Z");
        assertThat(post("/api/v1/persons/" + REFERRALS + "/events", referral("again-" + UUID.randomUUID(), at, "ref-draft-1")).statusCode())
                .as("the stream's first load, read ahead for the group").isEqualTo(422);
        var resolved = post("/api/v1/persons/" + REFERRALS + "/events", Map.of("type", "ReferralResolved", "eventId", "resolve-" + UUID.randomUUID(),
                "occurredAt", at.toString(), "service", "adult-social-care", "referralId", "ref-draft-1", "outcome", "WITHDRAWN"));
        assertThat(resolved.statusCode()).as(resolved.body()).isEqualTo(201);
        for (int i = 0; i < 6; i++) {
            assertThat(post("/api/v1/persons/" + REFERRALS + "/events", contact("c" + i + "-" + UUID.randomUUID(), at.plusSeconds(i))).statusCode())
                    .isEqualTo(201);
        }
        assertThat(jdbc.queryForObject("select count(*) from snapshot_event_entry where aggregate_identifier = ?", Long.class, REFERRALS))
                .as("snapshot threshold 5 in these tests").isPositive();
        personCache.removeAll();

        var fromSnapshot = post("/api/v1/persons/" + REFERRALS + "/events", referral("again-" + UUID.randomUUID(), at, "ref-draft-1"));
        var newReferral = post("/api/v1/persons/" + REFERRALS + "/events", referral("new-" + UUID.randomUUID(), at, "ref-" + UUID.randomUUID()));

        assertThat(fromSnapshot.statusCode()).as(fromSnapshot.body()).isEqualTo(422);
        assertThat(errorFields(fromSnapshot)).containsExactly("referralId");
        assertThat(newReferral.statusCode()).as(newReferral.body()).isEqualTo(201);
        JsonNode verified = json.readTree(get("/api/v1/persons/" + REFERRALS + "/verify").body());
        assertThat(verified.get("status").asText()).as("new events chain on from the stored ones").isEqualTo("intact");
        assertThat(verified.get("events").asLong()).isEqualTo(10);
    }

    @Test
    void thePublisherSendsOlderFormsInTodaysFormWithTodaysSchemaVersion() throws Exception {
        Map<String, ConsumerRecord<String, String>> first = new HashMap<>();
        try (var consumer = consumerFromStart(TOPIC, new StringDeserializer())) {
            long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            while (first.size() < 4 && System.nanoTime() < deadline) {
                consumer.poll(Duration.ofMillis(500)).forEach(r -> {
                    String sequence = header(r, "sequence");
                    if ((HANDOFFS.equals(r.key()) || REFERRALS.equals(r.key())) && Long.parseLong(sequence) < 2) {
                        first.putIfAbsent(r.key() + "/" + sequence, r);
                    }
                });
            }
        }
        List<StoredFormFixtures.Row> handoffRows = StoredFormFixtures.rows(StoredFormFixtures.HANDOFF_SPLIT);
        List<StoredFormFixtures.Row> referralRows = StoredFormFixtures.rows(StoredFormFixtures.REFERRAL_RENAMED);
        ConsumerRecord<String, String> handoff = first.get(HANDOFFS + "/0");
        ConsumerRecord<String, String> referral = first.get(REFERRALS + "/0");
        ConsumerRecord<String, String> resolution = first.get(REFERRALS + "/1");

        assertThat(first).hasSize(4);
        HandoffMade published = (HandoffMade) json.readValue(handoff.value(), RecordedEvent.class).event();
        assertThat(published.toOrganisation()).isEqualTo("county-council");
        assertThat(published.toTeam()).isEqualTo("reablement-north");
        assertThat(handoff.value()).doesNotContain("\"to\"");
        assertThat(header(handoff, "ce_dataschema")).isEqualTo("urn:casejourney:schema:HandoffMade:1.0");
        assertThat(header(handoff, "recordedVersion")).isEqualTo("0.9");
        assertThat(header(handoff, "hash")).isEqualTo(json.readTree(handoffRows.get(0).metaData()).get("hash").asText());
        assertThat(((ReferralMade) json.readValue(referral.value(), RecordedEvent.class).event()).referralId()).isEqualTo("ref-draft-1");
        assertThat(header(referral, "ce_dataschema")).isEqualTo("urn:casejourney:schema:ReferralMade:1.0");
        assertThat(resolution.headers().lastHeader("recordedVersion")).as("stored in today's form").isNull();
        assertThat(resolution.value()).as("spliced as stored").contains("\"event\":" + referralRows.get(1).payload());
    }

    private static Map<String, Object> referral(String eventId, Instant at, String referralId) {
        return Map.of("type", "ReferralMade", "eventId", eventId, "occurredAt", at.toString(), "service", "adult-social-care",
                "referralId", referralId, "toTeam", "reablement-north");
    }

    private static String header(ConsumerRecord<String, String> record, String name) {
        var header = record.headers().lastHeader(name);
        return header == null ? null : new String(header.value(), StandardCharsets.UTF_8);
    }
}
