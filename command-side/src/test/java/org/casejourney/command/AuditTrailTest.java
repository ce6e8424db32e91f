package org.casejourney.command;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Every read of a person's data is logged, append-only; the subject access pack tells the whole story, escaped. */
class AuditTrailTest extends ApiTestSupport {

    private final Instant t0 = Instant.now().minus(5, ChronoUnit.DAYS).truncatedTo(ChronoUnit.SECONDS);

    @Test
    void everyPersonLevelReadIsLoggedWithItsPurpose() throws Exception {
        String person = recordStory();

        getWithPurpose("/api/v1/persons/" + person + "/events", "audit of complaint 17");
        getWithPurpose("/api/v1/persons/" + person + "/journey?asOf=" + Instant.now(), "audit of complaint 17");
        getWithPurpose("/api/v1/persons/" + person + "/verify", "integrity check");
        getWithPurpose("/api/v1/persons/" + person + "/sar", "subject access request 2026-114");
        JsonNode log = json.readTree(getWithPurpose("/api/v1/persons/" + person + "/access-log", "review").body());

        List<String> endpoints = new ArrayList<>();
        log.get("entries").forEach(e -> endpoints.add(e.get("endpoint").asText()));
        assertThat(endpoints).hasSize(5);
        assertThat(endpoints.get(0)).isEqualTo("GET /api/v1/persons/" + person + "/events");
        assertThat(endpoints.get(1)).startsWith("GET /api/v1/persons/" + person + "/journey?asOf=");
        assertThat(endpoints.get(3)).isEqualTo("GET /api/v1/persons/" + person + "/sar");
        assertThat(log.get("entries").get(0).get("purpose").asText()).isEqualTo("audit of complaint 17");
        assertThat(log.get("entries").get(2).get("purpose").asText()).isEqualTo("integrity check");
        assertThat(log.get("entries").get(0).get("principal").asText()).isEqualTo("test-auditor");
    }

    @Test
    void anAuditorWhoStatesNoPurposeIsRefusedAndSeesNothing() throws Exception {
        String person = recordStory();

        for (String path : List.of("/events", "/journey", "/verify", "/sar", "/access-log")) {
            HttpResponse<String> response = getWithPurpose("/api/v1/persons/" + person + path, null);
            assertProblem(response, 400, "/problems/purpose-required");
            assertThat(response.body()).contains("X-Purpose").doesNotContain("ContactRecorded");
        }
        assertThat(jdbc.queryForObject("select count(*) from access_log where person_id = ?", Long.class, person)).isZero();
    }

    @Test
    void theAccessLogCannotBeChangedOrDeleted() throws Exception {
        String person = recordStory();
        getWithPurpose("/api/v1/persons/" + person + "/events", "check");

        // the app's role was never granted it (DatabaseRolesTest); the owner meets the trigger
        assertThatThrownBy(() -> jdbc.update("update access_log set purpose = 'nothing' where person_id = ?", person))
                .rootCause().hasMessageContaining("permission denied for table access_log");
        assertThatThrownBy(() -> jdbc.update("delete from access_log where person_id = ?", person))
                .rootCause().hasMessageContaining("permission denied for table access_log");
        assertThat(jdbc.queryForObject("select count(*) from access_log where person_id = ?", Long.class, person)).isEqualTo(1);
    }

    @Test
    void theSubjectAccessPackTellsTheStoryInTimeOrderWithCorrectionsBesideWhatTheyCorrected() throws Exception {
        String person = recordStory();

        JsonNode pack = json.readTree(getWithPurpose("/api/v1/persons/" + person + "/sar", "SAR").body());

        JsonNode entries = pack.get("entries");
        assertThat(entries).hasSize(2);
        assertThat(entries.get(0).get("type").asText()).isEqualTo("ContactRecorded");
        assertThat(entries.get(0).get("status").asText()).isEqualTo("CORRECTED");
        assertThat(entries.get(0).get("sentence").asText()).contains("phone", "<b>tea</b>", "30 minutes");
        assertThat(entries.get(0).get("amendments").get(0).get("reason").asText()).isEqualTo("call was longer");
        assertThat(entries.get(0).get("practitioners")).extracting(JsonNode::asText).containsExactly("staff-1");
        assertThat(entries.get(1).get("type").asText()).isEqualTo("CaseClosed");
        assertThat(pack.get("thirdParties")).extracting(JsonNode::asText).containsExactly("staff-1", "staff-2");
    }

    @Test
    void theHtmlPackEscapesEverythingASenderWroteAndMarksStaff() throws Exception {
        String person = recordStory();

        HttpResponse<String> page = http.send(request("/api/v1/persons/" + person + "/sar").header("Authorization", AUDITOR)
                .header("Accept", "text/html").header("X-Purpose", "SAR").GET().build(), HttpResponse.BodyHandlers.ofString());

        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.headers().firstValue("Content-Type").orElse("")).startsWith("text/html");
        assertThat(page.body()).contains("&lt;b&gt;tea&lt;/b&gt;").doesNotContain("<b>tea</b>");
        assertThat(page.body()).contains("<span class=\"third-party\">staff-1</span>", "Corrected on", "call was longer");
        assertThat(page.headers().firstValue("Content-Security-Policy").orElse("")).contains("default-src 'none'");
        assertThat(page.headers().firstValue("X-Content-Type-Options")).hasValue("nosniff");
        assertThat(page.headers().firstValue("Cache-Control")).hasValue("no-store");
    }

    @Test
    void aBlankOrOverlongPurposeIsRefused() throws Exception {
        String person = recordStory();

        assertProblem(getWithPurpose("/api/v1/persons/" + person + "/events", "x".repeat(501)), 400, "/problems/invalid-purpose");
    }

    private String recordStory() throws Exception {
        String person = person();
        List<Map<String, Object>> events = List.of(
                Map.of("type", "ContactRecorded", "eventId", "a1-" + person, "occurredAt", t0.toString(), "service", "adult-social-care",
                        "practitioner", "staff-1", "channel", "PHONE", "demandType", "VALUE", "whatMatters", "<b>tea</b>", "durationMinutes", 10),
                Map.of("type", "CaseClosed", "eventId", "a2-" + person, "occurredAt", t0.plusSeconds(3600).toString(),
                        "service", "adult-social-care", "practitioner", "staff-2", "outcome", "NEEDS_MET"),
                Map.of("type", "EventCorrected", "eventId", "a3-" + person, "occurredAt", t0.plusSeconds(7200).toString(),
                        "correctsEventId", "a1-" + person, "changes", Map.of("durationMinutes", 30), "reason", "call was longer"));
        for (Map<String, Object> event : events) {
            assertThat(post("/api/v1/persons/" + person + "/events", event).statusCode()).isEqualTo(201);
        }
        return person;
    }

    private HttpResponse<String> getWithPurpose(String path, String purpose) throws Exception {
        HttpRequest.Builder request = request(path).header("Authorization", AUDITOR).GET();
        if (purpose != null) {
            request.header("X-Purpose", purpose);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }
}
