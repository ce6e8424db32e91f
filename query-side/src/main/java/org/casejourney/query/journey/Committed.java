package org.casejourney.query.journey;

import org.casejourney.events.RecordedEvent;
import org.casejourney.events.journey.JourneyFold;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * What a batch leaves stored for the people it touched, should its transaction commit: each one's events, the fact
 * rows it wrote for those whose journeys it folded, and the fold of those events where it made one ({@link KeptEvents}
 * keeps all three for the next batch).
 */
record Committed(Map<String, List<RecordedEvent>> events, Map<String, FactRows> rows, Map<String, JourneyFold.Tallied> folds) {

    Committed() {
        this(new HashMap<>(), new HashMap<>(), new HashMap<>());
    }
}
