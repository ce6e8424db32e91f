package org.casejourney.query.projections;

import org.casejourney.platform.problems.ApiProblem;
import org.springframework.http.HttpStatus;

class ProjectionNotFound extends ApiProblem {

    ProjectionNotFound(String name) {
        super(HttpStatus.NOT_FOUND, "projection-not-found", "Projection not found", "There is no projection '" + name + "'.");
        with("projection", name);
    }
}
