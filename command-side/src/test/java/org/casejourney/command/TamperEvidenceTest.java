package org.casejourney.command;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/** The verify endpoint finds a stored event altered or removed directly in PostgreSQL (by the owner role: the app's own cannot). */
class TamperEvidenceTest extends ApiTestSupport {

    private final Instant t0 = Instant.now().minus(3, ChronoUnit.DAYS).truncatedTo(ChronoUnit.SECONDS);

    @Test
    void anUntouchedStreamVerifiesIntactWithItsHeadHash() throws Exception {
        String person = recordFourSupportEvents(t0);

        JsonNode result = json.readTree(get("/api/v1/persons/" + person + "/verify").body());

        assertThat(result.get("status").asText()).isEqualTo("intact");
        assertThat(result.get("events").asLong()).isEqualTo(4);
        assertThat(result.get("headHash").asText()).hasSize(64);
    }

    @Test
    void storedMetadataHoldsTheRecordingAndTheChainAndNoInternalMessageIds() throws Exception {
        String person = recordFourSupportEvents(t0);

        List<String> metadata = jdbc.queryForList("select convert_from(meta_data, 'UTF8') from domain_event_entry "
                + "where aggregate_identifier = ? order by sequence_number", String.class, person);

        assertThat(metadata).hasSize(4);
        for (String stored : metadata) {
            List<String> keys = new ArrayList<>();
            json.readTree(stored).fieldNames().forEachRemaining(keys::add);
            // Axon's default would add the internal command's id as traceId and correlationId
            assertThat(keys).containsExactlyInAnyOrder("recordedAt", "recordedBy", "contentHash", "previousHash", "hash");
        }
    }

    @Test
    void aPayloadAlteredInTheDatabaseBreaksTheChainAtThatEvent() throws Exception {
        String person = recordFourSupportEvents(t0);
        int changed = owner().update("update domain_event_entry set payload = convert_to(replace(convert_from(payload, 'UTF8'), "
                + "'\"durationMinutes\":12', '\"durationMinutes\":1'), 'UTF8') where aggregate_identifier = ? and sequence_number = 2", person);

        JsonNode result = json.readTree(get("/api/v1/persons/" + person + "/verify").body());

        assertThat(changed).isEqualTo(1);
        assertThat(result.get("status").asText()).isEqualTo("broken");
        assertThat(result.get("firstBrokenSequence").asLong()).isEqualTo(2);
        assertThat(result.get("reason").asText()).contains("content no longer matches");
    }

    @Test
    void aPayloadRewrittenWithTheSameMeaningBreaksTheChainToo() throws Exception {
        String person = recordFourSupportEvents(t0);
        // the chain covers the stored bytes, not what they parse to
        int changed = owner().update("update domain_event_entry set payload = convert_to(replace(convert_from(payload, 'UTF8'), "
                + "'\"activity\":', '\"activity\": '), 'UTF8') where aggregate_identifier = ? and sequence_number = 1", person);

        JsonNode result = json.readTree(get("/api/v1/persons/" + person + "/verify").body());
        JsonNode replayed = json.readTree(get("/api/v1/persons/" + person + "/events").body()).get("events").get(1);

        assertThat(changed).isEqualTo(1);
        assertThat(replayed.get("event").get("activity").asText()).as("reads the same").isEqualTo("personal-care");
        assertThat(result.get("status").asText()).isEqualTo("broken");
        assertThat(result.get("firstBrokenSequence").asLong()).isEqualTo(1);
        assertThat(result.get("reason").asText()).contains("content no longer matches");
    }

    @Test
    void aDeletedEventBreaksTheChainWhereItWas() throws Exception {
        String person = recordFourSupportEvents(t0);
        owner().update("delete from domain_event_entry where aggregate_identifier = ? and sequence_number = 1", person);

        JsonNode result = json.readTree(get("/api/v1/persons/" + person + "/verify").body());

        assertThat(result.get("status").asText()).isEqualTo("broken");
        assertThat(result.get("firstBrokenSequence").asLong()).isEqualTo(1);
        assertThat(result.get("reason").asText()).contains("missing");
    }

    @Test
    void anAlteredRecordedByInTheMetadataBreaksTheChain() throws Exception {
        String person = recordFourSupportEvents(t0);
        owner().update("update domain_event_entry set meta_data = convert_to(replace(convert_from(meta_data, 'UTF8'), "
                + "'test-recorder', 'someone-else'), 'UTF8') where aggregate_identifier = ? and sequence_number = 3", person);

        JsonNode result = json.readTree(get("/api/v1/persons/" + person + "/verify").body());

        assertThat(result.get("status").asText()).isEqualTo("broken");
        assertThat(result.get("firstBrokenSequence").asLong()).isEqualTo(3);
    }

    @Test
    void aBrokenChainCountsAsAVerificationFailureAndAnIntactOneDoesNot() throws Exception {
        String intact = recordFourSupportEvents(t0);
        String broken = recordFourSupportEvents(t0);
        owner().update("delete from domain_event_entry where aggregate_identifier = ? and sequence_number = 1", broken);
        double before = verificationFailures();

        get("/api/v1/persons/" + intact + "/verify");
        double afterIntact = verificationFailures();
        get("/api/v1/persons/" + broken + "/verify");

        assertThat(afterIntact).isEqualTo(before);
        assertThat(verificationFailures()).isEqualTo(before + 1);
    }

    private double verificationFailures() throws Exception {
        Matcher m = Pattern.compile("^casejourney_chain_verification_failures_total\\{[^}]*} (\\S+)$", Pattern.MULTILINE)
                .matcher(get("/actuator/prometheus").body());
        assertThat(m.find()).as("casejourney_chain_verification_failures_total is exported from the start").isTrue();
        return Double.parseDouble(m.group(1));
    }

    @Test
    void verifyingAnUnknownPersonAnswers404() throws Exception {
        assertProblem(get("/api/v1/persons/" + person() + "/verify"), 404, "/problems/person-not-found");
    }

}
