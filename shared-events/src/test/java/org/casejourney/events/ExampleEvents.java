package org.casejourney.events;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One complete example of each event type, as a front-line system would send it, fields in the
 * order EventJson writes them. docs/events.md shows the same examples.
 */
final class ExampleEvents {

    static final Map<String, String> BY_TYPE = new LinkedHashMap<>();

    static {
        BY_TYPE.put("ContactRecorded", """
                {"type":"ContactRecorded","eventId":"cc-2026-000123","occurredAt":"2026-01-05T09:12:00Z",
                 "service":"adult-social-care","team":"contact-centre","organisation":"county-council",
                 "practitioner":"cc-0042","sourceSystem":"contact-centre-crm","correlationId":"call-98311",
                 "causationId":"call-98310","tags":["pilot-north"],"channel":"PHONE","demandType":"FAILURE",
                 "failureCategory":"PROGRESS_CHASING","whatMatters":"I want to know when someone is coming to help me wash",
                 "durationMinutes":12,"faceToFace":false}""");
        BY_TYPE.put("ReferralMade", """
                {"type":"ReferralMade","eventId":"cc-2026-000124","occurredAt":"2026-01-05T09:30:00Z",
                 "service":"adult-social-care","team":"contact-centre","organisation":"county-council",
                 "practitioner":"cc-0042","referralId":"ref-5521","fromTeam":"contact-centre",
                 "toTeam":"reablement-north","fromOrganisation":"county-council","toOrganisation":"county-council",
                 "reason":"help with personal care after a hospital stay"}""");
        BY_TYPE.put("ReferralResolved", """
                {"type":"ReferralResolved","eventId":"rn-77810","occurredAt":"2026-01-06T14:00:00Z",
                 "service":"adult-social-care","team":"reablement-north","organisation":"county-council",
                 "practitioner":"rn-0007","referralId":"ref-5521","outcome":"ACCEPTED"}""");
        BY_TYPE.put("AssessmentCompleted", """
                {"type":"AssessmentCompleted","eventId":"rn-77811","occurredAt":"2026-01-08T10:00:00Z",
                 "service":"adult-social-care","team":"reablement-north","organisation":"county-council",
                 "practitioner":"rn-0007","assessmentType":"care-act-needs","outcome":"eligible",
                 "durationMinutes":90,"faceToFace":true}""");
        BY_TYPE.put("SupportDelivered", """
                {"type":"SupportDelivered","eventId":"rn-77820","occurredAt":"2026-01-09T08:00:00Z",
                 "service":"adult-social-care","team":"reablement-north","organisation":"county-council",
                 "practitioner":"rn-0011","activity":"personal-care","durationMinutes":45,"faceToFace":true}""");
        BY_TYPE.put("HandoffMade", """
                {"type":"HandoffMade","eventId":"rn-77830","occurredAt":"2026-01-12T16:00:00Z",
                 "service":"adult-social-care","team":"reablement-north","organisation":"county-council",
                 "practitioner":"rn-0007","fromPractitioner":"rn-0007","fromTeam":"reablement-north",
                 "toPractitioner":"ot-0003","toTeam":"occupational-therapy","toOrganisation":"nhs-community-trust",
                 "reason":"needs a bathing assessment"}""");
        BY_TYPE.put("CaseClosed", """
                {"type":"CaseClosed","eventId":"rn-77900","occurredAt":"2026-02-02T12:00:00Z",
                 "service":"adult-social-care","team":"reablement-north","organisation":"county-council",
                 "practitioner":"rn-0007","outcome":"NEEDS_MET"}""");
        BY_TYPE.put("EventCorrected", """
                {"type":"EventCorrected","eventId":"cc-2026-000190","occurredAt":"2026-01-07T11:00:00Z",
                 "service":"adult-social-care","team":"contact-centre","practitioner":"cc-0050",
                 "correctsEventId":"cc-2026-000123","changes":{"durationMinutes":18},
                 "reason":"call length was typed as 12 instead of 18"}""");
        BY_TYPE.put("EventRetracted", """
                {"type":"EventRetracted","eventId":"cc-2026-000191","occurredAt":"2026-01-07T11:05:00Z",
                 "service":"adult-social-care","team":"contact-centre","practitioner":"cc-0050",
                 "correctsEventId":"cc-2026-000124","reason":"entered twice; the referral is recorded once already"}""");
        BY_TYPE.put("PersonalDataErased", """
                {"type":"PersonalDataErased","eventId":"erasure-2b7c1f0e-5d1a-4f0e-9a57-0c2d3f9e1a11",
                 "occurredAt":"2026-03-02T10:00:00Z","reason":"erasure request ER-2026-0042"}""");
    }

    private ExampleEvents() {
    }
}
