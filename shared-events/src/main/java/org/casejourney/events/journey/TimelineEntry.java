package org.casejourney.events.journey;

import org.casejourney.events.PersonEvent;

import java.time.Instant;
import java.util.List;

/**
 * One recorded event in stream order, with what later events did to it. {@code event} is always
 * as recorded; {@code effective} is the corrected version when corrections apply. {@code episode}
 * is the number of the episode the fold counted it in: null for an event that does not count, or
 * that happened while no episode was open (after a closure, before the next contact).
 */
public record TimelineEntry(
        long sequence,
        String eventId,
        String type,
        Instant occurredAt,
        Instant recordedAt,
        String recordedBy,
        Status status,
        PersonEvent event,
        PersonEvent effective,
        List<String> correctedBy,
        String retractedBy,
        Integer episode) {

    TimelineEntry inEpisode(Integer number) {
        return new TimelineEntry(sequence, eventId, type, occurredAt, recordedAt, recordedBy, status, event, effective, correctedBy,
                retractedBy, number);
    }

    public enum Status {
        /** Counts as recorded. */
        ACTIVE,
        /** Counts in its corrected form, {@code effective}. */
        CORRECTED,
        /** Does not count. */
        RETRACTED,
        /** A correction or retraction of another event. */
        AMENDMENT,
        /** About the record rather than the person's journey (an erasure of personal data); never counts. */
        RECORD_KEEPING
    }
}
