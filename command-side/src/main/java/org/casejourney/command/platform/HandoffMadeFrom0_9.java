package org.casejourney.command.platform;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.casejourney.events.HandoffMade;

/**
 * A split field: the 0.9 draft of HandoffMade named the receiving side in one field, {@code to}, as
 * {@code <organisation>/<team>} or a team alone; 1.0 has {@code toOrganisation} and {@code toTeam}. The text is
 * split at its first {@code /}; an empty part is left out.
 */
final class HandoffMadeFrom0_9 extends StoredFormUpcaster {

    HandoffMadeFrom0_9() {
        super(HandoffMade.class, "0.9", "1.0");
    }

    @Override
    ObjectNode upcast(ObjectNode payload) {
        JsonNode to = payload.remove("to");
        if (to == null || !to.isTextual()) {
            return payload;
        }
        String text = to.asText();
        int slash = text.indexOf('/');
        String organisation = slash < 0 ? "" : text.substring(0, slash);
        String team = text.substring(slash + 1);
        if (!organisation.isEmpty()) {
            payload.put("toOrganisation", organisation);
        }
        if (!team.isEmpty()) {
            payload.put("toTeam", team);
        }
        return payload;
    }
}
