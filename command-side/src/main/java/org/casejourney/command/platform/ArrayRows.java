package org.casejourney.command.platform;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.List;
import java.util.stream.Collectors;

/**
 * Rows for one table as one array per column, inserted in the arrays' order by a single
 * {@code insert ... select ... from unnest(...)}: one statement whatever the number of rows, so
 * several tables' rows can go in one statement (and one round trip) as data-modifying {@code with}
 * clauses. Values are bound as arrays of the column's type; timestamps as ISO-8601 text.
 */
public record ArrayRows(String table, List<Column> columns) {

    /** A column, the PostgreSQL type of its values, and its values, one per row. */
    public record Column(String name, String type, Object[] values) {
    }

    public ArrayRows {
        columns = List.copyOf(columns);
        int rows = columns.isEmpty() ? -1 : columns.get(0).values().length;
        if (rows < 0 || columns.stream().anyMatch(c -> c.values().length != rows)) {
            throw new IllegalArgumentException("rows of " + table + " need columns of equal length");
        }
    }

    public int size() {
        return columns.get(0).values().length;
    }

    /** The insert, with one placeholder per column, in column order ({@link #bind} fills them). */
    public String insert() {
        String names = columns.stream().map(Column::name).collect(Collectors.joining(", "));
        String arrays = columns.stream().map(c -> "?::" + c.type() + "[]").collect(Collectors.joining(", "));
        return "insert into " + table + " (" + names + ") select " + names + " from unnest(" + arrays
                + ") with ordinality as rows_in_order(" + names + ", row_in_order) order by row_in_order";
    }

    /** Binds the arrays from placeholder {@code first} on; returns the next placeholder's number. */
    public int bind(Connection connection, PreparedStatement statement, int first) throws SQLException {
        int at = first;
        for (Column column : columns) {
            statement.setArray(at++, connection.createArrayOf(column.type(), column.values()));
        }
        return at;
    }

    /**
     * One statement inserting every one of these tables' rows: the last as the statement, the
     * others as {@code with} clauses before it. If any insert fails, the statement fails whole.
     */
    public static PreparedStatement inOneStatement(Connection connection, List<ArrayRows> tables) throws SQLException {
        StringBuilder sql = new StringBuilder();
        for (int i = 0; i < tables.size() - 1; i++) {
            sql.append(i == 0 ? "with " : ", ").append("along_").append(i).append(" as (").append(tables.get(i).insert()).append(") ");
        }
        sql.append(tables.get(tables.size() - 1).insert());
        PreparedStatement statement = connection.prepareStatement(sql.toString());
        try {
            int at = 1;
            for (ArrayRows table : tables) {
                at = table.bind(connection, statement, at);
            }
            return statement;
        } catch (SQLException | RuntimeException e) {
            statement.close();
            throw e;
        }
    }
}
