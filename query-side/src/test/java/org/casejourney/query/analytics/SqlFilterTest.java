package org.casejourney.query.analytics;

import org.junit.jupiter.api.Test;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class SqlFilterTest {

    private static final Instant FROM = Instant.parse("2026-03-02T00:00:00Z");
    private static final Instant TO = Instant.parse("2026-03-09T00:00:00Z");

    @Test
    void aConditionOnAValueNotGivenIsLeftOutAndNoConditionAtAllIsTrue() {
        SqlFilter where = new SqlFilter().equal("service", null).contains("teams", null).before("first_contact", null);

        assertThat(where.sql()).isEqualTo("true");
        assertThat(where.params()).isEmpty();
    }

    @Test
    void theParametersAreBoundInTheOrderOfTheConditionsInstantsAsTimestamps() {
        SqlFilter where = new SqlFilter().within("occurred_at", FROM, TO).add("to_team is not null")
                .equal("service", "asc").addIfGiven("(from_team = ? or to_team = ?)", "east");

        assertThat(where.sql()).isEqualTo("occurred_at >= ? and occurred_at < ? and to_team is not null and service = ?"
                + " and (from_team = ? or to_team = ?)");
        assertThat(where.params()).containsExactly(Timestamp.from(FROM), Timestamp.from(TO), "asc", "east", "east");
    }

    @Test
    void aSeriesQuerysFiltersMatchRowsHoldingOneOrArraysOfThem() {
        SeriesQuery query = SeriesQuery.parse("asc", "east", "phone", "2026-03-02", "2026-03-08", null, null, FROM);

        assertThat(query.filters().where(false).sql()).isEqualTo("service = ? and team = ? and channel = ?");
        assertThat(query.filters().where(true).sql())
                .isEqualTo("services @> array[?]::text[] and teams @> array[?]::text[] and channels @> array[?]::text[]");
        assertThat(query.within("closed_at").addAll(query.filters().where(true)).params())
                .isEqualTo(List.of(Timestamp.from(FROM), Timestamp.from(TO), "asc", "east", "PHONE"));
    }
}
