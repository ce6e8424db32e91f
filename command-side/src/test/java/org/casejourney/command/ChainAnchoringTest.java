package org.casejourney.command;

import com.fasterxml.jackson.databind.JsonNode;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.casejourney.command.person.PersonStream;
import org.casejourney.command.person.StreamHash;
import org.casejourney.command.verification.CheckpointsNow;
import org.casejourney.events.Pseudonyms;
import org.casejourney.events.checkpoints.Checkpoint;
import org.casejourney.events.checkpoints.CheckpointKeys;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.ApplicationContext;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.TreeMap;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Signed checkpoints anchor each stream's head outside the event store, so what the chain alone
 * cannot show is caught: a removed tail, a deleted stream, a chain recomputed after an alteration.
 */
class ChainAnchoringTest extends ApiTestSupport {

    private final Instant t0 = Instant.now().minus(3, ChronoUnit.DAYS).truncatedTo(ChronoUnit.SECONDS);

    CheckpointsNow checkpoints;
    @Autowired
    PersonStream stream;
    @Autowired
    Pseudonyms pseudonyms;

    @Autowired
    void checkpoints(ApplicationContext context) {
        checkpoints = new CheckpointsNow(context);
    }

    @Test
    void aCheckpointAnchorsTheHeadsSignedWithoutPersonIdsInAFileAndOnTheTopic() throws Exception {
        String person = recordFourSupportEvents(t0);
        for (int k = 0; k < 10; k++) {
            recordFourSupportEvents(t0); // enough heads for the checkpoint to take several records of 1,024 bytes
        }

        Checkpoint checkpoint = checkpoints.take().orElseThrow();

        assertThat(checkpoint.heads()).anySatisfy(head -> {
            assertThat(head.stream()).isEqualTo(pseudonyms.of(person));
            assertThat(head.sequence()).isEqualTo(3);
        });
        assertThat(CheckpointKeys.signatureHolds(CHECKPOINT_KEYS.getPublic(), checkpoint)).isTrue();
        String file = java.nio.file.Files.readString(CHECKPOINTS.resolve(String.format("checkpoint-%08d.json", checkpoint.number())));
        assertThat(file).doesNotContain(person);
        assertThat(Checkpoint.fromJson(file)).isEqualTo(checkpoint);
        assertThat(java.nio.file.Files.getPosixFilePermissions(CHECKPOINTS.resolve(String.format("checkpoint-%08d.json", checkpoint.number()))))
                .extracting(Object::toString).containsExactlyInAnyOrder("OWNER_READ", "OWNER_WRITE");
        assertThat(checkpoint.toJson().length()).as("longer than one record").isGreaterThan(1024);
        assertThat(checkpointsOnTheTopic()).as("joined from its records").contains(checkpoint);
        assertThat(checkpoints.take()).as("nothing changed since: no new checkpoint").isEmpty();

        JsonNode verified = json.readTree(get("/api/v1/persons/" + person + "/verify").body());
        assertThat(verified.get("status").asText()).isEqualTo("intact");
        assertThat(verified.at("/anchor/sequence").asLong()).isEqualTo(3);
        assertThat(verified.at("/anchor/checkpoint").asLong()).isEqualTo(checkpoint.number());
    }

    @Test
    void aReadingAfterAGlobalIndexFindsTheHeadsOfExactlyTheStreamsWrittenSinceAsTheFullReadingDoes() throws Exception {
        String before = recordFourSupportEvents(t0);
        String earlier = recordFourSupportEvents(t0);
        long highest = owner().queryForObject("select max(global_index) from domain_event_entry", Long.class);
        String later = recordFourSupportEvents(t0);
        var response = post("/api/v1/persons/" + earlier + "/events", Map.of("type", "SupportDelivered",
                "eventId", "s4-" + earlier, "occurredAt", t0.plusSeconds(4).toString(), "service", "adult-social-care",
                "activity", "personal-care", "durationMinutes", 12, "faceToFace", true));
        assertThat(response.statusCode()).as(response.body()).isEqualTo(201);

        Map<String, Checkpoint.Head> since = checkpoints.heads(OptionalLong.of(highest));
        Map<String, Checkpoint.Head> all = checkpoints.heads(OptionalLong.empty());

        assertThat(since.keySet()).containsExactlyInAnyOrder(pseudonyms.of(earlier), pseudonyms.of(later));
        assertThat(since.get(pseudonyms.of(earlier)).sequence()).isEqualTo(4);
        assertThat(since.get(pseudonyms.of(later)).sequence()).isEqualTo(3);
        assertThat(since.values()).allSatisfy(head -> assertThat(head).isEqualTo(all.get(head.stream())));
        assertThat(since.get(pseudonyms.of(earlier)).hash()).isNotBlank();
        assertThat(all).containsKey(pseudonyms.of(before));
        assertThat(checkpoints.heads(OptionalLong.of(highest), 0)).as("too few streams for reading after the index to pay: all")
                .isEqualTo(checkpoints.heads(OptionalLong.empty()));
    }

    @Test
    void aCheckpointFileAlteredAfterItWasCheckedIsReportedByTheNextVerifyAndNotExtended() throws Exception {
        String person = recordFourSupportEvents(t0);
        Checkpoint checkpoint = checkpoints.take().orElseThrow();
        assertThat(json.readTree(get("/api/v1/persons/" + person + "/verify").body()).get("status").asText()).isEqualTo("intact");
        java.nio.file.Path file = CHECKPOINTS.resolve(String.format("checkpoint-%08d.json", checkpoint.number()));
        String original = java.nio.file.Files.readString(file);
        try {
            // only files written since the last look are read again; a file checked before that changes is noticed too
            java.nio.file.Files.writeString(file, original.replace("\"sequence\":3", "\"sequence\":30"));

            JsonNode result = json.readTree(get("/api/v1/persons/" + person + "/verify").body());
            assertThat(result.get("status").asText()).isEqualTo("broken");
            assertThat(result.get("reason").asText()).contains("the signed checkpoints do not verify")
                    .contains("checkpoint " + checkpoint.number() + " is not signed");
            recordFourSupportEvents(t0);
            assertThat(checkpoints.take()).as("a ledger that does not hold is not extended").isEmpty();
        } finally {
            java.nio.file.Files.writeString(file, original);
        }
        assertThat(json.readTree(get("/api/v1/persons/" + person + "/verify").body()).get("status").asText()).isEqualTo("intact");
    }

    @Test
    void aTailRemovedAfterACheckpointIsReportedThoughTheRestOfTheChainHolds() throws Exception {
        String person = recordFourSupportEvents(t0);
        checkpoints.take().orElseThrow();

        owner().update("delete from snapshot_event_entry where aggregate_identifier = ?", person);
        assertThat(owner().update("delete from domain_event_entry where aggregate_identifier = ? and sequence_number = 3", person)).isEqualTo(1);

        JsonNode result = json.readTree(get("/api/v1/persons/" + person + "/verify").body());
        assertThat(result.get("status").asText()).isEqualTo("broken");
        assertThat(result.get("firstBrokenSequence").asLong()).isEqualTo(3);
        assertThat(result.get("reason").asText()).contains("events were removed");
    }

    @Test
    void aStreamDeletedWholeAfterACheckpointIsReportedNotUnknown() throws Exception {
        String person = recordFourSupportEvents(t0);
        checkpoints.take().orElseThrow();

        owner().update("delete from snapshot_event_entry where aggregate_identifier = ?", person);
        owner().update("delete from domain_event_entry where aggregate_identifier = ?", person);

        var response = get("/api/v1/persons/" + person + "/verify");
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        assertThat(json.readTree(response.body()).get("reason").asText()).contains("events were removed");
    }

    @Test
    void aChainRecomputedConsistentlyAfterAnAlterationIsReported() throws Exception {
        String person = recordFourSupportEvents(t0);
        checkpoints.take().orElseThrow();

        // the attacker alters an event and recomputes every later hash, so the chain alone verifies
        owner().update("update domain_event_entry set payload = convert_to(replace(convert_from(payload, 'UTF8'), "
                + "'\"durationMinutes\":12', '\"durationMinutes\":1'), 'UTF8') where aggregate_identifier = ? and sequence_number = 2", person);
        String previous = StreamHash.GENESIS;
        for (PersonStream.Chained event : stream.readChained(person)) {
            String hash = StreamHash.of(previous, event.event());
            owner().update("update domain_event_entry set meta_data = convert_to(jsonb_set(jsonb_set(convert_from(meta_data, 'UTF8')::jsonb, "
                    + "'{previousHash}', to_jsonb(?::text)), '{hash}', to_jsonb(?::text))::text, 'UTF8') "
                    + "where aggregate_identifier = ? and sequence_number = ?", previous, hash, person, event.sequence());
            previous = hash;
        }
        owner().update("delete from snapshot_event_entry where aggregate_identifier = ?", person);

        JsonNode result = json.readTree(get("/api/v1/persons/" + person + "/verify").body());
        assertThat(result.get("status").asText()).isEqualTo("broken");
        assertThat(result.get("firstBrokenSequence").asLong()).isEqualTo(3);
        assertThat(result.get("reason").asText()).contains("the chain was rewritten");
    }

    /** The checkpoints on the topic, each joined from its records (headers checkpoint, part, parts). */
    private List<Checkpoint> checkpointsOnTheTopic() {
        Map<Long, TreeMap<Integer, String>> parts = new TreeMap<>();
        Map<Long, Integer> counts = new HashMap<>();
        List<Checkpoint> read = new ArrayList<>();
        try (KafkaConsumer<String, String> consumer = consumerFromStart(TOPIC + ".checkpoints", new StringDeserializer())) {
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            boolean quiet = false;
            // until the topic has been read to its end: a poll that brings nothing after some checkpoints
            while (!(quiet && !read.isEmpty()) && System.nanoTime() < deadline) {
                var records = consumer.poll(Duration.ofMillis(500));
                quiet = records.isEmpty();
                records.forEach(r -> {
                    long number = Long.parseLong(header(r, "checkpoint"));
                    parts.computeIfAbsent(number, n -> new TreeMap<>()).put(Integer.parseInt(header(r, "part")), r.value());
                    counts.put(number, Integer.parseInt(header(r, "parts")));
                });
                parts.forEach((number, pieces) -> {
                    if (pieces.size() == counts.get(number) && read.stream().noneMatch(c -> c.number() == number)) {
                        read.add(Checkpoint.fromJson(String.join("", pieces.values())));
                    }
                });
            }
        }
        return read;
    }

    private static String header(ConsumerRecord<String, String> record, String name) {
        return new String(record.headers().lastHeader(name).value(), StandardCharsets.UTF_8);
    }
}
