package org.casejourney.events.testing;

import org.casejourney.events.EventRetracted;

/** An {@link EventRetracted} of a named event: by default recorded on the wrong person, with no service. */
public final class EventRetractedBuilder extends EventBuilder<EventRetractedBuilder, EventRetracted> {

    private String correctsEventId;
    private String reason = "recorded on the wrong person";

    EventRetractedBuilder(String correctsEventId) {
        this.correctsEventId = correctsEventId;
        service(null);
    }

    public EventRetractedBuilder correctsEventId(String correctsEventId) {
        this.correctsEventId = correctsEventId;
        return this;
    }

    public EventRetractedBuilder reason(String reason) {
        this.reason = reason;
        return this;
    }

    @Override
    public EventRetracted build() {
        return new EventRetracted(eventId, occurredAt, service, team, organisation, practitioner, sourceSystem,
                correlationId, causationId, tags, correctsEventId, reason);
    }
}
