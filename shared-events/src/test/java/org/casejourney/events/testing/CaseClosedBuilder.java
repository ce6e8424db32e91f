package org.casejourney.events.testing;

import org.casejourney.events.CaseClosed;
import org.casejourney.events.CaseOutcome;

/** A {@link CaseClosed}: by default with the needs met. */
public final class CaseClosedBuilder extends EventBuilder<CaseClosedBuilder, CaseClosed> {

    private CaseOutcome outcome = CaseOutcome.NEEDS_MET;

    CaseClosedBuilder() {
    }

    public CaseClosedBuilder outcome(CaseOutcome outcome) {
        this.outcome = outcome;
        return this;
    }

    @Override
    public CaseClosed build() {
        return new CaseClosed(eventId, occurredAt, service, team, organisation, practitioner, sourceSystem,
                correlationId, causationId, tags, outcome);
    }
}
