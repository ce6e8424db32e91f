package org.casejourney.command.platform;

import io.micrometer.core.instrument.MeterRegistry;
import org.axonframework.commandhandling.NoHandlerForCommandException;
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
import org.springframework.transaction.CannotCreateTransactionException;
import org.casejourney.platform.problems.ApiProblem;
import org.casejourney.security.RejectedRequests;
import org.springframework.security.web.firewall.RequestRejectedException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.context.request.WebRequest;
import org.springframework.web.servlet.mvc.method.annotation.ResponseEntityExceptionHandler;

import java.net.URI;

/** Every error leaves as application/problem+json; no stack trace or SQL ever reaches a client. */
@RestControllerAdvice
class ProblemHandling extends ResponseEntityExceptionHandler {

    private static final Logger log = LoggerFactory.getLogger(ProblemHandling.class);

    private final MeterRegistry meters;

    ProblemHandling(MeterRegistry meters) {
        this.meters = meters;
    }

    @ExceptionHandler(ApiProblem.class)
    ResponseEntity<ProblemDetail> apiProblem(ApiProblem problem) {
        meters.counter("casejourney.api.problems", "type", problem.type(), "status", String.valueOf(problem.status().value())).increment();
        return ResponseEntity.status(problem.status()).body(problem.toProblemDetail());
    }

    @ExceptionHandler({CannotGetJdbcConnectionException.class, CannotCreateTransactionException.class,
            DataAccessResourceFailureException.class, QueryTimeoutException.class})
    ResponseEntity<ProblemDetail> storeUnavailable(Exception e) {
        log.warn("Event store unavailable: {}", e.getMessage());
        meters.counter("casejourney.api.problems", "type", "store-unavailable", "status", "503").increment();
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.SERVICE_UNAVAILABLE,
                "The event store is not reachable; nothing was recorded. Retry with the same eventId.");
        problem.setType(URI.create("/problems/store-unavailable"));
        problem.setTitle("Event store unavailable");
        return ResponseEntity.status(HttpStatus.SERVICE_UNAVAILABLE).header(HttpHeaders.RETRY_AFTER, "5").body(problem);
    }

    /** A header the firewall refuses only once it is read, as Spring MVC reads them: the client's mistake, not ours. */
    @ExceptionHandler(RequestRejectedException.class)
    ResponseEntity<ProblemDetail> rejected(RequestRejectedException e) {
        return ResponseEntity.badRequest().body(RejectedRequests.problem(e));
    }

    @ExceptionHandler(Exception.class)
    ResponseEntity<ProblemDetail> unexpected(Exception e) {
        if (StoreFailures.isStoreUnavailable(e)) {
            // a connection lost mid-transaction, a cancelled statement: the database, not the request, failed
            return storeUnavailable(e);
        }
        if (e instanceof NoHandlerForCommandException) {
            log.error("Command bus has no handler", e);
        } else {
            log.error("Unexpected error", e);
        }
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.INTERNAL_SERVER_ERROR,
                "The service failed unexpectedly; it has been logged. Retrying with the same eventId is safe.");
        problem.setType(URI.create("/problems/internal"));
        problem.setTitle("Internal error");
        return ResponseEntity.internalServerError().body(problem);
    }

    @Override
    protected ResponseEntity<Object> handleExceptionInternal(Exception ex, Object body, HttpHeaders headers,
                                                             HttpStatusCode statusCode, WebRequest request) {
        ResponseEntity<Object> response = super.handleExceptionInternal(ex, body, headers, statusCode, request);
        if (response != null && response.getBody() instanceof ProblemDetail detail && detail.getType() != null
                && "about:blank".equals(detail.getType().toString())) {
            detail.setType(URI.create("/problems/http-" + statusCode.value()));
        }
        return response;
    }
}
