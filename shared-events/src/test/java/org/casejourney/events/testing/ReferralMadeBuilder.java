package org.casejourney.events.testing;

import org.casejourney.events.ReferralMade;

/** A {@link ReferralMade}: by default referral {@code ref-1} to team {@code reablement-north}. */
public final class ReferralMadeBuilder extends EventBuilder<ReferralMadeBuilder, ReferralMade> {

    private String referralId = "ref-1";
    private String fromTeam;
    private String toTeam = "reablement-north";
    private String fromOrganisation;
    private String toOrganisation;
    private String reason;

    ReferralMadeBuilder() {
    }

    public ReferralMadeBuilder referralId(String referralId) {
        this.referralId = referralId;
        return this;
    }

    public ReferralMadeBuilder fromTeam(String fromTeam) {
        this.fromTeam = fromTeam;
        return this;
    }

    public ReferralMadeBuilder toTeam(String toTeam) {
        this.toTeam = toTeam;
        return this;
    }

    public ReferralMadeBuilder fromOrganisation(String fromOrganisation) {
        this.fromOrganisation = fromOrganisation;
        return this;
    }

    public ReferralMadeBuilder toOrganisation(String toOrganisation) {
        this.toOrganisation = toOrganisation;
        return this;
    }

    public ReferralMadeBuilder reason(String reason) {
        this.reason = reason;
        return this;
    }

    @Override
    public ReferralMade build() {
        return new ReferralMade(eventId, occurredAt, service, team, organisation, practitioner, sourceSystem,
                correlationId, causationId, tags, referralId, fromTeam, toTeam, fromOrganisation, toOrganisation, reason);
    }
}
