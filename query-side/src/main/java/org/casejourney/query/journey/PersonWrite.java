package org.casejourney.query.journey;

import org.casejourney.events.RecordedEvent;
import org.casejourney.events.journey.Journey;
import org.casejourney.events.journey.JourneyFold;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * A person's part of a live batch: their fresh events, all their events with them, and, when kept, their fact rows as
 * stored before the fresh events and the fold of the events before them (else null); then the fold of all of them
 * ({@link Folded}; null until folded).
 */
record PersonWrite(String personId, List<Incoming> fresh, List<RecordedEvent> all, FactRows rowsBefore, JourneyFold.Tallied foldBefore,
                   Folded folded) {

    /**
     * The fold of all the person's events, the journey it gives (null in a deferred batch, which writes none), and whether
     * it went on from the kept fold (so the fresh events are the timeline's last entries, and nothing earlier changed).
     */
    record Folded(JourneyFold.Tallied fold, Journey journey, boolean wentOn) {
    }

    PersonWrite(String personId, List<Incoming> fresh, List<RecordedEvent> all, FactRows rowsBefore, JourneyFold.Tallied foldBefore) {
        this(personId, fresh, all, rowsBefore, foldBefore, null);
    }

    PersonWrite with(Folded fold) {
        return new PersonWrite(personId, fresh, all, rowsBefore, foldBefore, fold);
    }

    /** The journey to write, once folded. */
    Journey journey() {
        return folded == null ? null : folded.journey();
    }

    /**
     * Folds all the person's events: the kept fold of those before the fresh ones gone on with them when it can
     * ({@link JourneyFold.Tallied#with}: fresh events later than every earlier one, no correction), else a fold of the
     * whole history. Throws as a fold of the whole history throws. The journey is left for the caller to add.
     */
    Folded foldAll(Duration returnWindow) {
        if (foldBefore != null) {
            try {
                JourneyFold.Tallied goneOn = foldBefore.with(fresh.stream().map(Incoming::event).toList());
                if (goneOn != null) {
                    return new Folded(goneOn, null, true);
                }
            } catch (RuntimeException foldAgain) {
                // the whole fold below gives the answer, or the failure
            }
        }
        return new Folded(JourneyFold.tallied(personId, all, returnWindow), null, false);
    }

    /** With the fold of all the events ({@link #foldAll}) and the journey it gives at {@code now}; throws as the fold throws. */
    PersonWrite foldedAt(Instant now, Duration returnWindow) {
        Folded folded = foldAll(returnWindow);
        return with(new Folded(folded.fold(), folded.fold().at(now), folded.wentOn()));
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
