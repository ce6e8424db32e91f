package org.casejourney.query.journey;

import org.casejourney.events.RecordedEvent;
import org.casejourney.events.journey.JourneyFold;

import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What a batch leaves stored for the people it touched, should its transaction commit: each one's events, the fact
 * rows it wrote for those whose journeys it folded, and the fold of those events where it made one ({@link KeptEvents}
 * keeps all three for the next batch). For a fold that went on from the one kept, {@code wentOn} holds how many events
 * it went on with; {@code factsUntouched} names the people whose events it stored while leaving their fact rows as
 * they were (a deferred batch), so that the rows kept from before still say what is stored.
 */
record Committed(Map<String, List<RecordedEvent>> events, Map<String, FactRows> rows, Map<String, JourneyFold.Tallied> folds,
                 Map<String, Integer> wentOn, Set<String> factsUntouched) {

    Committed() {
        this(new HashMap<>(), new HashMap<>(), new HashMap<>(), new HashMap<>(), new HashSet<>());
    }

    /**
     * Notes a person's write: their events, their fold (and how many events it went on with), and the fact rows written
     * as they stand; {@code rows} null means a deferred batch, which left the person's fact rows as they were.
     */
    void written(PersonWrite write, Map<String, FactRows> rows) {
        events.put(write.personId(), write.all());
        if (write.folded() != null) {
            folds.put(write.personId(), write.folded().fold());
            if (write.folded().wentOn()) {
                wentOn.put(write.personId(), write.fresh().size());
            }
        }
        FactRows written = rows == null ? null : rows.get(write.personId());
        if (written != null) {
            this.rows.put(write.personId(), written);
        } else if (rows == null) {
            factsUntouched.add(write.personId());
        }
    }
}
