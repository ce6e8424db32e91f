package org.casejourney.events.journey;

import com.fasterxml.jackson.databind.JsonNode;
import org.casejourney.events.EventJson;
import org.casejourney.events.FailureCategories;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.casejourney.events.testing.TestEvents.at;
import static org.casejourney.events.testing.TestEvents.caseClosed;
import static org.casejourney.events.testing.TestEvents.contactRecorded;
import static org.casejourney.events.testing.TestEvents.eventCorrected;
import static org.casejourney.events.testing.TestEvents.stream;

/** Both apps serve the journey as JSON: its field names are a contract with the analysts' tools. */
class JourneyJsonTest {

    private final Journey journey = JourneyFold.fold("person-1", stream(
            contactRecorded().eventId("c1").occurredAt("2026-01-05T09:00:00Z").build(),
            caseClosed().eventId("cl1").occurredAt("2026-01-10T09:00:00Z").build(),
            contactRecorded().eventId("c2").occurredAt("2026-02-01T09:00:00Z").failure(FailureCategories.REPEAT_CONTACT).build(),
            eventCorrected("c1").eventId("x1").occurredAt("2026-02-02T09:00:00Z").changes(Map.of("durationMinutes", 5))
                    .build()), at("2026-03-01T00:00:00Z"));

    private static List<String> fieldNames(JsonNode node) {
        List<String> names = new ArrayList<>();
        node.fieldNames().forEachRemaining(names::add);
        return names;
    }

    @Test
    void theJourneyKeepsItsFieldNames() throws Exception {
        JsonNode json = EventJson.mapper().readTree(EventJson.write(journey));

        assertThat(fieldNames(json)).containsExactly("personId", "asOf", "eventsRecorded", "contacts", "referrals",
                "assessments", "handoffs", "supportDelivered", "involved", "totalMinutes", "faceToFaceMinutes", "totalHours",
                "faceToFaceShare", "firstContact", "lastActivity", "endToEndDays", "open", "returned", "returns", "episodes", "timeline");
        assertThat(fieldNames(json.get("contacts"))).containsExactly("total", "value", "failure", "failureByCategory");
        assertThat(fieldNames(json.get("referrals"))).containsExactly("made", "accepted", "declinedOrWithdrawn", "open");
        assertThat(fieldNames(json.get("involved")))
                .containsExactly("people", "teams", "organisations", "practitioners", "teamNames", "organisationNames");
        assertThat(fieldNames(json.get("episodes").get(0))).containsExactly("number", "openedAt", "closedAt", "outcome",
                "endToEndDays", "contacts", "failureContacts", "returned", "returnedAt", "returnStatus", "returnWindowEndsAt", "nextContactAt",
                "services", "teams", "channels");
        assertThat(fieldNames(json.get("returns"))).containsExactly("windowDays", "returned", "notReturned", "pending", "rate");
        assertThat(fieldNames(json.get("timeline").get(0))).containsExactly("sequence", "eventId", "type", "occurredAt",
                "recordedAt", "recordedBy", "status", "event", "effective", "correctedBy", "episode");
    }

    @Test
    void instantsAreWrittenAsIsoStringsInUtc() throws Exception {
        JsonNode json = EventJson.mapper().readTree(EventJson.write(journey));

        assertThat(json.get("firstContact").asText()).isEqualTo("2026-01-05T09:00:00Z");
        assertThat(json.get("asOf").asText()).isEqualTo("2026-03-01T00:00:00Z");
    }

    @Test
    void theJourneyReadsBackEqual() {
        assertThat(EventJson.read(EventJson.write(journey), Journey.class)).isEqualTo(journey);
    }
}
