package org.casejourney.events;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.Map;

/** How a correction's {@code changes} turn an event into its corrected version. */
public final class Corrections {

    private Corrections() {
    }

    /**
     * The event as it reads after the changes: each named field takes the new value (null clears an
     * optional field); {@code type} and {@code eventId} never change.
     *
     * @throws IllegalArgumentException when a change names no field of the event or has the wrong type
     */
    public static PersonEvent apply(PersonEvent original, Map<String, Object> changes) {
        ObjectNode tree = EventJson.mapper().valueToTree(original);
        changes.forEach((field, value) -> {
            if (!EventRules.UNCORRECTABLE.contains(field)) {
                tree.set(field, EventJson.mapper().valueToTree(value));
            }
        });
        try {
            return EventJson.mapper().treeToValue(tree, PersonEvent.class);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException(e.getOriginalMessage(), e);
        }
    }
}
