package org.casejourney.query.journey;

import org.casejourney.events.RecordedEvent;
import org.casejourney.events.journey.Journey;
import org.casejourney.events.journey.JourneyFold;

import java.time.Duration;
import java.util.List;

/**
 * A person's part of a live batch: their fresh events, all their events with them, the fold of all of them and their
 * journey (both null until folded; a deferred batch's journey stays null), and, when kept, their fact rows as stored
 * before the fresh events and the fold of the events before them (else null).
 */
record PersonWrite(String personId, List<Incoming> fresh, JourneyFold.Tallied fold, Journey journey, List<RecordedEvent> all,
                   FactRows rowsBefore, JourneyFold.Tallied foldBefore) {

    PersonWrite(String personId, List<Incoming> fresh, List<RecordedEvent> all, FactRows rowsBefore, JourneyFold.Tallied foldBefore) {
        this(personId, fresh, null, null, all, rowsBefore, foldBefore);
    }

    /** With the fold of all the events, and the journey it gives (null in a deferred batch). */
    PersonWrite folded(JourneyFold.Tallied folded, Journey journey) {
        return new PersonWrite(personId, fresh, folded, journey, all, rowsBefore, foldBefore);
    }

    /**
     * The fold of all the person's events: the kept fold of those before the fresh ones gone on with them when it can
     * ({@link JourneyFold.Tallied#with}: fresh events later than every earlier one, no correction), else a fold of the
     * whole history. Throws as a fold of the whole history throws.
     */
    JourneyFold.Tallied foldAll(Duration returnWindow) {
        if (foldBefore != null) {
            try {
                JourneyFold.Tallied goneOn = foldBefore.with(fresh.stream().map(Incoming::event).toList());
                if (goneOn != null) {
                    return goneOn;
                }
            } catch (RuntimeException foldAgain) {
                // the whole fold below gives the answer, or the failure
            }
        }
        return JourneyFold.tallied(personId, all, returnWindow);
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
