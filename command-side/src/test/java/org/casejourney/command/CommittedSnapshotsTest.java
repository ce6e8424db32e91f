package org.casejourney.command;

import org.axonframework.common.caching.Cache;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Snapshots are taken from the aggregate in memory after its commit (every 5 events in these tests), and an
 * aggregate loaded from one decides as the stream itself would: what it remembers of each event survives.
 */
class CommittedSnapshotsTest extends ApiTestSupport {

    private final Instant t0 = Instant.now().minus(2, ChronoUnit.DAYS).truncatedTo(ChronoUnit.SECONDS);

    @Autowired
    @Qualifier("personCache")
    Cache personCache;

    @Test
    void theFirstSnapshotsComeEveryThresholdEventsAndTheOlderOneGoes() throws Exception {
        String person = person();
        for (int i = 0; i < 12; i++) {
            assertThat(post("/api/v1/persons/" + person + "/events", contact(person, i, "first")).statusCode()).isEqualTo(201);
        }

        // sequences 0-11: due at 4 (5 since none) and at 9 (5 since 4); 11 is only 2 past it
        assertThat(jdbc.queryForList("select sequence_number from snapshot_event_entry where aggregate_identifier = ?", Long.class, person))
                .containsExactly(9L);
    }

    @Test
    void snapshotsOfALongerHistoryComeFurtherApartSoTheirCostPerEventStaysBounded() throws Exception {
        String person = person();
        List<Long> taken = new ArrayList<>();
        for (int i = 0; i < 45; i++) {
            assertThat(post("/api/v1/persons/" + person + "/events", contact(person, i, "first")).statusCode()).isEqualTo(201);
            Long latest = jdbc.queryForObject("select max(sequence_number) from snapshot_event_entry where aggregate_identifier = ?",
                    Long.class, person);
            if (latest != null && (taken.isEmpty() || !taken.get(taken.size() - 1).equals(latest))) {
                taken.add(latest);
            }
        }

        // threshold 5: after 5 events, then each time the stream has grown by as many events as the last snapshot held
        assertThat(taken).containsExactly(4L, 9L, 19L, 39L);
        personCache.removeAll(); // a load from the snapshot at 39 and the five events after it decides the next one
        var next = post("/api/v1/persons/" + person + "/events", contact(person, 45, "first"));
        assertThat(next.statusCode()).as(next.body()).isEqualTo(201);
        assertThat(json.readTree(next.body()).get("sequence").asLong()).isEqualTo(45);
        assertThat(json.readTree(get("/api/v1/persons/" + person + "/verify").body()).get("status").asText()).isEqualTo("intact");
    }

    @Test
    void anAggregateLoadedFromItsSnapshotKnowsEveryEarlierEventAndGoesOnFromItsHead() throws Exception {
        String person = person();
        for (int i = 0; i < 7; i++) {
            assertThat(post("/api/v1/persons/" + person + "/events", contact(person, i, "first")).statusCode()).isEqualTo(201);
        }
        assertThat(jdbc.queryForObject("select max(sequence_number) from snapshot_event_entry where aggregate_identifier = ?", Long.class,
                person)).isEqualTo(4);
        personCache.removeAll(); // the next write loads the snapshot and the two events after it

        var retry = post("/api/v1/persons/" + person + "/events", contact(person, 2, "first"));
        assertThat(retry.statusCode()).as(retry.body()).isEqualTo(200);
        assertThat(json.readTree(retry.body()).get("sequence").asLong()).isEqualTo(2);
        personCache.removeAll();
        assertProblem(post("/api/v1/persons/" + person + "/events", contact(person, 3, "changed")), 409, "/problems/event-id-conflict");
        personCache.removeAll();
        var next = post("/api/v1/persons/" + person + "/events", contact(person, 7, "first"));
        assertThat(next.statusCode()).as(next.body()).isEqualTo(201);
        assertThat(json.readTree(next.body()).get("sequence").asLong()).isEqualTo(7);
        assertThat(json.readTree(get("/api/v1/persons/" + person + "/verify").body()).get("status").asText()).isEqualTo("intact");
    }

    @Test
    void aBatchWhosePeopleComeDueStoresEachOnesSnapshotOfTheStateAtItsSequenceAfterTheCommit() throws Exception {
        List<String> people = List.of(person(), person(), person());
        List<Map<String, Object>> items = new ArrayList<>();
        for (String person : people) {
            for (int i = 0; i < 7; i++) {
                items.add(withPerson(person, contact(person, i, "first")));
            }
        }
        var response = post("/api/v1/events/batch", Map.of("events", items));
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);

        for (String person : people) {
            // one command takes the seven events of each, due at its end: a snapshot of exactly the state at sequence 6
            assertThat(jdbc.queryForList("select sequence_number from snapshot_event_entry where aggregate_identifier = ?", Long.class, person))
                    .containsExactly(6L);
            String stored = jdbc.queryForObject("select convert_from(payload, 'UTF8') from snapshot_event_entry where aggregate_identifier = ?",
                    String.class, person);
            assertThat(json.readTree(stored).path("entries").size()).isEqualTo(7);
            assertThat(json.readTree(stored).path("lastSequence").asLong()).isEqualTo(6);
        }
        personCache.removeAll(); // each person's next write loads their snapshot
        for (String person : people) {
            var next = post("/api/v1/persons/" + person + "/events", contact(person, 7, "first"));
            assertThat(next.statusCode()).as(next.body()).isEqualTo(201);
            assertThat(json.readTree(next.body()).get("sequence").asLong()).isEqualTo(7);
            assertProblem(post("/api/v1/persons/" + person + "/events", contact(person, 3, "changed")), 409, "/problems/event-id-conflict");
        }
    }

    private Map<String, Object> contact(String person, int i, String whatMatters) {
        Map<String, Object> event = contact("c" + i + "-" + person, t0.plusSeconds(i));
        event.put("whatMatters", whatMatters);
        return event;
    }
}
