package org.casejourney.query.platform;

import io.micrometer.core.instrument.MeterRegistry;
import org.casejourney.platform.problems.ApiProblem;
import org.casejourney.platform.problems.ProblemAdvice;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.QueryTimeoutException;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.jdbc.UncategorizedSQLException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.context.request.WebRequest;

/** The query side's problems: its store is the read model, and an analyst's question may take too long. */
@RestControllerAdvice
class ProblemDetailsAdvice extends ProblemAdvice {

    private static final Logger log = LoggerFactory.getLogger(ProblemDetailsAdvice.class);

    ProblemDetailsAdvice(MeterRegistry meters) {
        super(meters, "Read model unavailable", "The read model's database is not reachable; retry shortly.",
                "The service could not answer; the error is logged.");
    }

    /** A statement cancelled after casejourney.api.statement-timeout (PostgreSQL's query_canceled, 57014). */
    @ExceptionHandler(QueryTimeoutException.class)
    ResponseEntity<Object> tooSlow(Exception ex, WebRequest request) {
        log.warn("Statement cancelled after the API's statement timeout answering {}: {}", request.getDescription(false), ex.getMessage());
        HttpHeaders headers = new HttpHeaders();
        headers.set(HttpHeaders.RETRY_AFTER, "30");
        return answer(new ApiProblem(HttpStatus.SERVICE_UNAVAILABLE, "query-timeout", "Query took too long",
                "The question took longer than the read model allows one statement; ask for a shorter range, a larger bucket or "
                        + "narrower filters, or retry later if the database is busy."), headers);
    }

    /** Spring leaves PostgreSQL's query_canceled uncategorised; it is the statement timeout all the same. */
    @ExceptionHandler(UncategorizedSQLException.class)
    ResponseEntity<Object> uncategorised(UncategorizedSQLException ex, WebRequest request) {
        if (ex.getSQLException() != null && "57014".equals(ex.getSQLException().getSQLState())) {
            return tooSlow(ex, request);
        }
        return unexpected(ex, request);
    }
}
