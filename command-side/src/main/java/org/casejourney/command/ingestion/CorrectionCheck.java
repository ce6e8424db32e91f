package org.casejourney.command.ingestion;

import org.casejourney.command.person.StoredStreams;
import org.casejourney.platform.problems.ApiProblem;
import org.casejourney.platform.problems.ApiProblem.FieldError;
import org.casejourney.events.Corrections;
import org.casejourney.events.EventCorrected;
import org.casejourney.events.PersonEvent;
import org.casejourney.events.PersonalData;
import org.casejourney.events.RecordedEvent;
import org.casejourney.events.journey.JourneyFold;
import org.casejourney.events.journey.TimelineEntry;
import org.springframework.stereotype.Component;

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;

/**
 * A correction must leave a valid event behind: apply it to the event as it will then read
 * (stored events and the request's earlier ones) and check the result like a new event. Missing
 * or unamendable targets are the aggregate's to refuse.
 *
 * <p>The check works on the stream as stored, personal text sealed: nothing is decrypted. Sealed
 * fields the correction leaves alone were checked when they were recorded, so they stand in as a
 * placeholder; fields it changes arrive in plain and are checked. The stream comes from
 * {@link StoredStreams}, so a series of corrections against a long stream reads only its new tail.
 */
@Component
class CorrectionCheck {

    private static final String UNCHANGED_SEALED_TEXT = "sealed";

    private final StoredStreams streams;
    private final EventParser parser;
    private final Clock clock;

    CorrectionCheck(StoredStreams streams, EventParser parser, Clock clock) {
        this.streams = streams;
        this.parser = parser;
        this.clock = clock;
    }

    OfPerson of(String personId) {
        return new OfPerson(personId);
    }

    /** The checks of one person's items in one write. */
    final class OfPerson {
        private final String personId;
        private List<RecordedEvent> stored;

        private OfPerson(String personId) {
            this.personId = personId;
        }

        /** @throws ApiProblem 422 when the corrected event would be invalid */
        void check(PersonEvent event, List<PersonEvent> earlier) {
            if (!(event instanceof EventCorrected correction)) {
                return;
            }
            if (stored == null) {
                stored = streams.whole(personId);
            }
            List<RecordedEvent> stream = new ArrayList<>(stored);
            long next = stream.size();
            for (PersonEvent e : earlier) {
                stream.add(new RecordedEvent(personId, next++, null, clock.instant(), null, e));
            }
            TimelineEntry target = JourneyFold.timeline(stream).stream()
                    .filter(e -> e.eventId().equals(correction.correctsEventId()))
                    .findFirst().orElse(null);
            if (target == null || target.status() == TimelineEntry.Status.AMENDMENT || target.status() == TimelineEntry.Status.RETRACTED) {
                return;
            }
            PersonEvent corrected;
            try {
                corrected = Corrections.apply(PersonalData.map(target.effective(), text -> UNCHANGED_SEALED_TEXT), correction.changes());
            } catch (IllegalArgumentException e) {
                throw ApiProblem.invalidEvent(List.of(new FieldError("changes", "cannot apply to a " + target.type() + ": " + e.getMessage())));
            }
            parser.check(corrected, "changes.");
        }
    }
}
