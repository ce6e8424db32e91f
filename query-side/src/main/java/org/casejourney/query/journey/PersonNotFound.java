package org.casejourney.query.journey;

import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.ErrorResponseException;

import java.net.URI;

/** No event of this person has reached the read model. */
class PersonNotFound extends ErrorResponseException {

    PersonNotFound(String pseudonym) {
        super(HttpStatus.NOT_FOUND, problem(pseudonym), null);
    }

    private static ProblemDetail problem(String pseudonym) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.NOT_FOUND,
                "No events are known for the person with pseudonym '" + pseudonym + "'.");
        problem.setType(URI.create("/problems/person-not-found"));
        problem.setTitle("Person not found");
        problem.setProperty("pseudonym", pseudonym);
        return problem;
    }
}
