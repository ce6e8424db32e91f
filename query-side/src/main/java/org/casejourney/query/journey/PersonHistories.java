package org.casejourney.query.journey;

import org.casejourney.events.EventJson;
import org.casejourney.events.RecordedEvent;
import org.casejourney.events.journey.JourneyFold;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** People's stored events, in stream order: the kept ones, and the others' rows read in one query and parsed. */
final class PersonHistories {

    private final JourneyRows rows;
    private final KeptEvents kept;

    PersonHistories(JourneyRows rows, KeptEvents kept) {
        this.rows = rows;
        this.kept = kept;
    }

    /**
     * Each person's stored events (none: an empty list), or why their rows could not be read; and, for some of those
     * whose events were kept, the fact rows those events give as they are stored and the fold of those events; and for
     * some, their fact rows as stored though derived from their earlier events only (a catch-up's deferred batches
     * stored the later ones).
     */
    record Read(Map<String, List<RecordedEvent>> events, Map<String, String> unreadable, Map<String, FactRows> rows,
                Map<String, JourneyFold.Tallied> folds, Map<String, KeptEvents.StoredRows> stored) {
    }

    /** How many of the person's stored events are kept in memory (all of them, when any are); -1 when none are. */
    long keptSize(String personId) {
        return kept.size(personId);
    }

    /** With {@code keptToo} (the live schema only) the kept events stand in for rows. */
    Read of(Collection<String> personIds, boolean keptToo) {
        Map<String, List<RecordedEvent>> events = new HashMap<>();
        Map<String, FactRows> factRows = new HashMap<>();
        Map<String, JourneyFold.Tallied> folds = new HashMap<>();
        Map<String, KeptEvents.StoredRows> stored = new HashMap<>();
        if (keptToo) {
            kept.of(personIds).forEach((personId, k) -> {
                events.put(personId, k.events());
                if (k.rows() != null) {
                    factRows.put(personId, k.rows());
                }
                if (k.fold() != null) {
                    folds.put(personId, k.fold());
                }
                if (k.stored() != null) {
                    stored.put(personId, k.stored());
                }
            });
        }
        List<String> unkept = new ArrayList<>();
        personIds.forEach(p -> {
            if (!events.containsKey(p)) {
                unkept.add(p);
            }
        });
        Map<String, String> unreadable = new HashMap<>();
        Map<String, List<String>> json = rows.payloads(unkept);
        for (String personId : unkept) {
            try {
                events.put(personId, json.getOrDefault(personId, List.of()).stream().map(j -> EventJson.read(j, RecordedEvent.class)).toList());
            } catch (RuntimeException e) {
                unreadable.put(personId, e.toString());
            }
        }
        return new Read(events, unreadable, factRows, folds, stored);
    }
}
