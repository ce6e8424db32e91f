package org.casejourney.platform.problems;

import io.micrometer.core.instrument.MeterRegistry;
import org.casejourney.security.RejectedRequests;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.jdbc.CannotGetJdbcConnectionException;
import org.springframework.lang.Nullable;
import org.springframework.security.web.firewall.RequestRejectedException;
import org.springframework.transaction.CannotCreateTransactionException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.context.request.WebRequest;
import org.springframework.web.method.annotation.HandlerMethodValidationException;
import org.springframework.web.servlet.mvc.method.annotation.ResponseEntityExceptionHandler;

import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Both apps' exception handling, so every error leaves as the same kind of RFC 9457 problem with a {@code type}
 * from one vocabulary (docs/api.md): an {@link ApiProblem} as it says, Spring MVC's own errors named by their
 * status ({@link #typeOf}), the database out of reach as {@code store-unavailable}, anything else as
 * {@code internal}, logged. No stack trace or SQL ever reaches a client. Each app extends it as its
 * {@code @RestControllerAdvice}, saying what its store is and what a client may do after an unexpected error.
 */
public abstract class ProblemAdvice extends ResponseEntityExceptionHandler {

    private static final URI ABOUT_BLANK = URI.create("about:blank");
    private static final Map<Integer, String> TYPES = Map.of(
            400, "invalid-request",
            404, "not-found",
            405, "method-not-allowed",
            406, "not-acceptable",
            500, "internal");

    private final Logger log = LoggerFactory.getLogger(getClass());
    private final MeterRegistry meters;
    private final String storeTitle;
    private final String storeDetail;
    private final String unexpectedDetail;

    /**
     * @param storeTitle       what the app's database is, as a 503 {@code store-unavailable} names it ("Event store unavailable")
     * @param storeDetail      what the client may do then
     * @param unexpectedDetail the sentence an unexpected failure (500 {@code internal}) is answered with
     */
    protected ProblemAdvice(MeterRegistry meters, String storeTitle, String storeDetail, String unexpectedDetail) {
        this.meters = meters;
        this.storeTitle = storeTitle;
        this.storeDetail = storeDetail;
        this.unexpectedDetail = unexpectedDetail;
    }

    /** The problem type of an error known only by its status: a name for the common ones, else {@code http-<status>}. */
    public static String typeOf(int status) {
        return TYPES.getOrDefault(status, "http-" + status);
    }

    /** Whether a failure that reached no other handler is the database's rather than the request's. */
    protected boolean isStoreFailure(Exception e) {
        return false;
    }

    @ExceptionHandler(ApiProblem.class)
    protected ResponseEntity<Object> apiProblem(ApiProblem problem) {
        return answer(problem, new HttpHeaders());
    }

    @ExceptionHandler({CannotGetJdbcConnectionException.class, CannotCreateTransactionException.class,
            DataAccessResourceFailureException.class})
    protected ResponseEntity<Object> storeUnavailable(Exception e) {
        log.warn("{}: {}", storeTitle, e.getMessage());
        HttpHeaders headers = new HttpHeaders();
        headers.set(HttpHeaders.RETRY_AFTER, "5");
        return answer(new ApiProblem(HttpStatus.SERVICE_UNAVAILABLE, "store-unavailable", storeTitle, storeDetail), headers);
    }

    /** A header the firewall refuses only once it is read, as Spring MVC reads them: the client's mistake, not ours. */
    @ExceptionHandler(RequestRejectedException.class)
    protected ResponseEntity<Object> rejected(RequestRejectedException e) {
        return ResponseEntity.badRequest().body(RejectedRequests.problem(e));
    }

    @ExceptionHandler(Exception.class)
    protected ResponseEntity<Object> unexpected(Exception e, WebRequest request) {
        if (isStoreFailure(e)) {
            // a connection lost mid-transaction, a cancelled statement: the database, not the request, failed
            return storeUnavailable(e);
        }
        log.error("Unexpected error answering {}", request.getDescription(false), e);
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.INTERNAL_SERVER_ERROR, unexpectedDetail);
        problem.setTitle("Internal error");
        return createResponseEntity(problem, new HttpHeaders(), HttpStatus.INTERNAL_SERVER_ERROR, request);
    }

    /** An invalid path or query parameter, with each one by name and what is wrong with it. */
    @Override
    protected ResponseEntity<Object> handleHandlerMethodValidationException(HandlerMethodValidationException ex, HttpHeaders headers,
                                                                            HttpStatusCode status, WebRequest request) {
        List<ApiProblem.FieldError> errors = ex.getParameterValidationResults().stream()
                .flatMap(result -> result.getResolvableErrors().stream()
                        .map(error -> new ApiProblem.FieldError(String.valueOf(result.getMethodParameter().getParameterName()),
                                String.valueOf(error.getDefaultMessage()))))
                .toList();
        ApiProblem problem = new ApiProblem(HttpStatus.BAD_REQUEST, typeOf(400), "Invalid request",
                errors.stream().map(e -> e.field() + " " + e.message()).collect(Collectors.joining("; ")), errors);
        return handleExceptionInternal(ex, problem.toProblemDetail(), headers, HttpStatus.BAD_REQUEST, request);
    }

    @Override
    protected ResponseEntity<Object> createResponseEntity(@Nullable Object body, HttpHeaders headers, HttpStatusCode status,
                                                          WebRequest request) {
        if (body instanceof ProblemDetail problem && ABOUT_BLANK.equals(problem.getType())) {
            problem.setType(URI.create("/problems/" + typeOf(status.value())));
        }
        return super.createResponseEntity(body, headers, status, request);
    }

    /** Answers an app's own problem, counted by type and status. */
    protected ResponseEntity<Object> answer(ApiProblem problem, HttpHeaders headers) {
        meters.counter("casejourney.api.problems", "type", problem.type(), "status", String.valueOf(problem.status().value())).increment();
        return ResponseEntity.status(problem.status()).headers(headers).body(problem.toProblemDetail());
    }
}
