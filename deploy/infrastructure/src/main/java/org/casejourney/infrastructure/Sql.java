package org.casejourney.infrastructure;

/** Quoting for the few statements that cannot take parameters (roles, passwords). */
final class Sql {

    private Sql() {
    }

    static String literal(String value) {
        return "'" + value.replace("'", "''") + "'";
    }

    static String identifier(String name) {
        return "\"" + name.replace("\"", "\"\"") + "\"";
    }
}
