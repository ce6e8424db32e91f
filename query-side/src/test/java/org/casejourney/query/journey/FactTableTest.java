package org.casejourney.query.journey;

import org.casejourney.query.analytics.FactsDatabase;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The one declaration of the fact tables' columns ({@link FactTable}) against the columns the migrations make. */
class FactTableTest {

    private static FactsDatabase db;

    @BeforeAll
    static void database() {
        db = new FactsDatabase("fact_tables");
    }

    @AfterAll
    static void close() {
        db.close();
    }

    @Test
    void everyFactTableHasExactlyTheDeclaredColumnsWithTheDeclaredTypes() {
        for (FactTable fact : FactTable.values()) {
            List<String> declared = Arrays.stream(fact.columns().split(",")).map(String::trim)
                    .map(c -> c.replaceAll("\\s+", " ")).sorted().toList();
            List<String> migrated = db.jdbc().queryForList(
                    "select a.attname || ' ' || format_type(a.atttypid, a.atttypmod) from pg_attribute a"
                            + " where a.attrelid = to_regclass(?) and a.attnum > 0 and not a.attisdropped",
                    String.class, fact.table()).stream().map(FactTableTest::shortType).sorted().toList();
            assertThat(declared).as(fact.table()).isEqualTo(migrated);
        }
    }

    @Test
    void everyFactTableInTheSchemaIsDeclared() {
        List<String> inSchema = db.jdbc().queryForList(
                "select table_name from information_schema.tables where table_schema = current_schema()"
                        + " and table_name like 'fact\\_%' and table_type = 'BASE TABLE' order by 1", String.class);
        assertThat(FactTable.names()).containsExactlyInAnyOrderElementsOf(inSchema);
    }

    /** PostgreSQL's names for the types, as the declaration spells them. */
    private static String shortType(String column) {
        return column.replace("timestamp with time zone", "timestamptz").replace("double precision", "float8")
                .replace("integer", "int");
    }
}
