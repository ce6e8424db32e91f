package org.casejourney.query.cohorts;

import com.fasterxml.jackson.databind.JsonNode;
import org.casejourney.events.EventJson;
import org.casejourney.query.analytics.InvalidQuery;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** A cohort filter from its JSON, as the endpoints read it; the tests' filters are all valid. */
final class Filters {

    private Filters() {
    }

    static CohortFilter.Checked of(String json) {
        List<InvalidQuery.FieldError> errors = new ArrayList<>();
        CohortFilter.Checked filter = CohortFilter.parse(EventJson.read(json, JsonNode.class), "", errors);
        assertThat(errors).as(json).isEmpty();
        return filter;
    }
}
