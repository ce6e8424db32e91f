package org.casejourney.query.platform;

import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.servlet.http.HttpServletRequest;
import org.casejourney.platform.ratelimit.RateLimitFilter;
import org.springframework.stereotype.Component;

/** The query side's rate limit counts every request to the API, so one analyst's script cannot starve the others. */
@Component
class ReadRateLimit extends RateLimitFilter {

    ReadRateLimit(QuerySideProperties properties, ObjectMapper mapper) {
        super(properties.api().rateLimit().requests(), properties.api().rateLimit().period(),
                properties.api().rateLimit().burst(), "requests", mapper);
    }

    @Override
    protected boolean counts(HttpServletRequest request) {
        return request.getRequestURI().startsWith("/api/");
    }
}
