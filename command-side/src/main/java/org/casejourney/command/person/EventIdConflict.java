package org.casejourney.command.person;

/** The event id is already on the stream with different content. */
public class EventIdConflict extends RuntimeException {

    public EventIdConflict(String eventId) {
        super("eventId '" + eventId + "' was already recorded with different content");
    }
}
