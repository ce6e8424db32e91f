package org.casejourney.query.platform;

import jakarta.validation.Valid;
import jakarta.validation.constraints.Min;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

import java.time.Duration;

/** The query side's limits on what analysts may ask and how much (docs/security.md, "Limits"); defaults in application.yml. */
@Validated
@ConfigurationProperties("casejourney")
public record QuerySideProperties(@Valid @DefaultValue Analytics analytics, @Valid @DefaultValue Api api) {

    /**
     * @param minCohortSize fewest distinct people a cohort, a series cell or a network edge may describe; below it, suppressed
     * @param maxCells      most cells (groups times buckets) one end-to-end answer may hold
     */
    public record Analytics(@Min(1) @DefaultValue("10") int minCohortSize, @Min(1) @DefaultValue("50000") int maxCells) {
    }

    /**
     * @param statementTimeout longest an analyst's statement may run before it is cancelled (503 problem)
     * @param maxBodyBytes     largest request body accepted (413 problem)
     */
    public record Api(@DefaultValue("PT30S") Duration statementTimeout, @Min(1) @DefaultValue("65536") int maxBodyBytes,
                      @Valid @DefaultValue RateLimit rateLimit) {
    }

    /** Requests per period and burst allowed to one principal on /api/; 0 requests turns it off. */
    public record RateLimit(@Min(0) @DefaultValue("200") int requests, @DefaultValue("PT1S") Duration period,
                            @Min(0) @DefaultValue("400") int burst) {
    }
}
