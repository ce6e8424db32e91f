package org.casejourney.events;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Rules across fields of one event that annotations cannot say. Rules that need the person's
 * stream (a referral or event that must exist) belong to the command side's aggregate.
 */
public final class EventRules {

    /** One broken rule, naming the JSON field a client developer should fix. */
    public record Violation(String field, String message) {
    }

    /** Fields a correction may never change: they identify the event rather than describe it. */
    public static final Set<String> UNCORRECTABLE = Set.of("type", "eventId");

    private EventRules() {
    }

    public static List<Violation> check(PersonEvent event, Set<String> failureCategories) {
        List<Violation> violations = new ArrayList<>();
        if (event instanceof ContactRecorded c) {
            if (c.demandType() == DemandType.FAILURE && c.failureCategory() == null) {
                violations.add(new Violation("failureCategory", "is required when demandType is FAILURE; one of " + sorted(failureCategories)));
            } else if (c.demandType() == DemandType.VALUE && c.failureCategory() != null) {
                violations.add(new Violation("failureCategory", "must be absent when demandType is VALUE"));
            } else if (c.failureCategory() != null && !failureCategories.contains(c.failureCategory())) {
                violations.add(new Violation("failureCategory", "'" + c.failureCategory() + "' is not a known failure category; one of " + sorted(failureCategories)));
            }
        } else if (event instanceof HandoffMade h) {
            if (isBlank(h.toPractitioner()) && isBlank(h.toTeam())) {
                violations.add(new Violation("toTeam", "a handoff names the receiving toTeam or toPractitioner"));
            }
        } else if (event instanceof EventCorrected c && c.changes() != null) {
            for (String field : c.changes().keySet()) {
                if (UNCORRECTABLE.contains(field)) {
                    violations.add(new Violation("changes." + field, "cannot be corrected; retract the event and record a new one instead"));
                }
            }
        }
        return violations;
    }

    private static boolean isBlank(String s) {
        return s == null || s.isBlank();
    }

    private static List<String> sorted(Set<String> values) {
        return values.stream().sorted().toList();
    }
}
