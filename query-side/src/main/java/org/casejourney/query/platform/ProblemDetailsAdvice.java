package org.casejourney.query.platform;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.dao.QueryTimeoutException;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.jdbc.CannotGetJdbcConnectionException;
import org.springframework.jdbc.UncategorizedSQLException;
import org.springframework.lang.Nullable;
import org.springframework.transaction.CannotCreateTransactionException;
import org.casejourney.security.RejectedRequests;
import org.springframework.security.web.firewall.RequestRejectedException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.context.request.WebRequest;
import org.springframework.web.method.annotation.HandlerMethodValidationException;
import org.springframework.web.servlet.mvc.method.annotation.ResponseEntityExceptionHandler;

import java.net.URI;
import java.util.List;
import java.util.Map;

/** Every error of the API as an RFC 9457 problem, with a {@code type} a client can switch on. */
@RestControllerAdvice
class ProblemDetailsAdvice extends ResponseEntityExceptionHandler {

    private static final Logger log = LoggerFactory.getLogger(ProblemDetailsAdvice.class);
    private static final URI ABOUT_BLANK = URI.create("about:blank");
    private static final Map<Integer, String> TYPES = Map.of(
            400, "/problems/invalid-request",
            404, "/problems/not-found",
            405, "/problems/method-not-allowed",
            406, "/problems/not-acceptable",
            500, "/problems/internal");

    @Override
    protected ResponseEntity<Object> handleHandlerMethodValidationException(HandlerMethodValidationException ex, HttpHeaders headers,
                                                                            HttpStatusCode status, WebRequest request) {
        // the same {field, message} shape as the command side's problems
        List<Map<String, String>> errors = ex.getParameterValidationResults().stream()
                .flatMap(result -> result.getResolvableErrors().stream()
                        .map(error -> Map.of("field", String.valueOf(result.getMethodParameter().getParameterName()),
                                "message", String.valueOf(error.getDefaultMessage()))))
                .toList();
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.BAD_REQUEST, errors.stream()
                .map(e -> e.get("field") + " " + e.get("message")).collect(java.util.stream.Collectors.joining("; ")));
        problem.setTitle("Invalid request");
        problem.setProperty("errors", errors);
        return handleExceptionInternal(ex, problem, headers, HttpStatus.BAD_REQUEST, request);
    }

    /** A statement cancelled after casejourney.api.statement-timeout (PostgreSQL's query_canceled, 57014). */
    @ExceptionHandler(QueryTimeoutException.class)
    ResponseEntity<Object> tooSlow(Exception ex, WebRequest request) {
        log.warn("Statement cancelled after the API's statement timeout answering {}: {}", request.getDescription(false), ex.getMessage());
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.SERVICE_UNAVAILABLE,
                "The question took longer than the read model allows one statement; ask for a shorter range, a larger bucket or "
                        + "narrower filters, or retry later if the database is busy.");
        problem.setType(URI.create("/problems/query-timeout"));
        problem.setTitle("Query took too long");
        HttpHeaders headers = new HttpHeaders();
        headers.set(HttpHeaders.RETRY_AFTER, "30");
        return createResponseEntity(problem, headers, HttpStatus.SERVICE_UNAVAILABLE, request);
    }

    /** Spring leaves PostgreSQL's query_canceled uncategorised; it is the statement timeout all the same. */
    @ExceptionHandler(UncategorizedSQLException.class)
    ResponseEntity<Object> uncategorised(UncategorizedSQLException ex, WebRequest request) {
        if (ex.getSQLException() != null && "57014".equals(ex.getSQLException().getSQLState())) {
            return tooSlow(ex, request);
        }
        return unexpected(ex, request);
    }

    @ExceptionHandler({CannotGetJdbcConnectionException.class, CannotCreateTransactionException.class,
            DataAccessResourceFailureException.class})
    ResponseEntity<Object> readModelUnavailable(Exception ex, WebRequest request) {
        log.warn("Read model unavailable: {}", ex.getMessage());
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.SERVICE_UNAVAILABLE,
                "The read model's database is not reachable; retry shortly.");
        problem.setType(URI.create("/problems/store-unavailable"));
        problem.setTitle("Read model unavailable");
        HttpHeaders headers = new HttpHeaders();
        headers.set(HttpHeaders.RETRY_AFTER, "5");
        return createResponseEntity(problem, headers, HttpStatus.SERVICE_UNAVAILABLE, request);
    }

    /** A header the firewall refuses only once it is read, as Spring MVC reads them: the client's mistake, not ours. */
    @ExceptionHandler(RequestRejectedException.class)
    ResponseEntity<Object> rejected(RequestRejectedException e) {
        return ResponseEntity.badRequest().body(RejectedRequests.problem(e));
    }

    @ExceptionHandler(Exception.class)
    ResponseEntity<Object> unexpected(Exception ex, WebRequest request) {
        log.error("Unexpected error answering {}", request.getDescription(false), ex);
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.INTERNAL_SERVER_ERROR,
                "The service could not answer; the error is logged.");
        problem.setTitle("Internal error");
        return createResponseEntity(problem, new HttpHeaders(), HttpStatus.INTERNAL_SERVER_ERROR, request);
    }

    @Override
    protected ResponseEntity<Object> createResponseEntity(@Nullable Object body, HttpHeaders headers, HttpStatusCode status,
                                                          WebRequest request) {
        if (body instanceof ProblemDetail problem && ABOUT_BLANK.equals(problem.getType())) {
            problem.setType(URI.create(TYPES.getOrDefault(status.value(), "/problems/http-" + status.value())));
        }
        return super.createResponseEntity(body, headers, status, request);
    }
}
