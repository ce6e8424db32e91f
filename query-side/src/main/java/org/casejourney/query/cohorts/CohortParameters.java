package org.casejourney.query.cohorts;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.swagger.v3.oas.annotations.Parameter;
import jakarta.servlet.http.HttpServletRequest;
import org.casejourney.events.EventJson;
import org.casejourney.query.analytics.InvalidQuery;
import org.casejourney.query.analytics.QueryChecks;
import org.springdoc.core.annotations.ParameterObject;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/** A cohort filter given as query parameters (the exports and the list of people), bound once for every endpoint taking it. */
@ParameterObject
record CohortParameters(
        @Parameter(description = "At least one of the person's events was recorded by this team") String team,
        @Parameter(description = "At least one of the person's events was recorded by this service") String service,
        @Parameter(description = "At least one of the person's events carries this tag") String tag,
        @Parameter(description = "First contact at or after (date or instant)") String firstContactFrom,
        @Parameter(description = "First contact before (a date inclusive)") String firstContactTo) {

    /** What the exports accept. */
    static final Set<String> FILTER = Set.of("team", "service", "tag", "firstContactFrom", "firstContactTo");

    /**
     * Refuses any parameter of the request outside {@code accepted} (and any given twice), then checks the filter as
     * a body's filter is checked, every bad field named in one {@link InvalidQuery}.
     */
    CohortFilter.Checked parse(HttpServletRequest request, Set<String> accepted) {
        QueryChecks.refuseUnknown(request.getParameterMap(), accepted);
        ObjectNode given = EventJson.mapper().createObjectNode();
        given.put("team", team).put("service", service).put("tag", tag)
                .put("firstContactFrom", firstContactFrom).put("firstContactTo", firstContactTo);
        List<InvalidQuery.FieldError> errors = new ArrayList<>();
        CohortFilter.Checked checked = CohortFilter.parse(given, "", errors);
        QueryChecks.throwIfAny(errors);
        return checked;
    }
}
