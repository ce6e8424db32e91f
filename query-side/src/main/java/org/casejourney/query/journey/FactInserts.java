package org.casejourney.query.journey;

import org.casejourney.events.IsoInstants;
import org.casejourney.query.platform.CopyRows;
import org.casejourney.query.platform.CopyType;
import org.springframework.jdbc.core.JdbcTemplate;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.stream.Collectors;

/**
 * Writes fact rows as texts: each column one text[] parameter of an {@code unnest} cast back to its type, or,
 * for a rebuild or a catch-up's fold, one binary COPY of the values those texts stand for.
 */
final class FactInserts {

    private final JdbcTemplate jdbc;

    FactInserts(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    /** A text[] value of a fact row. */
    record TextArray(Collection<String> values) {

        /** The PostgreSQL array literal, every element quoted. */
        String literal() {
            StringBuilder literal = new StringBuilder(64).append('{');
            for (String v : values) {
                if (literal.length() > 1) {
                    literal.append(',');
                }
                literal.append('"');
                if (v.indexOf('\\') < 0 && v.indexOf('"') < 0) {
                    literal.append(v);
                } else {
                    for (int i = 0; i < v.length(); i++) {
                        char c = v.charAt(i);
                        if (c == '\\' || c == '"') {
                            literal.append('\\');
                        }
                        literal.append(c);
                    }
                }
                literal.append('"');
            }
            return literal.append('}').toString();
        }
    }

    /** One statement's part: {@code sql} with each of the "name type, ..." columns of {@code rows} as one text[] parameter. */
    record Part(String sql, String columns, List<Object[]> rows) {
    }

    /**
     * Inserts all rows with one statement, or with one binary COPY when {@code copy} and every instant is one the
     * statement would store alike (whole microseconds, years 1900 to 9999; PostgreSQL rounds the text of any other).
     */
    void insert(boolean copy, FactTable fact, List<Object[]> rows) {
        if (rows.isEmpty()) {
            return;
        }
        if (copy && copiesAlike(rows)) {
            copy(fact, rows);
            return;
        }
        Part part = part(fact, rows);
        execute(part.sql(), part.columns(), part.rows());
    }

    /** The statement part that inserts these rows of {@code fact}. */
    static Part part(FactTable fact, List<Object[]> rows) {
        return new Part("insert into " + fact.table() + " (" + fact.columnNames() + ") " + unnest(fact.columns()), fact.columns(), rows);
    }

    private void copy(FactTable fact, List<Object[]> rows) {
        List<CopyType> types = fact.copyTypes();
        CopyRows copied = new CopyRows(rows.size());
        for (Object[] row : rows) {
            for (int c = 0; c < row.length; c++) {
                Object value = row[c];
                copied.value(types.get(c), value instanceof TextArray array ? array.values() : value);
            }
            copied.endRow();
        }
        copied.copyInto(jdbc, fact.table() + " (" + fact.columnNames() + ")");
    }

    /**
     * Runs the parts as one statement, one round trip: each but the last a data-modifying {@code with} clause, the last the
     * statement itself. PostgreSQL runs every part exactly once and all or none of them take effect; the parts must not
     * touch the same rows (they see one snapshot, not each other's changes).
     */
    void executeTogether(List<Part> parts) {
        if (parts.size() == 1) {
            execute(parts.get(0).sql(), parts.get(0).columns(), parts.get(0).rows());
            return;
        }
        String sql = together(parts.stream().map(Part::sql).toList());
        jdbc.update(connection -> {
            PreparedStatement statement = connection.prepareStatement(sql);
            int index = 1;
            for (Part part : parts) {
                index = bind(connection, statement, index, part.columns(), part.rows());
            }
            return statement;
        });
    }

    /**
     * One statement of several: each but the last a data-modifying {@code with} clause, the last the statement itself;
     * parameters in the order the statements are given.
     */
    static String together(List<String> statements) {
        StringBuilder sql = new StringBuilder();
        for (int i = 0; i < statements.size() - 1; i++) {
            sql.append(i == 0 ? "with " : ", ").append("part_").append(i).append(" as (").append(statements.get(i)).append(')');
        }
        return sql.append(statements.size() > 1 ? " " : "").append(statements.get(statements.size() - 1)).toString();
    }

    private static boolean copiesAlike(List<Object[]> rows) {
        for (Object[] row : rows) {
            for (Object value : row) {
                if (value instanceof Timestamp t && (t.getNanos() % 1_000 != 0 || !CopyRows.copyable(t.toInstant()))) {
                    return false;
                }
            }
        }
        return true;
    }

    /** {@code select <columns cast> from unnest(?::text[], ...) as u(<columns>)} for "name type, ..." columns. */
    static String unnest(String columns) {
        List<String[]> named = Arrays.stream(columns.split(",")).map(c -> c.trim().split(" ", 2)).toList();
        return "select " + named.stream().map(c -> "u." + c[0] + "::" + c[1] + " as " + c[0]).collect(Collectors.joining(", "))
                + " from unnest(" + named.stream().map(c -> "?::text[]").collect(Collectors.joining(", ")) + ") as u("
                + named.stream().map(c -> c[0]).collect(Collectors.joining(", ")) + ")";
    }

    /** Runs {@code sql} with each of the "name type, ..." columns of {@code rows} as one text[] parameter. */
    void execute(String sql, String columns, List<Object[]> rows) {
        jdbc.update(connection -> {
            PreparedStatement statement = connection.prepareStatement(sql);
            bind(connection, statement, 1, columns, rows);
            return statement;
        });
    }

    /** Binds each column of {@code rows} as one text[] parameter from {@code first} on; gives the next parameter's index. */
    private static int bind(Connection connection, PreparedStatement statement, int first, String columns, List<Object[]> rows)
            throws SQLException {
        int width = columns.split(",").length;
        for (int c = 0; c < width; c++) {
            String[] column = new String[rows.size()];
            for (int r = 0; r < rows.size(); r++) {
                column[r] = text(rows.get(r)[c]);
            }
            statement.setArray(first + c, connection.createArrayOf("text", column));
        }
        return first + width;
    }

    private static String text(Object value) {
        if (value == null) {
            return null;
        }
        if (value instanceof TextArray array) {
            return array.literal();
        }
        if (value instanceof Timestamp timestamp) {
            return IsoInstants.format(timestamp.toInstant());
        }
        return value.toString();
    }
}
