package org.casejourney.events.testing;

import org.casejourney.events.HandoffMade;

/** A {@link HandoffMade}: by default to team {@code reablement-north} (a handoff must name who receives it). */
public final class HandoffMadeBuilder extends EventBuilder<HandoffMadeBuilder, HandoffMade> {

    private String fromPractitioner;
    private String fromTeam;
    private String fromOrganisation;
    private String toPractitioner;
    private String toTeam = "reablement-north";
    private String toOrganisation;
    private String reason;

    HandoffMadeBuilder() {
    }

    public HandoffMadeBuilder fromPractitioner(String fromPractitioner) {
        this.fromPractitioner = fromPractitioner;
        return this;
    }

    public HandoffMadeBuilder fromTeam(String fromTeam) {
        this.fromTeam = fromTeam;
        return this;
    }

    public HandoffMadeBuilder fromOrganisation(String fromOrganisation) {
        this.fromOrganisation = fromOrganisation;
        return this;
    }

    public HandoffMadeBuilder toPractitioner(String toPractitioner) {
        this.toPractitioner = toPractitioner;
        return this;
    }

    public HandoffMadeBuilder toTeam(String toTeam) {
        this.toTeam = toTeam;
        return this;
    }

    public HandoffMadeBuilder toOrganisation(String toOrganisation) {
        this.toOrganisation = toOrganisation;
        return this;
    }

    public HandoffMadeBuilder reason(String reason) {
        this.reason = reason;
        return this;
    }

    @Override
    public HandoffMade build() {
        return new HandoffMade(eventId, occurredAt, service, team, organisation, practitioner, sourceSystem,
                correlationId, causationId, tags, fromPractitioner, fromTeam, fromOrganisation, toPractitioner, toTeam,
                toOrganisation, reason);
    }
}
