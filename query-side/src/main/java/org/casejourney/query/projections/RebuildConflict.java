package org.casejourney.query.projections;

import org.casejourney.platform.problems.ApiProblem;
import org.springframework.http.HttpStatus;

/** The projection is being rebuilt (here or by another instance), so this cannot start now. */
class RebuildConflict extends ApiProblem {

    RebuildConflict(String detail) {
        super(HttpStatus.CONFLICT, "rebuild-running", "A rebuild is running", detail);
    }
}
