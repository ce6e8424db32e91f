package org.casejourney.query.cohorts;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.servlet.http.HttpServletRequest;
import org.casejourney.query.analytics.CsvTable;
import org.casejourney.query.analytics.InvalidQuery;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import java.util.Arrays;
import java.util.List;
import java.util.Set;

/** A cohort's people by pseudonym, to open their journeys: the one list of people an analyst may see. */
@RestController
@RequestMapping("/api/v1/cohorts")
@Tag(name = "Cohorts", description = "Per-person measures of a cohort, and two cohorts side by side")
class CohortPeopleController {

    private static final Set<String> PARAMETERS = Set.of("team", "service", "tag", "firstContactFrom", "firstContactTo", "limit");

    private final ShownCohorts cohorts;
    private final CountCohortMeasures measures;

    CohortPeopleController(ShownCohorts cohorts, CountCohortMeasures measures) {
        this.cohorts = cohorts;
        this.measures = measures;
    }

    /** The cohort's people: how many, and the pseudonyms of the newest {@code limit} by first contact. */
    record People(int people, List<CountCohortMeasures.Person> shown) {
    }

    @GetMapping(value = "/people", produces = MediaType.APPLICATION_JSON_VALUE)
    @Operation(summary = "List a cohort's people by pseudonym",
            description = "The people a cohort filter chooses, newest first contact first, each with their pseudonym (to open their "
                    + "journey), first contact, episodes, closed episodes, referrals and assessments; `people` counts them all. Recorded "
                    + "in the access log. A cohort of 1 to min-cohort-size - 1 people is refused with 422.")
    @ApiResponse(responseCode = "200", description = "The people")
    @ApiResponse(responseCode = "400", description = "A parameter is malformed or unknown, or limit is not 1 to 500 (type /problems/invalid-query)",
            content = @Content(mediaType = "application/problem+json", schema = @Schema(implementation = ProblemDetail.class)))
    @ApiResponse(responseCode = "422", description = "The cohort is too small to show (type /problems/cohort-too-small)",
            content = @Content(mediaType = "application/problem+json", schema = @Schema(implementation = ProblemDetail.class)))
    People listPeople(
            CohortParameters filter,
            @Parameter(description = "How many to list, 1 to 500 (default 50)") @RequestParam(required = false) String limit,
            HttpServletRequest request) {
        int shown = limit(limit);
        ShownCohorts.Cohort cohort = cohorts.read(filter, request, PARAMETERS);
        return new People(cohort.people(), measures.list(cohort.filter(), shown));
    }

    @GetMapping(value = "/people.csv", produces = "text/csv")
    @Operation(summary = "List a cohort's people by pseudonym, as CSV",
            description = "The same parameters, checks and rows as /api/v1/cohorts/people: pseudonym, first contact, episodes, closed "
                    + "episodes, referrals, assessments. A download for spreadsheets; recorded in the access log.")
    @ApiResponse(responseCode = "200", description = "The table (attachment cohort-people.csv)")
    ResponseEntity<byte[]> listPeopleCsv(CohortParameters filter,
                                         @Parameter(description = "How many to list, 1 to 500 (default 50)") @RequestParam(required = false) String limit,
                                         HttpServletRequest request) {
        CsvTable table = new CsvTable(List.of("pseudonym", "first_contact", "episodes", "closed_episodes", "referrals", "assessments"));
        for (CountCohortMeasures.Person person : listPeople(filter, limit, request).shown()) {
            table.row(Arrays.asList(person.pseudonym(), person.firstContact(), person.episodes(), person.closedEpisodes(),
                    person.referrals(), person.assessments()));
        }
        return table.download("cohort-people.csv");
    }

    private static int limit(String given) {
        if (given == null) {
            return 50;
        }
        try {
            int limit = Integer.parseInt(given.trim());
            if (limit >= 1 && limit <= 500) {
                return limit;
            }
        } catch (NumberFormatException e) {
            // refused below
        }
        throw InvalidQuery.of("limit", "must be a whole number from 1 to 500, not '" + given + "'");
    }
}
