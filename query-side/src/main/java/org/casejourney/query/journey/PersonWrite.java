package org.casejourney.query.journey;

import org.casejourney.events.RecordedEvent;
import org.casejourney.events.journey.Journey;

import java.util.List;

/**
 * A person's part of a live batch: their fresh events, all their events with them, their journey (null while a deferred
 * batch has not folded it), and their fact rows as stored before the fresh events, when kept (else null).
 */
record PersonWrite(String personId, List<Incoming> fresh, Journey journey, List<RecordedEvent> all, FactRows rowsBefore) {

    PersonWrite folded(Journey folded) {
        return new PersonWrite(personId, fresh, folded, all, rowsBefore);
    }

    /** Whether the person had stored events before the fresh ones. */
    boolean hadHistory() {
        return all.size() > fresh.size();
    }

    /** The person's events before the fresh ones. */
    List<RecordedEvent> before() {
        return all.subList(0, all.size() - fresh.size());
    }
}
