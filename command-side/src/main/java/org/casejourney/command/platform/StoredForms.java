package org.casejourney.command.platform;

import org.axonframework.messaging.Message;
import org.axonframework.serialization.upcasting.event.EventUpcaster;
import org.axonframework.serialization.upcasting.event.EventUpcasterChain;

/**
 * The forms events were stored in before today's, read as today's records by Axon upcasters on the event store
 * (docs/events.md, "Versions and compatibility"). A stored row is never changed: an event read through an
 * upcaster carries the revision it was stored under in its (unstored) metadata, so whoever shows or publishes
 * it can tell, and the hash chain is checked over the row as stored.
 */
public final class StoredForms {

    /** Metadata key on an event read through an upcaster: the revision its row was stored under, such as {@code 0.9}. */
    public static final String RECORDED_VERSION = "recordedVersion";

    private StoredForms() {
    }

    /** Every upcaster, oldest stored form first; each turns one row into one event. */
    public static EventUpcaster upcasters() {
        return new EventUpcasterChain(new ReferralMadeFrom0_9(), new HandoffMadeFrom0_9());
    }

    /** The revision the event's row was stored under when it was read through an upcaster; null when stored in today's form. */
    public static String recordedVersion(Message<?> message) {
        Object version = message.getMetaData().get(RECORDED_VERSION);
        return version == null ? null : version.toString();
    }
}
