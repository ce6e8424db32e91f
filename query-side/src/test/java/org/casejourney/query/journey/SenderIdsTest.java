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

class SenderIdsTest {

    private static final Instant AT = Instant.parse("2026-03-02T09:00:00Z");

    @Test
    void everySenderChosenIdIsMappedAndNothingElse() {
        SupportDelivered support = new SupportDelivered("e-1", AT, "asc", "east", "cc", "pr-1", "crm", "corr-1", "cause-1",
                List.of("trial"), "personal-care", 30, true);
        assertThat(SenderIds.map(support, id -> "P(" + id + ")")).isEqualTo(new SupportDelivered("P(e-1)", AT, "asc", "east", "cc",
                "pr-1", "crm", "P(corr-1)", "P(cause-1)", List.of("trial"), "personal-care", 30, true));

        ReferralResolved resolved = new ReferralResolved("e-2", AT, "asc", null, null, null, null, null, null, null, "ref-1",
                ReferralOutcome.ACCEPTED);
        assertThat(SenderIds.map(resolved, id -> "P(" + id + ")")).isEqualTo(new ReferralResolved("P(e-2)", AT, "asc", null, null,
                null, null, null, null, null, "P(ref-1)", ReferralOutcome.ACCEPTED));

        EventCorrected corrected = new EventCorrected("e-3", AT, "asc", null, null, null, null, null, null, null, "e-2",
                Map.of("referralId", "ref-2", "outcome", "DECLINED"), null);
        assertThat(SenderIds.map(corrected, id -> "P(" + id + ")")).isEqualTo(new EventCorrected("P(e-3)", AT, "asc", null, null,
                null, null, null, null, null, "P(e-2)", Map.of("referralId", "P(ref-2)", "outcome", "DECLINED"), null));

        CaseClosed closed = new CaseClosed("e-4", AT, "asc", null, null, null, null, null, null, null, CaseOutcome.NEEDS_MET);
        assertThat(SenderIds.map(closed, id -> "P(" + id + ")").eventId()).isEqualTo("P(e-4)");
    }

    @Test
    void anErasureKeepsNoReason() {
        PersonalDataErased erased = new PersonalDataErased("e-5", AT, null, null, null, null, "casejourney", "req-7", null, null,
                "erasure request ERQ-1");
        assertThat(SenderIds.map(erased, id -> "P(" + id + ")")).isEqualTo(new PersonalDataErased("P(e-5)", AT, null, null, null, null,
                "casejourney", "P(req-7)", null, null, null));
    }
}
