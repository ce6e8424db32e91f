package org.casejourney.events.testing;

import org.casejourney.events.ReferralOutcome;
import org.casejourney.events.ReferralResolved;

/** A {@link ReferralResolved}: by default referral {@code ref-1} accepted. */
public final class ReferralResolvedBuilder extends EventBuilder<ReferralResolvedBuilder, ReferralResolved> {

    private String referralId = "ref-1";
    private ReferralOutcome outcome = ReferralOutcome.ACCEPTED;

    ReferralResolvedBuilder() {
    }

    public ReferralResolvedBuilder referralId(String referralId) {
        this.referralId = referralId;
        return this;
    }

    public ReferralResolvedBuilder outcome(ReferralOutcome outcome) {
        this.outcome = outcome;
        return this;
    }

    @Override
    public ReferralResolved build() {
        return new ReferralResolved(eventId, occurredAt, service, team, organisation, practitioner, sourceSystem,
                correlationId, causationId, tags, referralId, outcome);
    }
}
