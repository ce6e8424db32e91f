package org.casejourney.command;

import com.fasterxml.jackson.databind.JsonNode;
import io.micrometer.core.instrument.MeterRegistry;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Long streams are kept as stored between requests: corrections are checked against them without reading and opening
 * the stream again for each one, and an auditor reading one again reads only what was recorded since, and sees it.
 */
class LongStreamsTest extends ApiTestSupport {

    private final Instant t0 = Instant.now().minus(20, ChronoUnit.DAYS).truncatedTo(ChronoUnit.SECONDS);

    @Autowired
    MeterRegistry meters;

    @Test
    void aSeriesOfCorrectionsReadsEachStoredEventOnceNotOncePerCorrection() throws Exception {
        String person = person();
        List<Map<String, Object>> items = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            items.add(withPerson(person, contact("long-" + i + "-" + person, t0.plusSeconds(i))));
        }
        var stored = post("/api/v1/events/batch", Map.of("events", items));
        assertThat(stored.statusCode()).as(stored.body()).isEqualTo(200);
        double before = eventsRead();

        for (int i = 0; i < 10; i++) {
            var response = post("/api/v1/persons/" + person + "/events", Map.of("type", "EventCorrected",
                    "eventId", "fix-" + i + "-" + person, "occurredAt", t0.plus(1, ChronoUnit.DAYS).toString(),
                    "correctsEventId", "long-" + i + "-" + person, "changes", Map.of("durationMinutes", 20 + i), "reason", "typo"));
            assertThat(response.statusCode()).as(response.body()).isEqualTo(201);
        }

        // the 200 events once, then only what each correction added; reading the stream per correction would be over 2,000
        assertThat(eventsRead() - before).isLessThanOrEqualTo(200 + 10);
    }

    @Test
    void aCorrectionLeavingLongSealedTextAloneIsCheckedWithoutOpeningIt() throws Exception {
        String person = person();
        Map<String, Object> contact = contact("words-" + person, t0);
        contact.put("whatMatters", "w".repeat(3_900)); // sealed, it is far longer than the 4,000 characters allowed in plain
        assertThat(post("/api/v1/persons/" + person + "/events", contact).statusCode()).isEqualTo(201);

        var fix = post("/api/v1/persons/" + person + "/events", Map.of("type", "EventCorrected", "eventId", "fix-" + person,
                "occurredAt", t0.plusSeconds(60).toString(), "correctsEventId", "words-" + person,
                "changes", Map.of("durationMinutes", 30), "reason", "typo"));
        var badText = post("/api/v1/persons/" + person + "/events", Map.of("type", "EventCorrected", "eventId", "bad-" + person,
                "occurredAt", t0.plusSeconds(120).toString(), "correctsEventId", "words-" + person,
                "changes", Map.of("whatMatters", "x".repeat(4_001)), "reason", "typo"));

        assertThat(fix.statusCode()).as(fix.body()).isEqualTo(201);
        assertProblem(badText, 422, "/problems/invalid-event");
        assertThat(errorFields(badText)).containsExactly("changes.whatMatters");
        assertThat(get("/api/v1/persons/" + person + "/journey").body()).contains("\"durationMinutes\":30");
    }

    @Test
    void readingAStreamAgainReadsOnlyItsNewTailAndShowsItAsRecorded() throws Exception {
        String person = person();
        List<Map<String, Object>> items = new ArrayList<>();
        for (int i = 0; i < 300; i++) {
            Map<String, Object> contact = contact("replay-" + i + "-" + person, t0.plusSeconds(i));
            contact.put("whatMatters", "to stay at home, said on call " + i);
            items.add(withPerson(person, contact));
        }
        var stored = post("/api/v1/events/batch", Map.of("events", items));
        assertThat(stored.statusCode()).as(stored.body()).isEqualTo(200);
        String page = "/api/v1/persons/" + person + "/events?limit=1000";

        double before = eventsRead();
        JsonNode first = json.readTree(get(page).body());
        JsonNode again = json.readTree(get(page).body());
        Instant between = Instant.now();
        var more = post("/api/v1/persons/" + person + "/events", contact("replay-late-" + person, t0.plusSeconds(400)));
        assertThat(more.statusCode()).as(more.body()).isEqualTo(201);
        JsonNode afterOne = json.readTree(get(page).body());
        JsonNode asBefore = json.readTree(get(page + "&asOf=" + between).body());
        JsonNode secondPage = json.readTree(get("/api/v1/persons/" + person + "/events?limit=100&fromSequence=200").body());

        assertThat(eventsRead() - before).as("the 300 events once, then the one recorded since").isEqualTo(301);
        assertThat(first.path("events")).hasSize(300);
        assertThat(again).isEqualTo(first);
        assertThat(first.path("events").get(299).path("event").path("whatMatters").asText()).isEqualTo("to stay at home, said on call 299");
        assertThat(afterOne.path("events")).hasSize(301);
        assertThat(afterOne.path("events").get(300).path("event").path("eventId").asText()).isEqualTo("replay-late-" + person);
        assertThat(asBefore.path("events")).isEqualTo(first.path("events"));
        assertThat(secondPage.path("events")).hasSize(100);
        assertThat(secondPage.path("events").get(0).path("sequence").asLong()).isEqualTo(200);
        assertThat(secondPage.path("nextFromSequence").asLong()).isEqualTo(300);
    }

    private double eventsRead() {
        return meters.get("casejourney.streams.events.read").counter().count();
    }
}
