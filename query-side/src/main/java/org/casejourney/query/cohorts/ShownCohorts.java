package org.casejourney.query.cohorts;

import jakarta.servlet.http.HttpServletRequest;
import org.casejourney.query.accesslog.AccessLog;
import org.casejourney.query.platform.QuerySideProperties;
import org.springframework.stereotype.Component;

import java.util.Set;

/**
 * Which cohorts may be shown: none of 1 to min-cohort-size - 1 people (nobody at all reveals no one), whether as measures,
 * a list of people or an export; each read of a cohort's people is recorded in the access log.
 */
@Component
class ShownCohorts {

    private final CountCohortMeasures measures;
    private final AccessLog accessLog;
    private final int minPeople;

    ShownCohorts(CountCohortMeasures measures, AccessLog accessLog, QuerySideProperties properties) {
        this.measures = measures;
        this.accessLog = accessLog;
        this.minPeople = properties.analytics().minCohortSize();
    }

    /** A checked cohort filter and how many people it chooses. */
    record Cohort(CohortFilter.Checked filter, int people) {
    }

    /** The measures, unless they describe too few people to show; {@code cohort} names the cohort (a, b or ""). */
    CountCohortMeasures.Measures shown(String cohort, CountCohortMeasures.Measures counted) {
        refuseIfTooSmall(cohort, counted.people());
        return counted;
    }

    /** The cohort the request's parameters choose (only {@code accepted} ones), unless it is too small; its reading is logged. */
    Cohort read(CohortParameters parameters, HttpServletRequest request, Set<String> accepted) {
        CohortFilter.Checked checked = parameters.parse(request, accepted);
        int people = measures.people(checked);
        refuseIfTooSmall("", people);
        accessLog.record(null, request);
        return new Cohort(checked, people);
    }

    private void refuseIfTooSmall(String cohort, int people) {
        if (people > 0 && people < minPeople) {
            throw new CohortTooSmall(cohort, minPeople);
        }
    }
}
