package org.casejourney.events;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;

import java.time.Instant;
import java.util.List;

/**
 * Everything that can be recorded about a person, one record per kind. The JSON {@code type}
 * names the kind; the record class names are a stored contract (renaming one needs an upcaster).
 *
 * <p>Lifecycle of a person's stream: contacts open an episode, referrals, assessments, support
 * and handoffs happen inside it, a case closure ends it, and corrections or retractions amend
 * earlier events without ever changing them in place.
 */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, include = JsonTypeInfo.As.PROPERTY, property = "type")
@JsonSubTypes({
        @JsonSubTypes.Type(value = ContactRecorded.class, name = "ContactRecorded"),
        @JsonSubTypes.Type(value = ReferralMade.class, name = "ReferralMade"),
        @JsonSubTypes.Type(value = ReferralResolved.class, name = "ReferralResolved"),
        @JsonSubTypes.Type(value = AssessmentCompleted.class, name = "AssessmentCompleted"),
        @JsonSubTypes.Type(value = SupportDelivered.class, name = "SupportDelivered"),
        @JsonSubTypes.Type(value = HandoffMade.class, name = "HandoffMade"),
        @JsonSubTypes.Type(value = CaseClosed.class, name = "CaseClosed"),
        @JsonSubTypes.Type(value = EventCorrected.class, name = "EventCorrected"),
        @JsonSubTypes.Type(value = EventRetracted.class, name = "EventRetracted"),
        @JsonSubTypes.Type(value = PersonalDataErased.class, name = "PersonalDataErased")
})
public sealed interface PersonEvent
        permits ContactRecorded, ReferralMade, ReferralResolved, AssessmentCompleted, SupportDelivered,
        HandoffMade, CaseClosed, EventCorrected, EventRetracted, PersonalDataErased {

    /** The JSON {@code type} of this kind: the simple name of its record. */
    default String type() {
        return getClass().getSimpleName();
    }

    String eventId();

    Instant occurredAt();

    String service();

    String team();

    String organisation();

    String practitioner();

    String sourceSystem();

    String correlationId();

    String causationId();

    List<String> tags();

    /** Minutes of work this event stands for, when it carries a duration. */
    default Integer durationMinutes() {
        return null;
    }

    /** Whether the time of this event was spent face to face with the person, when it says so. */
    default boolean spentFaceToFace() {
        return false;
    }

    /** Fills the provenance fields a sender left empty, never overriding what it sent. */
    PersonEvent withProvenance(String sourceSystem, String correlationId);

    static String firstNonBlank(String sent, String fallback) {
        return sent == null || sent.isBlank() ? fallback : sent;
    }
}
