package org.casejourney.events.testing;

import org.casejourney.events.PersonEvent;
import org.casejourney.events.RecordedEvent;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The tests' event vocabulary: one builder per event type, each field named and defaulted so that
 * what a builder makes without being told is valid, and a test sets only the fields it is about.
 * Fields that are optional in the event stay empty until set.
 */
public final class TestEvents {

    public static final String SERVICE = "adult-social-care";
    public static final Instant OCCURRED_AT = Instant.parse("2026-01-05T09:00:00Z");
    public static final String PERSON_ID = "person-1";

    private TestEvents() {
    }

    /** An ISO-8601 instant with any offset, as front-line systems send them. */
    public static Instant at(String instant) {
        return OffsetDateTime.parse(instant).toInstant();
    }

    public static ContactRecordedBuilder contactRecorded() {
        return new ContactRecordedBuilder();
    }

    public static ReferralMadeBuilder referralMade() {
        return new ReferralMadeBuilder();
    }

    public static ReferralResolvedBuilder referralResolved() {
        return new ReferralResolvedBuilder();
    }

    public static AssessmentCompletedBuilder assessmentCompleted() {
        return new AssessmentCompletedBuilder();
    }

    public static SupportDeliveredBuilder supportDelivered() {
        return new SupportDeliveredBuilder();
    }

    public static HandoffMadeBuilder handoffMade() {
        return new HandoffMadeBuilder();
    }

    public static CaseClosedBuilder caseClosed() {
        return new CaseClosedBuilder();
    }

    /** A correction of the event {@code correctsEventId}, which has no default. */
    public static EventCorrectedBuilder eventCorrected(String correctsEventId) {
        return new EventCorrectedBuilder(correctsEventId);
    }

    /** A retraction of the event {@code correctsEventId}, which has no default. */
    public static EventRetractedBuilder eventRetracted(String correctsEventId) {
        return new EventRetractedBuilder(correctsEventId);
    }

    public static PersonalDataErasedBuilder personalDataErased() {
        return new PersonalDataErasedBuilder();
    }

    /** The events as stored on {@link #PERSON_ID}'s stream, in the order given, sequences from 0. */
    public static List<RecordedEvent> stream(PersonEvent... events) {
        return stream(Arrays.asList(events));
    }

    public static List<RecordedEvent> stream(List<? extends PersonEvent> events) {
        List<RecordedEvent> recorded = new ArrayList<>();
        for (PersonEvent event : events) {
            recorded.add(recorded(recorded.size(), event));
        }
        return recorded;
    }

    /** The event stored at {@code sequence} of {@link #PERSON_ID}'s stream, a minute after it happened. */
    public static RecordedEvent recorded(long sequence, PersonEvent event) {
        return new RecordedEvent(PERSON_ID, sequence, 1000 + sequence,
                event.occurredAt().plusSeconds(60), "contact-centre-system", event);
    }
}
