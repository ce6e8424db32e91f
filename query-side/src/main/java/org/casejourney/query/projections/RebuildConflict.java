package org.casejourney.query.projections;

import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.ErrorResponseException;

import java.net.URI;

/** The projection is being rebuilt (here or by another instance), so this cannot start now. */
class RebuildConflict extends ErrorResponseException {

    RebuildConflict(String detail) {
        super(HttpStatus.CONFLICT, problem(detail), null);
    }

    private static ProblemDetail problem(String detail) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.CONFLICT, detail);
        problem.setType(URI.create("/problems/rebuild-running"));
        problem.setTitle("A rebuild is running");
        return problem;
    }
}
