package org.casejourney.query.analytics;

import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.ErrorResponseException;

import java.net.URI;
import java.util.List;
import java.util.stream.Collectors;

/** A query parameter or body field an analyst got wrong: a 400 problem that names every such field. */
public class InvalidQuery extends ErrorResponseException {

    public static final URI TYPE = URI.create("/problems/invalid-query");

    /** One refused field and why. */
    public record FieldError(String field, String message) {
    }

    public InvalidQuery(List<FieldError> errors) {
        super(HttpStatus.BAD_REQUEST, problem(errors), null);
    }

    public static InvalidQuery of(String field, String message) {
        return new InvalidQuery(List.of(new FieldError(field, message)));
    }

    private static ProblemDetail problem(List<FieldError> errors) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.BAD_REQUEST,
                errors.stream().map(e -> e.field() + ": " + e.message()).collect(Collectors.joining("; ")));
        problem.setType(TYPE);
        problem.setTitle("Invalid query");
        problem.setProperty("errors", errors);
        return problem;
    }
}
