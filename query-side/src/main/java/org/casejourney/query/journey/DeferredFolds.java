package org.casejourney.query.journey;

import org.casejourney.events.RecordedEvent;
import org.casejourney.events.journey.JourneyFold;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The fold a catch-up deferred (ADR 014): people whose events were stored while the consumer was far behind get
 * their journey and facts written once, from all their stored events (from the fold the deferred batches kept, when
 * kept), a chunk of people per transaction. Someone whose fact rows from before the catch-up were kept gets only the
 * rows the catch-up's events add, where nothing earlier changed (PersonFacts.replaceGrowing), not all of them again.
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

    /**
     * Notes the person's fact rows as stored before the catch-up in {@code previous}, when they were kept: their facts
     * then only grow where they can; in {@code appended}, how many events the kept fold went on with since those rows,
     * when it went on with every one of them.
     */
    private static void rowsBefore(KeptEvents.StoredRows stored, boolean hasRows, boolean foldKept, int events, String personId,
                                   Map<String, FactRows> previous, Map<String, Integer> appended) {
        if (stored == null || !hasRows) {
            return;
        }
        previous.put(personId, stored.rows());
        if (foldKept && stored.wentOnWith() != null && stored.of() + stored.wentOnWith() == events) {
            appended.put(personId, stored.wentOnWith());
        }
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
        Map<String, FactRows> previous = new HashMap<>();
        Map<String, Integer> appended = new HashMap<>();
        for (String personId : people) {
            List<RecordedEvent> all = stored.events().get(personId);
            if (all == null || all.isEmpty()) {
                log.error("Person {}'s stored events could not be read for their deferred fold; their journey keeps its rows: {}",
                        personId, stored.unreadable().get(personId));
                continue;
            }
            try {
                // the deferred batches' checks kept each person's fold, unless the budget was full
                JourneyFold.Tallied kept = stored.folds().get(personId);
                JourneyFold.Tallied fold = kept != null ? kept : JourneyFold.tallied(personId, all, returnWindow);
                journeys.add(new JourneyRows.JourneyRow(fold.at(now), all));
                committed.events().put(personId, all);
                committed.folds().put(personId, fold);
                rowsBefore(stored.stored().get(personId), withRows.contains(personId), kept != null, all.size(), personId, previous, appended);
            } catch (RuntimeException e) {
                // every prefix folded when it was stored, so this is not reached while the fold is a function
                log.error("Person {}'s deferred fold failed; their journey keeps its rows", personId, e);
            }
        }
        // only the rows of those whose rows were kept before are kept: a catch-up would hold every person's at once
        committed.rows().putAll(rows.writeFolded(journeys, now, withRows, previous, appended));
        return people.size();
    }
}
