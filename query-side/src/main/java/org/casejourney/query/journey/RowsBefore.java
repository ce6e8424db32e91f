package org.casejourney.query.journey;

import org.casejourney.events.journey.JourneyFold;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * People's fact rows as stored before a live batch, for those who had events before it: kept from the batch that wrote
 * them ({@link KeptEvents}), or else derived again from those events (their kept fold, or a fold of the person's whole
 * history), unless a catch-up left their fold pending (their rows are then not what the events derive). The batch's
 * facts then only add the rows its events bring where nothing earlier changed (PersonFacts.replaceGrowing).
 */
final class RowsBefore {

    private final UnfoldedPeople unfolded;
    private final Duration returnWindow;

    RowsBefore(UnfoldedPeople unfolded, Duration returnWindow) {
        this.unfolded = unfolded;
        this.returnWindow = returnWindow;
    }

    Map<String, FactRows> of(List<PersonWrite> writes, Instant now) {
        Map<String, FactRows> previous = new HashMap<>();
        List<PersonWrite> unkept = new ArrayList<>();
        for (PersonWrite w : writes) {
            if (!w.hadHistory()) {
                continue;
            }
            if (w.rowsBefore() != null) {
                previous.put(w.personId(), w.rowsBefore());
            } else {
                unkept.add(w);
            }
        }
        Set<String> pending = unfolded.among(unkept.stream().map(PersonWrite::personId).toList());
        for (PersonWrite w : unkept) {
            if (pending.contains(w.personId())) {
                continue;
            }
            try {
                previous.put(w.personId(), FactRows.of(w.foldBefore() != null ? w.foldBefore().at(now)
                        : JourneyFold.fold(w.personId(), w.before(), now, returnWindow)));
            } catch (RuntimeException unfoldable) {
                // their rows are then replaced whole
            }
        }
        return previous;
    }
}
