package org.casejourney.events.testing;

import org.casejourney.events.AssessmentCompleted;

/** An {@link AssessmentCompleted}: by default a {@code care-act-needs} assessment with no outcome or minutes. */
public final class AssessmentCompletedBuilder extends EventBuilder<AssessmentCompletedBuilder, AssessmentCompleted> {

    private String assessmentType = "care-act-needs";
    private String outcome;
    private Integer durationMinutes;
    private Boolean faceToFace;

    AssessmentCompletedBuilder() {
    }

    public AssessmentCompletedBuilder assessmentType(String assessmentType) {
        this.assessmentType = assessmentType;
        return this;
    }

    public AssessmentCompletedBuilder outcome(String outcome) {
        this.outcome = outcome;
        return this;
    }

    public AssessmentCompletedBuilder durationMinutes(Integer durationMinutes) {
        this.durationMinutes = durationMinutes;
        return this;
    }

    public AssessmentCompletedBuilder faceToFace(Boolean faceToFace) {
        this.faceToFace = faceToFace;
        return this;
    }

    @Override
    public AssessmentCompleted build() {
        return new AssessmentCompleted(eventId, occurredAt, service, team, organisation, practitioner, sourceSystem,
                correlationId, causationId, tags, assessmentType, outcome, durationMinutes, faceToFace);
    }
}
