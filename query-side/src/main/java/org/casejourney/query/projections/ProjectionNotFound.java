package org.casejourney.query.projections;

import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.ErrorResponseException;

import java.net.URI;

class ProjectionNotFound extends ErrorResponseException {

    ProjectionNotFound(String name) {
        super(HttpStatus.NOT_FOUND, problem(name), null);
    }

    private static ProblemDetail problem(String name) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.NOT_FOUND, "There is no projection '" + name + "'.");
        problem.setType(URI.create("/problems/projection-not-found"));
        problem.setTitle("Projection not found");
        problem.setProperty("projection", name);
        return problem;
    }
}
