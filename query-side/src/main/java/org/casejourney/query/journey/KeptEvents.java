package org.casejourney.query.journey;

import org.casejourney.events.RecordedEvent;
import org.casejourney.query.platform.QuerySideProperties;
import org.casejourney.query.projections.SchemaSwitchHook;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Each person's stored events in the live schema, as parsed, kept after a live batch committed them so the
 * next batch that touches the person folds them without reading and parsing their rows again. Within a budget
 * of events; forgotten wholesale whenever the live schema may have changed behind the consumer's back (a
 * partition assigned or revoked, a rebuilt schema switched in, parked records replayed): an entry is put only
 * by a batch that began after the last {@link #forget}, so it always equals the person's committed rows.
 */
@Component
class KeptEvents implements SchemaSwitchHook {

    private final long budget;
    private final Map<String, List<RecordedEvent>> byPerson = new HashMap<>();
    private long events;
    private long generation;

    @Autowired
    KeptEvents(QuerySideProperties properties) {
        this(properties.journey().keptEvents());
    }

    KeptEvents(long budget) {
        this.budget = budget >= 0 ? budget : Runtime.getRuntime().maxMemory() / 4 / JourneyLifecycle.BYTES_PER_KEPT_EVENT;
    }

    /** What a batch started from: its puts count only if nothing was forgotten since. */
    synchronized long generation() {
        return generation;
    }

    /** The kept events of those of these people who have some, in stream order. */
    synchronized Map<String, List<RecordedEvent>> of(Collection<String> personIds) {
        Map<String, List<RecordedEvent>> found = new HashMap<>();
        for (String personId : personIds) {
            List<RecordedEvent> kept = byPerson.get(personId);
            if (kept != null) {
                found.put(personId, kept);
            }
        }
        return found;
    }

    /** How many events are kept for this person: -1 when none are. */
    synchronized long size(String personId) {
        List<RecordedEvent> kept = byPerson.get(personId);
        return kept == null ? -1 : kept.size();
    }

    /** Keeps each person's committed events (stream order), unless something was forgotten since {@code startedAt}. */
    synchronized void keep(long startedAt, Map<String, List<RecordedEvent>> committed) {
        if (startedAt != generation) {
            return;
        }
        for (Map.Entry<String, List<RecordedEvent>> person : committed.entrySet()) {
            List<RecordedEvent> before = byPerson.remove(person.getKey());
            events -= before == null ? 0 : before.size();
            if (events + person.getValue().size() > budget) {
                continue; // full: the person is read back from their rows next time
            }
            byPerson.put(person.getKey(), List.copyOf(person.getValue()));
            events += person.getValue().size();
        }
    }

    synchronized void forget() {
        byPerson.clear();
        events = 0;
        generation++;
    }

    @Override
    public void switched(JdbcTemplate jdbc) {
        forget();
    }
}
