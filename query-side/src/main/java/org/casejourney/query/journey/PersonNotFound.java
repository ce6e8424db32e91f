package org.casejourney.query.journey;

import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.ErrorResponseException;

import java.net.URI;

/** No event of this person has reached the read model. */
class PersonNotFound extends ErrorResponseException {

    PersonNotFound(String personId) {
        super(HttpStatus.NOT_FOUND, problem(personId), null);
    }

    private static ProblemDetail problem(String personId) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.NOT_FOUND,
                "No events are known for person '" + personId + "'.");
        problem.setType(URI.create("/problems/person-not-found"));
        problem.setTitle("Person not found");
        problem.setProperty("personId", personId);
        return problem;
    }
}
