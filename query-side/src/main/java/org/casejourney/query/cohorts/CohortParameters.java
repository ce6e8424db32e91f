package org.casejourney.query.cohorts;

import io.swagger.v3.oas.annotations.Parameter;
import org.springdoc.core.annotations.ParameterObject;

/** A cohort filter given as query parameters (the exports and the list of people), bound once for every endpoint taking it. */
@ParameterObject
record CohortParameters(
        @Parameter(description = "At least one of the person's events was recorded by this team") String team,
        @Parameter(description = "At least one of the person's events was recorded by this service") String service,
        @Parameter(description = "At least one of the person's events carries this tag") String tag,
        @Parameter(description = "First contact at or after (date or instant)") String firstContactFrom,
        @Parameter(description = "First contact before (a date inclusive)") String firstContactTo) {
}
