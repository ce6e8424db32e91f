package org.casejourney.query.analytics;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * A read's where clause and its parameters, built condition by condition in the order they are bound: the one filter
 * builder of the analysts' reads (series, handoffs, cohorts). A condition on a value not given is left out; an instant
 * is bound as a timestamp.
 */
public final class SqlFilter {

    private final List<String> conditions = new ArrayList<>();
    private final List<Object> params = new ArrayList<>();

    /** {@code condition} always, its {@code ?} bound to {@code values} in order. */
    public SqlFilter add(String condition, Object... values) {
        conditions.add(condition);
        for (Object value : values) {
            params.add(bound(value));
        }
        return this;
    }

    /** {@code condition} when {@code value} is given, each of its {@code ?} bound to it. */
    public SqlFilter addIfGiven(String condition, Object value) {
        if (value != null) {
            conditions.add(condition);
            condition.chars().filter(c -> c == '?').forEach(c -> params.add(bound(value)));
        }
        return this;
    }

    /** Rows whose {@code column} is the value, when given. */
    public SqlFilter equal(String column, Object value) {
        return addIfGiven(column + " = ?", value);
    }

    /** Rows whose text-array {@code column} holds the value, when given: the row involved it. */
    public SqlFilter contains(String column, String value) {
        return addIfGiven(column + " @> array[?]::text[]", value);
    }

    /** Rows whose {@code column} is at or after {@code from}, when given. */
    public SqlFilter atOrAfter(String column, Object from) {
        return addIfGiven(column + " >= ?", from);
    }

    /** Rows whose {@code column} is before {@code to}, when given. */
    public SqlFilter before(String column, Object to) {
        return addIfGiven(column + " < ?", to);
    }

    /** Rows whose {@code column} is in [from, to). */
    public SqlFilter within(String column, Object from, Object to) {
        return atOrAfter(column, from).before(column, to);
    }

    /** Every condition of {@code other}, after these. */
    public SqlFilter addAll(SqlFilter other) {
        conditions.addAll(other.conditions);
        params.addAll(other.params);
        return this;
    }

    /** The conditions joined by {@code and}; {@code true} when there are none. */
    public String sql() {
        return conditions.isEmpty() ? "true" : String.join(" and ", conditions);
    }

    /** The values of the conditions' {@code ?}, in order. */
    public List<Object> params() {
        return Collections.unmodifiableList(params);
    }

    private static Object bound(Object value) {
        return value instanceof Instant instant ? Timestamp.from(instant) : value;
    }
}
