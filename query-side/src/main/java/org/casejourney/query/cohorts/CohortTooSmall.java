package org.casejourney.query.cohorts;

import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.ErrorResponseException;

import java.net.URI;

/** A cohort of so few people that its means would describe individuals: 422, without its figures. */
class CohortTooSmall extends ErrorResponseException {

    static final URI TYPE = URI.create("/problems/cohort-too-small");

    CohortTooSmall(String cohort, int minPeople) {
        super(HttpStatus.UNPROCESSABLE_ENTITY, problem(cohort, minPeople), null);
    }

    private static ProblemDetail problem(String cohort, int minPeople) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.UNPROCESSABLE_ENTITY, "The cohort" + (cohort.isEmpty() ? "" : " " + cohort)
                + " matches fewer than " + minPeople + " people, the smallest cohort whose measures are shown; widen its filter"
                + " (more pseudonyms, a longer first-contact range, a team or service instead of a tag).");
        problem.setType(TYPE);
        problem.setTitle("Cohort too small");
        problem.setProperty("cohort", cohort.isEmpty() ? null : cohort);
        problem.setProperty("minCohortSize", minPeople);
        return problem;
    }
}
