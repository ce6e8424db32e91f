package org.casejourney.command.platform;

import io.micrometer.core.instrument.MeterRegistry;
import org.casejourney.platform.problems.ProblemAdvice;
import org.springframework.dao.QueryTimeoutException;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;

/** The command side's problems: its store is the event store, and a failed write may be retried with the same eventId. */
@RestControllerAdvice
class ProblemHandling extends ProblemAdvice {

    ProblemHandling(MeterRegistry meters) {
        super(meters, "Event store unavailable", "The event store is not reachable; nothing was recorded. Retry with the same eventId.",
                "The service failed unexpectedly; it has been logged. Retrying with the same eventId is safe.");
    }

    @Override
    protected boolean isStoreFailure(Exception e) {
        return StoreFailures.isStoreUnavailable(e);
    }

    /** A statement cancelled by the database's timeout: the event store is struggling, not the request wrong. */
    @ExceptionHandler(QueryTimeoutException.class)
    ResponseEntity<Object> storeTooSlow(QueryTimeoutException e) {
        return storeUnavailable(e);
    }
}
