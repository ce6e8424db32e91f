package org.casejourney.query.journey;

import org.casejourney.events.CaseClosed;
import org.casejourney.events.CaseOutcome;
import org.casejourney.events.EventCorrected;
import org.casejourney.events.PersonalDataErased;
import org.casejourney.events.ReferralOutcome;
import org.casejourney.events.ReferralResolved;
import org.casejourney.events.SupportDelivered;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.casejourney.events.testing.TestEvents.caseClosed;
import static org.casejourney.events.testing.TestEvents.eventCorrected;
import static org.casejourney.events.testing.TestEvents.personalDataErased;
import static org.casejourney.events.testing.TestEvents.referralResolved;
import static org.casejourney.events.testing.TestEvents.supportDelivered;

class SenderIdsTest {

    private static final Instant AT = Instant.parse("2026-03-02T09:00:00Z");

    @Test
    void everySenderChosenIdIsMappedAndNothingElse() {
        SupportDelivered support = supportDelivered().eventId("e-1").occurredAt(AT).service("asc").team("east").organisation("cc")
                .practitioner("pr-1").sourceSystem("crm").correlationId("corr-1").causationId("cause-1").tags(List.of("trial"))
                .activity("personal-care").durationMinutes(30).faceToFace(true).build();
        assertThat(SenderIds.map(support, id -> "P(" + id + ")")).isEqualTo(supportDelivered().eventId("P(e-1)").occurredAt(AT)
                .service("asc").team("east").organisation("cc").practitioner("pr-1").sourceSystem("crm")
                .correlationId("P(corr-1)").causationId("P(cause-1)").tags(List.of("trial")).activity("personal-care")
                .durationMinutes(30).faceToFace(true).build());

        ReferralResolved resolved = referralResolved().eventId("e-2").occurredAt(AT).service("asc").referralId("ref-1")
                .outcome(ReferralOutcome.ACCEPTED).build();
        assertThat(SenderIds.map(resolved, id -> "P(" + id + ")")).isEqualTo(referralResolved().eventId("P(e-2)").occurredAt(AT)
                .service("asc").referralId("P(ref-1)").outcome(ReferralOutcome.ACCEPTED).build());

        EventCorrected corrected = eventCorrected("e-2").eventId("e-3").occurredAt(AT).service("asc")
                .changes(Map.of("referralId", "ref-2", "outcome", "DECLINED")).reason(null).build();
        assertThat(SenderIds.map(corrected, id -> "P(" + id + ")")).isEqualTo(eventCorrected("P(e-2)").eventId("P(e-3)")
                .occurredAt(AT).service("asc").changes(Map.of("referralId", "P(ref-2)", "outcome", "DECLINED")).reason(null)
                .build());

        CaseClosed closed = caseClosed().eventId("e-4").occurredAt(AT).service("asc").outcome(CaseOutcome.NEEDS_MET).build();
        assertThat(SenderIds.map(closed, id -> "P(" + id + ")").eventId()).isEqualTo("P(e-4)");
    }

    @Test
    void anErasureKeepsNoReason() {
        PersonalDataErased erased = personalDataErased().eventId("e-5").occurredAt(AT).sourceSystem("casejourney")
                .correlationId("req-7").reason("erasure request ERQ-1").build();
        assertThat(SenderIds.map(erased, id -> "P(" + id + ")")).isEqualTo(personalDataErased().eventId("P(e-5)").occurredAt(AT)
                .sourceSystem("casejourney").correlationId("P(req-7)").reason(null).build());
    }
}
