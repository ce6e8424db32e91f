package org.casejourney.events.testing;

import org.casejourney.events.EventCorrected;

import java.util.Map;

/** An {@link EventCorrected} of a named event: by default its duration becomes 10 minutes, with no service. */
public final class EventCorrectedBuilder extends EventBuilder<EventCorrectedBuilder, EventCorrected> {

    private String correctsEventId;
    private Map<String, Object> changes = Map.of("durationMinutes", 10);
    private String reason = "entered wrongly";

    EventCorrectedBuilder(String correctsEventId) {
        this.correctsEventId = correctsEventId;
        service(null);
    }

    public EventCorrectedBuilder correctsEventId(String correctsEventId) {
        this.correctsEventId = correctsEventId;
        return this;
    }

    public EventCorrectedBuilder changes(Map<String, Object> changes) {
        this.changes = changes;
        return this;
    }

    public EventCorrectedBuilder reason(String reason) {
        this.reason = reason;
        return this;
    }

    @Override
    public EventCorrected build() {
        return new EventCorrected(eventId, occurredAt, service, team, organisation, practitioner, sourceSystem,
                correlationId, causationId, tags, correctsEventId, changes, reason);
    }
}
