package org.casejourney.query.projections;

import org.flywaydb.core.Flyway;

import javax.sql.DataSource;
import java.util.List;

/** The rebuild's first phase: a fresh schema with the projection's tables, its secondary indexes put off to the end (ADR 012). */
final class RebuildPreparing {

    private final DataSource dataSource;
    private final String[] locations;
    private final RebuildCatalogue catalogue;

    RebuildPreparing(DataSource dataSource, String[] locations, RebuildCatalogue catalogue) {
        this.dataSource = dataSource;
        this.locations = locations;
        this.catalogue = catalogue;
    }

    /** Drops a crashed rebuild's leftovers, migrates {@code schema}, and returns the definitions of the indexes it dropped again. */
    List<String> prepare(String schema) {
        catalogue.dropLeftovers();
        Flyway.configure().dataSource(dataSource).schemas(schema).locations(locations)
                // repeatable scripts re-bind objects outside the schema (the analysts' views): they run at the switch instead
                .repeatableSqlMigrationPrefix("R-skipped-in-a-rebuild-")
                // the grants (db/roles) are the owner's to make; the app already owns what it creates here
                .skipDefaultCallbacks(true)
                .load().migrate();
        return catalogue.dropSecondaryIndexes(schema);
    }
}
