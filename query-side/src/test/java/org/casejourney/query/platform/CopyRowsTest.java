package org.casejourney.query.platform;

import com.zaxxer.hikari.HikariDataSource;
import org.casejourney.infrastructure.TestInfrastructure;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.dao.DataAccessException;
import org.springframework.jdbc.core.JdbcTemplate;

import java.sql.Timestamp;
import java.sql.Types;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The binary COPY stores exactly what a statement with the same values as parameters stores, type by type. */
class CopyRowsTest {

    private static final String COLUMNS = "n int, a text, b json, c int, d bigint, e boolean, f float8, g date, h timestamptz, i text[]";
    private static final List<String> TYPES = List.of("int", "text", "json", "int", "bigint", "boolean", "float8", "date",
            "timestamptz", "text[]");

    private static HikariDataSource dataSource;
    private static JdbcTemplate jdbc;

    @BeforeAll
    static void database() {
        TestInfrastructure infrastructure = TestInfrastructure.get();
        dataSource = new HikariDataSource();
        dataSource.setJdbcUrl(infrastructure.newDatabase("copy_rows"));
        dataSource.setUsername(infrastructure.ownerUser());
        dataSource.setPassword(infrastructure.ownerPassword());
        dataSource.setMaximumPoolSize(1); // a failed COPY must leave the one connection usable
        jdbc = new JdbcTemplate(dataSource);
    }

    @AfterAll
    static void close() {
        dataSource.close();
    }

    @BeforeEach
    void tables() {
        jdbc.execute("drop table if exists by_statement, by_copy");
        jdbc.execute("create table by_statement (" + COLUMNS + ")");
        jdbc.execute("create table by_copy (" + COLUMNS + ")");
    }

    @Test
    void everyTypeIsStoredAsAStatementStoresIt() {
        List<Object[]> rows = new ArrayList<>();
        rows.add(row(1, "plain", "{\"k\":1}", 0, 0L, true, 0.0, LocalDate.of(2000, 1, 1), Instant.parse("2000-01-01T00:00:00Z"),
                List.of()));
        rows.add(row(2, "tab\there, new\nline, back\\slash, return\r, é ✓ 😀", "{\"s\":\"\\\\ \\t \\u00e9 😀\",\"a\":[1,2.5e3]}",
                Integer.MIN_VALUE, Long.MAX_VALUE, false, -1.5e-300, LocalDate.of(1900, 1, 1),
                Instant.parse("1900-01-01T00:00:00.000000500Z"), List.of("a", "with \"quote\"", "back\\slash", "", "😀", "comma,brace}", "NULL")));
        rows.add(row(3, "", "[]", Integer.MAX_VALUE, Long.MIN_VALUE, true, Double.NaN, LocalDate.of(9999, 12, 31),
                Instant.parse("9999-12-31T23:59:59Z"), List.of("one")));
        rows.add(row(4, null, null, null, null, null, null, null, null, null));
        rows.add(row(5, "x".repeat(600_000), "\"" + "y".repeat(300_000) + "\"", -1, -1L, false, Double.NEGATIVE_INFINITY,
                LocalDate.of(1969, 12, 31), Instant.parse("1969-12-31T23:59:59.999999999Z"), Arrays.asList("x", null)));
        rows.add(row(6, "rounding", "null", 7, 8L, true, 1.0 / 3, LocalDate.of(2026, 12, 6),
                Instant.parse("1999-12-31T23:59:59.999999500Z"), List.of("b")));
        rows.add(row(7, "rounding down", "true", 1, 2L, false, Double.MIN_VALUE, LocalDate.of(2024, 2, 29),
                Instant.parse("2026-12-06T01:30:00.123456499Z"), List.of("c", "d")));

        for (Object[] row : rows) {
            insert(row);
        }
        CopyRows copy = new CopyRows(2);
        for (Object[] row : rows) {
            for (int c = 0; c < row.length; c++) {
                copy.value(TYPES.get(c), row[c]);
            }
            copy.endRow();
        }
        assertThat(copy.rows()).isEqualTo(rows.size());
        copy.copyInto(jdbc, "by_copy (n, a, b, c, d, e, f, g, h, i)");

        List<String> byStatement = jdbc.queryForList("select t::text from by_statement t order by n", String.class);
        List<String> byCopy = jdbc.queryForList("select t::text from by_copy t order by n", String.class);
        assertThat(byCopy).hasSize(rows.size()).containsExactlyElementsOf(byStatement);
        assertThat(jdbc.queryForObject("select h from by_copy where n = 6", Timestamp.class).toInstant())
                .isEqualTo(Instant.parse("2000-01-01T00:00:00Z"));
    }

    @Test
    void aValueOfTheWrongWidthIsRefusedAndTheConnectionCopiesAgain() {
        CopyRows wrong = new CopyRows(1);
        wrong.int8(1L).text("a").endRow(); // n is an int: eight bytes are not one
        assertThatThrownBy(() -> wrong.copyInto(jdbc, "by_copy (n, a)")).isInstanceOf(DataAccessException.class)
                .hasMessageContaining("binary");

        CopyRows right = new CopyRows(1);
        right.int4(1).text("a").endRow();
        right.copyInto(jdbc, "by_copy (n, a)");
        assertThat(jdbc.queryForList("select a from by_copy", String.class)).containsExactly("a");
    }

    @Test
    void aRowLeftOpenOrEmptyIsRefusedBeforeAnythingIsSent() {
        CopyRows open = new CopyRows(1);
        open.int4(1).endRow().text("a");
        assertThatThrownBy(() -> open.copyInto(jdbc, "by_copy (n, a)")).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> new CopyRows(1).endRow()).isInstanceOf(IllegalStateException.class);
        assertThat(jdbc.queryForObject("select count(*) from by_copy", Long.class)).isZero();
    }

    private static Object[] row(Object... values) {
        return values;
    }

    @SuppressWarnings("unchecked")
    private static void insert(Object[] row) {
        jdbc.update(connection -> {
            var insert = connection.prepareStatement("insert into by_statement values (?, ?, ?::json, ?, ?, ?, ?, ?, ?, ?)");
            insert.setInt(1, (Integer) row[0]);
            insert.setString(2, (String) row[1]);
            insert.setString(3, (String) row[2]);
            insert.setObject(4, row[3], Types.INTEGER);
            insert.setObject(5, row[4], Types.BIGINT);
            insert.setObject(6, row[5], Types.BOOLEAN);
            insert.setObject(7, row[6], Types.DOUBLE);
            if (row[7] == null) {
                insert.setNull(8, Types.DATE);
            } else {
                insert.setObject(8, (LocalDate) row[7]);
            }
            insert.setTimestamp(9, row[8] == null ? null : Timestamp.from((Instant) row[8]));
            insert.setArray(10, row[9] == null ? null : connection.createArrayOf("text", ((Collection<String>) row[9]).toArray()));
            return insert;
        });
    }
}
