package org.casejourney.query.analytics;

import org.casejourney.platform.problems.ApiProblem;
import org.springframework.http.HttpStatus;

import java.util.List;
import java.util.stream.Collectors;

/** A query parameter or body field an analyst got wrong: a 400 problem ({@code invalid-query}) that names every such field. */
public class InvalidQuery extends ApiProblem {

    public InvalidQuery(List<FieldError> errors) {
        super(HttpStatus.BAD_REQUEST, "invalid-query", "Invalid query",
                errors.stream().map(e -> e.field() + ": " + e.message()).collect(Collectors.joining("; ")), errors);
    }

    public static InvalidQuery of(String field, String message) {
        return new InvalidQuery(List.of(new FieldError(field, message)));
    }
}
