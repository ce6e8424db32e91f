package org.casejourney.events;

import org.casejourney.events.EventRules.Violation;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.casejourney.events.testing.TestEvents.SERVICE;
import static org.casejourney.events.testing.TestEvents.contactRecorded;
import static org.casejourney.events.testing.TestEvents.eventCorrected;
import static org.casejourney.events.testing.TestEvents.handoffMade;

class EventRulesTest {

    private static final Set<String> STANDARD = FailureCategories.withExtra(List.of());
    private static final Instant AT = Instant.parse("2026-01-05T09:00:00Z");

    private static List<Violation> check(PersonEvent event) {
        return EventRules.check(event, STANDARD);
    }

    private static ContactRecorded contactOf(DemandType demandType, String failureCategory) {
        return contactRecorded().eventId("c1").occurredAt("2026-01-05T09:00:00Z").demandType(demandType)
                .failureCategory(failureCategory).durationMinutes(10).build();
    }

    private static HandoffMade handoffTo(String toPractitioner, String toTeam) {
        return handoffMade().eventId("h1").occurredAt(AT).service(SERVICE).fromPractitioner("rn-01").fromTeam("reablement-north")
                .toPractitioner(toPractitioner).toTeam(toTeam).build();
    }

    @Test
    void aFailureContactNeedsAFailureCategory() {
        assertThat(check(contactOf(DemandType.FAILURE, null))).extracting(Violation::field).containsExactly("failureCategory");
    }

    @Test
    void aFailureContactWithAStandardCategoryIsValid() {
        for (String category : FailureCategories.STANDARD) {
            assertThat(check(contactOf(DemandType.FAILURE, category))).as(category).isEmpty();
        }
    }

    @Test
    void aValueContactMayNotHaveAFailureCategory() {
        assertThat(check(contactOf(DemandType.VALUE, FailureCategories.OTHER)))
                .containsExactly(new Violation("failureCategory", "must be absent when demandType is VALUE"));
    }

    @Test
    void aValueContactWithoutCategoryIsValid() {
        assertThat(check(contactOf(DemandType.VALUE, null))).isEmpty();
    }

    @Test
    void anUnknownFailureCategoryIsRefused() {
        List<Violation> violations = check(contactOf(DemandType.FAILURE, "LOST_PAPERWORK"));

        assertThat(violations).extracting(Violation::field).containsExactly("failureCategory");
        assertThat(violations.get(0).message()).contains("LOST_PAPERWORK", "PROGRESS_CHASING");
    }

    @Test
    void aConfiguredExtraCategoryIsAccepted() {
        Set<String> configured = FailureCategories.withExtra(List.of("LOST_PAPERWORK"));

        assertThat(EventRules.check(contactOf(DemandType.FAILURE, "LOST_PAPERWORK"), configured)).isEmpty();
        assertThat(EventRules.check(contactOf(DemandType.FAILURE, FailureCategories.REPEAT_CONTACT), configured)).isEmpty();
    }

    @Test
    void aHandoffNeedsAReceivingTeamOrPractitioner() {
        assertThat(check(handoffTo(null, null))).extracting(Violation::field).containsExactly("toTeam");
        assertThat(check(handoffTo(" ", ""))).extracting(Violation::field).containsExactly("toTeam");
    }

    @Test
    void aHandoffToATeamOrToAPractitionerIsValid() {
        assertThat(check(handoffTo(null, "occupational-therapy"))).isEmpty();
        assertThat(check(handoffTo("ot-03", null))).isEmpty();
    }

    @Test
    void aCorrectionCannotChangeTheTypeOrTheEventId() {
        var correction = eventCorrected("c1").eventId("x1").occurredAt("2026-01-06T09:00:00Z")
                .changes(Map.of("type", "AssessmentCompleted", "eventId", "c2", "durationMinutes", 20)).build();

        assertThat(check(correction)).extracting(Violation::field)
                .containsExactlyInAnyOrder("changes.type", "changes.eventId");
    }

    @Test
    void aCorrectionOfDescriptiveFieldsIsValid() {
        var correction = eventCorrected("c1").eventId("x1").occurredAt("2026-01-06T09:00:00Z")
                .changes(Map.of("durationMinutes", 20, "channel", "EMAIL")).build();

        assertThat(check(correction)).isEmpty();
    }
}
