package org.casejourney.query.platform;

import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.servlet.http.HttpServletRequest;
import org.casejourney.platform.problems.ApiProblem;
import org.casejourney.platform.web.BodySizeLimitFilter;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;

/** Every request body the query side reads is at most {@code casejourney.api.max-body-bytes}. */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE)
class BodySizeLimit extends BodySizeLimitFilter {

    private final int maxBytes;

    BodySizeLimit(QuerySideProperties properties, ObjectMapper mapper) {
        super(mapper);
        this.maxBytes = properties.api().maxBodyBytes();
    }

    @Override
    protected long limit(HttpServletRequest request) {
        return maxBytes;
    }

    @Override
    protected ApiProblem tooLarge(long limit) {
        return new ApiProblem(HttpStatus.PAYLOAD_TOO_LARGE, "body-too-large", "Request body too large",
                "The request body is over " + limit + " bytes, the most this API reads; send a smaller one (a cohort's "
                        + "filter, not its members by the thousand).");
    }
}
