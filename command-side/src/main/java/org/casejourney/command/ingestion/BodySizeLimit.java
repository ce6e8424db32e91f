package org.casejourney.command.ingestion;

import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.servlet.http.HttpServletRequest;
import org.casejourney.command.platform.CaseJourneyProperties;
import org.casejourney.platform.problems.ApiProblem;
import org.casejourney.platform.web.BodySizeLimitFilter;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;

/** The writes' body limits: one event's, or a batch's and a FHIR Bundle's. */
@Component
class BodySizeLimit extends BodySizeLimitFilter {

    private final int maxEventBytes;
    private final int maxBatchBytes;

    BodySizeLimit(CaseJourneyProperties properties, ObjectMapper mapper) {
        super(mapper);
        this.maxEventBytes = properties.ingestion().maxEventBytes();
        this.maxBatchBytes = properties.ingestion().maxBatchBytes();
    }

    @Override
    protected boolean shouldNotFilter(HttpServletRequest request) {
        return !"POST".equals(request.getMethod()) || !(request.getRequestURI().startsWith("/api/") || request.getRequestURI().startsWith("/fhir/"));
    }

    @Override
    protected long limit(HttpServletRequest request) {
        return request.getRequestURI().endsWith("/events/batch") || request.getRequestURI().startsWith("/fhir/") ? maxBatchBytes : maxEventBytes;
    }

    @Override
    protected ApiProblem tooLarge(long limit) {
        return new ApiProblem(HttpStatus.PAYLOAD_TOO_LARGE, "body-too-large", "Body too large",
                "The body exceeds " + limit + " bytes: shorten the event's free text, or send fewer events per batch.");
    }
}
