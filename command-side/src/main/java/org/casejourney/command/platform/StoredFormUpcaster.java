package org.casejourney.command.platform;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.axonframework.serialization.SerializedType;
import org.axonframework.serialization.SimpleSerializedType;
import org.axonframework.serialization.upcasting.event.IntermediateEventRepresentation;
import org.axonframework.serialization.upcasting.event.SingleEventUpcaster;
import org.casejourney.events.PersonEvent;

/**
 * Reads one event type's rows stored under one revision as the next revision's form, and notes the revision
 * recorded in the event's metadata (the first one, when several upcasters apply in turn).
 */
abstract class StoredFormUpcaster extends SingleEventUpcaster {

    /** The form of rows stored before revisions were written (EventRevisions), which carry none. */
    static final String UNREVISED_FORM = "1.0";

    private final SerializedType from;
    private final SerializedType to;

    StoredFormUpcaster(Class<? extends PersonEvent> type, String fromRevision, String toRevision) {
        this.from = new SimpleSerializedType(type.getName(), fromRevision);
        this.to = new SimpleSerializedType(type.getName(), toRevision);
    }

    @Override
    protected boolean canUpcast(IntermediateEventRepresentation stored) {
        SerializedType type = stored.getType();
        return from.getName().equals(type.getName()) && (from.getRevision().equals(type.getRevision())
                || type.getRevision() == null && UNREVISED_FORM.equals(from.getRevision()));
    }

    @Override
    protected IntermediateEventRepresentation doUpcast(IntermediateEventRepresentation stored) {
        // the first upcaster in a chain notes the revision recorded; the later ones keep it
        return stored.upcast(to, JsonNode.class, payload -> upcast(((ObjectNode) payload).deepCopy()),
                metaData -> metaData.containsKey(StoredForms.RECORDED_VERSION) ? metaData
                        : metaData.and(StoredForms.RECORDED_VERSION, from.getRevision()));
    }

    /** The payload in the next revision's form; {@code payload} is a copy, free to change. */
    abstract ObjectNode upcast(ObjectNode payload);
}
