package org.casejourney.events;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/** Events with only the fields a test cares about; everything else is left empty. */
public final class TestEvents {

    public static final String SERVICE = "adult-social-care";

    private TestEvents() {
    }

    public static Instant at(String instant) {
        return Instant.parse(instant);
    }

    public static ContactRecorded valueContact(String id, String at) {
        return contact(id, at, Channel.PHONE, DemandType.VALUE, null, null, null);
    }

    public static ContactRecorded failureContact(String id, String at, String category) {
        return contact(id, at, Channel.PHONE, DemandType.FAILURE, category, null, null);
    }

    public static ContactRecorded contact(String id, String at, Channel channel, DemandType demandType,
                                          String failureCategory, Integer minutes, Boolean faceToFace) {
        return new ContactRecorded(id, at(at), SERVICE, null, null, null, null, null, null, null,
                channel, demandType, failureCategory, null, minutes, faceToFace);
    }

    public static ContactRecorded contactBy(String id, String at, String practitioner, String team, String organisation) {
        return new ContactRecorded(id, at(at), SERVICE, team, organisation, practitioner, null, null, null, null,
                Channel.PHONE, DemandType.VALUE, null, null, null, null);
    }

    public static ReferralMade referral(String id, String at, String referralId) {
        return new ReferralMade(id, at(at), SERVICE, null, null, null, null, null, null, null,
                referralId, "contact-centre", "reablement-north", null, null, null);
    }

    public static ReferralResolved resolution(String id, String at, String referralId, ReferralOutcome outcome) {
        return new ReferralResolved(id, at(at), SERVICE, null, null, null, null, null, null, null, referralId, outcome);
    }

    public static AssessmentCompleted assessment(String id, String at, Integer minutes, Boolean faceToFace) {
        return new AssessmentCompleted(id, at(at), SERVICE, null, null, null, null, null, null, null,
                "care-act-needs", "eligible", minutes, faceToFace);
    }

    public static SupportDelivered support(String id, String at, Integer minutes, Boolean faceToFace) {
        return new SupportDelivered(id, at(at), SERVICE, null, null, null, null, null, null, null,
                "personal-care", minutes, faceToFace);
    }

    public static HandoffMade handoff(String id, String at, String fromPractitioner, String toPractitioner,
                                      String fromTeam, String toTeam) {
        return new HandoffMade(id, at(at), SERVICE, null, null, null, null, null, null, null,
                fromPractitioner, fromTeam, null, toPractitioner, toTeam, null, "caseload balancing");
    }

    public static CaseClosed closure(String id, String at) {
        return new CaseClosed(id, at(at), SERVICE, null, null, null, null, null, null, null, CaseOutcome.NEEDS_MET);
    }

    public static EventCorrected correction(String id, String at, String correctsEventId, Map<String, Object> changes) {
        return new EventCorrected(id, at(at), null, null, null, null, null, null, null, null,
                correctsEventId, changes, "entered wrongly");
    }

    public static EventRetracted retraction(String id, String at, String correctsEventId) {
        return new EventRetracted(id, at(at), null, null, null, null, null, null, null, null,
                correctsEventId, "recorded on the wrong person");
    }

    /** The events as stored on one person's stream, in the order given, sequences from 0. */
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

    public static RecordedEvent recorded(long sequence, PersonEvent event) {
        return new RecordedEvent("person-1", sequence, 1000 + sequence,
                event.occurredAt().plusSeconds(60), "contact-centre-system", event);
    }
}
