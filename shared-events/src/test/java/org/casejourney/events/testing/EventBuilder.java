package org.casejourney.events.testing;

import org.casejourney.events.PersonEvent;

import java.time.Instant;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The fields every event has, named and defaulted: a fresh event id, {@link TestEvents#OCCURRED_AT},
 * {@link TestEvents#SERVICE}, and nothing else. Each event type's builder adds its own fields.
 */
public abstract class EventBuilder<B extends EventBuilder<B, E>, E extends PersonEvent> {

    private static final AtomicLong IDS = new AtomicLong();

    // a fresh id per builder unless a test names it, so two defaulted events are never taken for one
    String eventId = "test-event-" + IDS.incrementAndGet();
    Instant occurredAt = TestEvents.OCCURRED_AT;
    String service = TestEvents.SERVICE;
    String team;
    String organisation;
    String practitioner;
    String sourceSystem;
    String correlationId;
    String causationId;
    List<String> tags;

    EventBuilder() {
    }

    public abstract E build();

    public B eventId(String eventId) {
        this.eventId = eventId;
        return self();
    }

    public B occurredAt(Instant occurredAt) {
        this.occurredAt = occurredAt;
        return self();
    }

    /** An ISO-8601 instant with any offset, as front-line systems send them. */
    public B occurredAt(String occurredAt) {
        return occurredAt(TestEvents.at(occurredAt));
    }

    public B service(String service) {
        this.service = service;
        return self();
    }

    public B team(String team) {
        this.team = team;
        return self();
    }

    public B organisation(String organisation) {
        this.organisation = organisation;
        return self();
    }

    public B practitioner(String practitioner) {
        this.practitioner = practitioner;
        return self();
    }

    public B sourceSystem(String sourceSystem) {
        this.sourceSystem = sourceSystem;
        return self();
    }

    public B correlationId(String correlationId) {
        this.correlationId = correlationId;
        return self();
    }

    public B causationId(String causationId) {
        this.causationId = causationId;
        return self();
    }

    public B tags(List<String> tags) {
        this.tags = tags;
        return self();
    }

    public B tags(String... tags) {
        return tags(List.of(tags));
    }

    @SuppressWarnings("unchecked")
    private B self() {
        return (B) this;
    }
}
