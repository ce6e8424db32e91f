package org.casejourney.query.cohorts;

import org.casejourney.platform.problems.ApiProblem;
import org.springframework.http.HttpStatus;

/** A cohort of so few people that its means would describe individuals: 422 ({@code cohort-too-small}), without its figures. */
class CohortTooSmall extends ApiProblem {

    CohortTooSmall(String cohort, int minPeople) {
        super(HttpStatus.UNPROCESSABLE_ENTITY, "cohort-too-small", "Cohort too small", "The cohort" + (cohort.isEmpty() ? "" : " " + cohort)
                + " matches fewer than " + minPeople + " people, the smallest cohort whose measures are shown; widen its filter"
                + " (more pseudonyms, a longer first-contact range, a team or service instead of a tag).");
        with("cohort", cohort.isEmpty() ? null : cohort);
        with("minCohortSize", minPeople);
    }
}
