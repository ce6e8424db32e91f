package org.casejourney.events.journey;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import org.casejourney.events.Pseudonyms;

import java.util.List;

/**
 * A journey as the command side answers it, with each sender-chosen id replaced by its pseudonym
 * as the query side holds it: what lets a test or a reconciliation compare the two sides' journeys.
 */
public final class SenderIdsInJourneys {

    private static final List<String> ID_FIELDS = List.of("eventId", "correlationId", "causationId", "referralId",
            "correctsEventId", "retractedBy");

    private SenderIdsInJourneys() {
    }

    /** Replaces, in place and at any depth, every sender-chosen id field (and {@code correctedBy} lists) by its pseudonym. */
    public static void pseudonymise(JsonNode node, Pseudonyms pseudonyms) {
        if (node instanceof ObjectNode object) {
            for (String field : ID_FIELDS) {
                if (object.path(field).isTextual()) {
                    object.put(field, pseudonyms.of(object.path(field).asText()));
                }
            }
            if (object.get("correctedBy") instanceof ArrayNode ids) {
                for (int i = 0; i < ids.size(); i++) {
                    ids.set(i, TextNode.valueOf(pseudonyms.of(ids.get(i).asText())));
                }
            }
        }
        node.forEach(child -> pseudonymise(child, pseudonyms));
    }
}
