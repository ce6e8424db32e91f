package org.casejourney.query.journey;

import org.casejourney.platform.problems.ApiProblem;
import org.springframework.http.HttpStatus;

/** No event of this person has reached the read model. */
class PersonNotFound extends ApiProblem {

    PersonNotFound(String pseudonym) {
        super(HttpStatus.NOT_FOUND, "person-not-found", "Person not found",
                "No events are known for the person with pseudonym '" + pseudonym + "'.");
        with("pseudonym", pseudonym);
    }
}
