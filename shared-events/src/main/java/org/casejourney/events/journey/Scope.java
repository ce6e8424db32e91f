package org.casejourney.events.journey;

import org.casejourney.events.PersonEvent;

import java.time.Instant;

/**
 * What a scoped measure counts of a person's journey: only the events of this service and team, in
 * [from, to); a null part does not restrict. An episode is in scope when one of its counted events is, and,
 * with a period, when it closed in it.
 */
public record Scope(String service, String team, Instant from, Instant to) {

    public static final Scope EVERYTHING = new Scope(null, null, null, null);

    public boolean covers(PersonEvent event) {
        return (service == null || service.equals(event.service()))
                && (team == null || team.equals(event.team()))
                && within(event.occurredAt());
    }

    boolean within(Instant at) {
        return (from == null || !at.isBefore(from)) && (to == null || at.isBefore(to));
    }

    boolean hasPeriod() {
        return from != null || to != null;
    }
}
