package org.casejourney.query.cohorts;

import com.fasterxml.jackson.databind.JsonNode;
import io.swagger.v3.oas.annotations.media.Schema;
import org.casejourney.events.Pseudonyms;
import org.casejourney.events.journey.Scope;
import org.casejourney.query.analytics.InvalidQuery;
import org.casejourney.query.analytics.QueryChecks;
import org.casejourney.query.analytics.SqlFilter;
import org.casejourney.query.analytics.Times;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Who is in a cohort: every given condition holds. */
@Schema(description = "A cohort: the people for whom every given condition holds")
record CohortFilter(
        @Schema(description = "At least one of the person's events was recorded by this team", example = "reablement-west") String team,
        @Schema(description = "At least one of the person's events was recorded by this service", example = "adult-social-care") String service,
        @Schema(description = "At least one of the person's events carries this tag", example = "trial-2026") String tag,
        @Schema(description = "First contact at or after: a date (a UTC day) or an instant with offset", example = "2026-01-01") String firstContactFrom,
        @Schema(description = "First contact before: a date is inclusive (through that UTC day), an instant exclusive", example = "2026-06-30") String firstContactTo,
        @Schema(description = "Only these people, by pseudonym (as journeys and the analytics views show them; the query side knows no personIds)",
                example = "[\"ps-abcdefghijklmnopqrstuvwxyz\", \"ps-234567abcdefghijklmnopqrst\"]") List<String> pseudonyms,
        @Schema(description = "Count only part of these people's journeys: the events of this service and team, in this period "
                + "(from inclusive, to exclusive; a date is a UTC day, `to` inclusive); without it whole journeys count") ScopeFilter scope) {

    /** What a scoped cohort counts; every part optional. */
    @Schema(description = "Only these events are counted for the cohort's people; an episode counts when one of its events does "
            + "and, with a period, when it closed in it")
    record ScopeFilter(@Schema(example = "adult-social-care") String service, @Schema(example = "reablement-west") String team,
                       @Schema(example = "2026-01-01") String from, @Schema(example = "2026-06-30") String to) {
    }

    static final int MAX_PSEUDONYMS = 100_000;
    private static final Set<String> FIELDS = Set.of("team", "service", "tag", "firstContactFrom", "firstContactTo", "pseudonyms", "scope");
    private static final Set<String> SCOPE_FIELDS = Set.of("service", "team", "from", "to");

    /** A checked filter, ready for SQL. */
    record Checked(String team, String service, String tag, Instant firstContactFrom, Instant firstContactTo, List<String> pseudonyms,
                   Scope scope) {

        /** The where clause over fact_person; its parameters are added to {@code params}. */
        String where(List<Object> params) {
            SqlFilter where = new SqlFilter().contains("teams", team).contains("services", service).contains("tags", tag)
                    .atOrAfter("first_contact", firstContactFrom).before("first_contact", firstContactTo)
                    // the person_id columns hold pseudonyms, which never hold a comma
                    .addIfGiven("person_id = any(string_to_array(?, ','))", pseudonyms == null ? null : String.join(",", pseudonyms));
            params.addAll(where.params());
            return where.sql();
        }
    }

    /** Reads a filter from JSON, naming each bad field as {@code prefix + field}. */
    static Checked parse(JsonNode node, String prefix, List<InvalidQuery.FieldError> errors) {
        String name = prefix.isEmpty() ? "body" : prefix.substring(0, prefix.length() - 1);
        if (node == null || node.isNull() || node.isMissingNode()) {
            errors.add(new InvalidQuery.FieldError(name, "is required: a cohort filter object"));
            return null;
        }
        if (!node.isObject()) {
            errors.add(new InvalidQuery.FieldError(name, "must be an object with any of " + String.join(", ", FIELDS.stream().sorted().toList())));
            return null;
        }
        for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
            String field = it.next().getKey();
            if (field.equals("personIds")) {
                errors.add(new InvalidQuery.FieldError(prefix + field, "is no longer a filter field: the query side knows people only by "
                        + "pseudonym; use pseudonyms, with the pseudonyms journeys and the analytics views show"));
            } else if (!FIELDS.contains(field) && !(prefix.isEmpty() && field.equals("returnWindowDays"))) {
                errors.add(new InvalidQuery.FieldError(prefix + field,
                        "is not a filter field; use team, service, tag, firstContactFrom, firstContactTo, pseudonyms or scope"));
            }
        }
        String team = code(node, "team", prefix, errors);
        String service = code(node, "service", prefix, errors);
        String tag = code(node, "tag", prefix, errors);
        Instant from = Times.parse(prefix + "firstContactFrom", text(node, "firstContactFrom", prefix, errors), false, errors);
        Instant to = Times.parse(prefix + "firstContactTo", text(node, "firstContactTo", prefix, errors), true, errors);
        if (from != null && to != null && !from.isBefore(to)) {
            errors.add(new InvalidQuery.FieldError(prefix + "firstContactTo", "must be after firstContactFrom"));
        }
        List<String> pseudonyms = null;
        JsonNode ids = node.get("pseudonyms");
        if (ids != null && !ids.isNull()) {
            if (!ids.isArray() || ids.size() > MAX_PSEUDONYMS) {
                errors.add(new InvalidQuery.FieldError(prefix + "pseudonyms", "must be an array of at most " + MAX_PSEUDONYMS + " pseudonyms"));
            } else {
                pseudonyms = new ArrayList<>();
                for (JsonNode id : ids) {
                    if (!id.isTextual() || !Pseudonyms.looksLikeOne(id.asText())) {
                        errors.add(new InvalidQuery.FieldError(prefix + "pseudonyms", "each must be a pseudonym (ps- and 26 of a-z 2-7), not " + id));
                        break;
                    }
                    pseudonyms.add(id.asText());
                }
            }
        }
        return new Checked(team, service, tag, from, to, pseudonyms, scope(node.get("scope"), prefix + "scope", errors));
    }

    /** The scope object, or null when there is none (whole journeys count). */
    private static Scope scope(JsonNode node, String name, List<InvalidQuery.FieldError> errors) {
        if (node == null || node.isNull()) {
            return null;
        }
        if (!node.isObject() || node.isEmpty()) {
            errors.add(new InvalidQuery.FieldError(name, "must be an object with any of service, team, from, to"));
            return null;
        }
        for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
            String field = it.next();
            if (!SCOPE_FIELDS.contains(field)) {
                errors.add(new InvalidQuery.FieldError(name + "." + field, "is not a scope field; use service, team, from or to"));
            }
        }
        String prefix = name + ".";
        String service = code(node, "service", prefix, errors);
        String team = code(node, "team", prefix, errors);
        Instant from = Times.parse(prefix + "from", text(node, "from", prefix, errors), false, errors);
        Instant to = Times.parse(prefix + "to", text(node, "to", prefix, errors), true, errors);
        if (from != null && to != null && !from.isBefore(to)) {
            errors.add(new InvalidQuery.FieldError(prefix + "to", "must be after " + prefix + "from"));
        }
        return new Scope(service, team, from, to);
    }

    private static String code(JsonNode node, String field, String prefix, List<InvalidQuery.FieldError> errors) {
        return QueryChecks.code(prefix + field, text(node, field, prefix, errors), errors);
    }

    private static String text(JsonNode node, String field, String prefix, List<InvalidQuery.FieldError> errors) {
        JsonNode value = node.get(field);
        if (value == null || value.isNull()) {
            return null;
        }
        if (!value.isTextual()) {
            errors.add(new InvalidQuery.FieldError(prefix + field, "must be a string"));
            return null;
        }
        return value.asText();
    }
}
