package org.casejourney.command.platform;

import com.fasterxml.jackson.databind.node.ObjectNode;
import org.casejourney.events.ReferralMade;

/** A renamed field: the 0.9 draft of ReferralMade called the referral's identifier {@code referral}; 1.0 calls it {@code referralId}. */
final class ReferralMadeFrom0_9 extends StoredFormUpcaster {

    ReferralMadeFrom0_9() {
        super(ReferralMade.class, "0.9", "1.0");
    }

    @Override
    ObjectNode upcast(ObjectNode payload) {
        if (payload.has("referral")) {
            payload.set("referralId", payload.remove("referral"));
        }
        return payload;
    }
}
