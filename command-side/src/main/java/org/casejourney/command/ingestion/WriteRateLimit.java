package org.casejourney.command.ingestion;

import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.servlet.http.HttpServletRequest;
import org.casejourney.command.platform.CaseJourneyProperties;
import org.casejourney.platform.ratelimit.RateLimitFilter;
import org.springframework.stereotype.Component;

/** The command side's rate limit counts writes: every POST to the API and to FHIR. */
@Component
class WriteRateLimit extends RateLimitFilter {

    WriteRateLimit(CaseJourneyProperties properties, ObjectMapper mapper) {
        super(properties.ingestion().rateLimit().requests(), properties.ingestion().rateLimit().period(),
                properties.ingestion().rateLimit().burst(), "writes", mapper);
    }

    @Override
    protected boolean counts(HttpServletRequest request) {
        return "POST".equals(request.getMethod())
                && (request.getRequestURI().startsWith("/api/") || request.getRequestURI().startsWith("/fhir/"));
    }
}
