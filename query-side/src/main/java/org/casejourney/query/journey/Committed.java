package org.casejourney.query.journey;

import org.casejourney.events.RecordedEvent;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * What a batch leaves stored for the people it touched, should its transaction commit: each one's events, and the fact
 * rows it wrote for those whose journeys it folded ({@link KeptEvents} keeps both for the next batch).
 */
record Committed(Map<String, List<RecordedEvent>> events, Map<String, FactRows> rows) {

    Committed() {
        this(new HashMap<>(), new HashMap<>());
    }
}
