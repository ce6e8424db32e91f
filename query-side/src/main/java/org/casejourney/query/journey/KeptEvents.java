package org.casejourney.query.journey;

import org.casejourney.events.RecordedEvent;
import org.casejourney.events.journey.JourneyFold;
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
 * next batch that touches the person folds them without reading and parsing their rows again, and with them,
 * when the batch wrote them, the fact rows those events give: the next batch compares its rows with these instead
 * of folding the person's earlier events again (PersonFacts.replaceGrowing); and, when the batch folded them, their
 * fold, which the next batch goes on with instead of folding the whole history again (JourneyFold.Tallied#with). Within a budget
 * of events; forgotten wholesale whenever the live schema may have changed behind the consumer's back (a
 * partition assigned or revoked, a rebuilt schema switched in, parked records replayed): an entry is put only
 * by a batch that began after the last {@link #forget}, so it always equals the person's committed rows.
 */
@Component
class KeptEvents implements SchemaSwitchHook {

    private final long budget;
    private final Map<String, Kept> byPerson = new HashMap<>();
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

    /**
     * A person's kept events, in stream order, their fact rows as stored (null when not known) and the fold of those
     * events (null when not known).
     */
    record Kept(List<RecordedEvent> events, StoredRows stored, JourneyFold.Tallied fold) {

        /** The fact rows the kept events give, as stored; null unless the stored rows are those of every kept event. */
        FactRows rows() {
            return stored == null || stored.of() != events.size() ? null : stored.rows();
        }
    }

    /**
     * A person's fact rows as stored, derived from their first {@code of} events; the events after those were stored by
     * deferred batches, which left the rows as they were. {@code wentOnWith} is how many events the kept fold went on
     * with since the fold those rows came from (so they are its timeline's last entries), or null when it was folded
     * whole meanwhile.
     */
    record StoredRows(FactRows rows, int of, Integer wentOnWith) {

        /** The rows when a batch stored {@code added} more events without touching them, the fold going on with {@code wentOn} (null: folded whole). */
        StoredRows after(int added, Integer wentOn) {
            Integer goneOn = wentOnWith == null || wentOn == null || wentOn != added ? null : wentOnWith + added;
            return new StoredRows(rows, of, goneOn);
        }
    }

    /** What is kept of those of these people who have kept events. */
    synchronized Map<String, Kept> of(Collection<String> personIds) {
        Map<String, Kept> found = new HashMap<>();
        for (String personId : personIds) {
            Kept kept = byPerson.get(personId);
            if (kept != null) {
                found.put(personId, kept);
            }
        }
        return found;
    }

    /** How many events are kept for this person: -1 when none are. */
    synchronized long size(String personId) {
        Kept kept = byPerson.get(personId);
        return kept == null ? -1 : kept.events().size();
    }

    /**
     * Keeps each person's committed events (stream order), their fact rows as stored and the fold the batch made of them,
     * unless something was forgotten since {@code startedAt}. A person whose events the batch left as they were keeps
     * the rows and fold kept before; one whose events a deferred batch added to keeps the rows kept before, noted as
     * those of their earlier events; anyone else whose events changed without the batch writing their rows keeps no
     * rows, and one it did not fold keeps no fold.
     */
    synchronized void keep(long startedAt, Committed committed) {
        if (startedAt != generation) {
            return;
        }
        for (Map.Entry<String, List<RecordedEvent>> person : committed.events().entrySet()) {
            String personId = person.getKey();
            Kept before = byPerson.remove(personId);
            List<RecordedEvent> now = person.getValue();
            events -= before == null ? 0 : weight(before);
            JourneyFold.Tallied fold = committed.folds().get(personId);
            fold = fold == null && unchanged(before, now) ? before.fold() : fold;
            Kept kept = new Kept(List.copyOf(now), stored(before, now, personId, committed), fold);
            long weight = weight(kept);
            if (events + weight > budget) {
                continue; // full: the person is read back from their rows next time
            }
            byPerson.put(personId, kept);
            events += weight;
        }
    }

    private static boolean unchanged(Kept before, List<RecordedEvent> now) {
        return before != null && before.events().size() == now.size();
    }

    /** The person's fact rows as stored once the batch commits, as far as they are known. */
    private static StoredRows stored(Kept before, List<RecordedEvent> now, String personId, Committed committed) {
        FactRows written = committed.rows().get(personId);
        if (written != null) {
            return new StoredRows(written, now.size(), 0);
        }
        if (before == null || before.stored() == null) {
            return null;
        }
        if (unchanged(before, now)) {
            return before.rows() == null ? null : before.stored();
        }
        List<RecordedEvent> earlier = before.events();
        boolean added = committed.factsUntouched().contains(personId) && now.size() > earlier.size()
                && (earlier.isEmpty() || now.get(earlier.size() - 1).sequence() == earlier.get(earlier.size() - 1).sequence());
        return added ? before.stored().after(now.size() - earlier.size(), committed.wentOn().get(personId)) : null;
    }

    /**
     * What a person's entry counts against the budget, in events: a contact's fact row (an array, its instant and day,
     * its daily key: about 170 bytes, the strings shared with its event) weighs about a seventh of a parsed event, and
     * a fold's entry per event (its timeline entry, and once it has gone on, its id in a set) about an eighth.
     */
    private static long weight(Kept kept) {
        return kept.events().size() + (kept.stored() == null ? 0 : kept.stored().rows().contacts().size() / 7)
                + (kept.fold() == null ? 0 : kept.events().size() / 8);
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
