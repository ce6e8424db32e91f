package org.casejourney.query.journey;

import org.casejourney.events.RecordedEvent;
import org.casejourney.events.journey.JourneyFold;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * The fold a catch-up deferred (ADR 014): people whose events were stored while the consumer was far behind get
 * their journey and facts written once, from all their stored events (from the fold the deferred batches kept, when
 * kept), a chunk of people per transaction.
 */
final class DeferredFolds {

    private static final Logger log = LoggerFactory.getLogger(DeferredFolds.class);
    static final int PEOPLE_PER_TRANSACTION = 2_000;
    /**
     * At most this many stored events folded in one transaction, whatever the number of people: a chunk's events, its
     * journeys, fact rows and their COPY text are all in memory at once, and two chunks are folded at a time (2,000
     * people of the benchmark's generated data hold about 34,000 events; 2,000 who each had 540-1,000 events from its
     * batch phase held 1.3 million and more, and ran a 3 GB heap out of memory).
     */
    static final long EVENTS_PER_TRANSACTION = 100_000;

    private final JourneyRows rows;
    private final UnfoldedPeople unfolded;
    private final PersonHistories histories;
    private final Clock clock;
    private final Duration returnWindow;

    DeferredFolds(JourneyRows rows, UnfoldedPeople unfolded, PersonHistories histories, Clock clock, Duration returnWindow) {
        this.rows = rows;
        this.unfolded = unfolded;
        this.histories = histories;
        this.clock = clock;
        this.returnWindow = returnWindow;
    }

    /** Folds the next chunk of unfolded people in the caller's transaction, noting their events in {@code committed}; how many it took. */
    int foldChunk(Committed committed) {
        List<String> people = unfolded.take(PEOPLE_PER_TRANSACTION, EVENTS_PER_TRANSACTION, histories::keptSize);
        if (people.isEmpty()) {
            return 0;
        }
        Instant now = clock.instant();
        PersonHistories.Read stored = histories.of(people, true);
        Set<String> withRows = rows.withJourney(people);
        List<JourneyRows.JourneyRow> journeys = new ArrayList<>(people.size());
        for (String personId : people) {
            List<RecordedEvent> all = stored.events().get(personId);
            if (all == null || all.isEmpty()) {
                log.error("Person {}'s stored events could not be read for their deferred fold; their journey keeps its rows: {}",
                        personId, stored.unreadable().get(personId));
                continue;
            }
            try {
                // the deferred batches' checks kept each person's fold, unless the budget was full
                JourneyFold.Tallied fold = stored.folds().get(personId);
                fold = fold != null ? fold : JourneyFold.tallied(personId, all, returnWindow);
                journeys.add(new JourneyRows.JourneyRow(fold.at(now), all));
                committed.events().put(personId, all);
                committed.folds().put(personId, fold);
            } catch (RuntimeException e) {
                // every prefix folded when it was stored, so this is not reached while the fold is a function
                log.error("Person {}'s deferred fold failed; their journey keeps its rows", personId, e);
            }
        }
        rows.writeFolded(journeys, now, withRows); // rows not kept: a catch-up would hold every person's at once
        return people.size();
    }
}
