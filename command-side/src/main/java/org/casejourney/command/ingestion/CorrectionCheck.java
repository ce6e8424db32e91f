package org.casejourney.command.ingestion;

import org.casejourney.command.person.PersonStream;
import org.casejourney.command.personaldata.PersonalDataVault;
import org.casejourney.command.platform.ApiProblem;
import org.casejourney.command.platform.ApiProblem.FieldError;
import org.casejourney.events.Corrections;
import org.casejourney.events.EventCorrected;
import org.casejourney.events.PersonEvent;
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
 * or unamendable targets are the aggregate's to refuse. A person's stream is read and opened at
 * most once per write, however many of their items are corrections, and not at all without one.
 */
@Component
class CorrectionCheck {

    private final PersonStream personStream;
    private final PersonalDataVault vault;
    private final EventParser parser;
    private final Clock clock;

    CorrectionCheck(PersonStream personStream, PersonalDataVault vault, EventParser parser, Clock clock) {
        this.personStream = personStream;
        this.vault = vault;
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
                stored = vault.reveal(personId, personStream.readAll(personId, null)).events();
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
                corrected = Corrections.apply(target.effective(), correction.changes());
            } catch (IllegalArgumentException e) {
                throw ApiProblem.invalidEvent(List.of(new FieldError("changes", "cannot apply to a " + target.type() + ": " + e.getMessage())));
            }
            parser.check(corrected, "changes.");
        }
    }
}
