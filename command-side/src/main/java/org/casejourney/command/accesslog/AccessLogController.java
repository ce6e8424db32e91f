package org.casejourney.command.accesslog;

import io.swagger.v3.oas.annotations.Operation;
import jakarta.servlet.http.HttpServletRequest;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import java.util.List;

/** Auditors see who read a person's data, when, through which endpoint, and why. */
@RestController
class AccessLogController {

    record AccessLogPage(String personId, List<AccessLog.Entry> entries) {
    }

    private final AccessLog accessLog;

    AccessLogController(AccessLog accessLog) {
        this.accessLog = accessLog;
    }

    @Operation(summary = "Every recorded read of this person's data, oldest first (reading it is itself recorded)")
    @GetMapping("/api/v1/persons/{personId}/access-log")
    AccessLogPage accessLog(@PathVariable String personId, @RequestParam(defaultValue = "1000") int limit, HttpServletRequest request) {
        return new AccessLogPage(personId, accessLog.readLogged(personId, limit, request));
    }
}
