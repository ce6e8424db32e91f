package org.casejourney.standalone.launcher;

import org.casejourney.infrastructure.DatabaseRoles;
import org.casejourney.infrastructure.EmbeddedPostgresServer;

import java.sql.Connection;
import java.sql.SQLException;

/**
 * The embedded PostgreSQL made ready for the apps (docs/security.md, Database roles): an owner role
 * that runs the migrations and a role per app, with the passwords kept in DATA_DIR/keys.properties.
 * A database an earlier version made (owned and migrated by the superuser) is handed to the owner.
 */
final class EmbeddedDatabases {

    static final String OWNER = "casejourney_owner";
    static final String COMMAND = "casejourney_command";
    static final String QUERY = "casejourney_query";
    /** The analysts' role R__analytics_views.sql grants the views to; the owner may not create roles. */
    static final String ANALYST = "casejourney_analyst";

    private final EmbeddedPostgresServer postgres;
    private final LocalKeys keys;

    EmbeddedDatabases(EmbeddedPostgresServer postgres, LocalKeys keys) {
        this.postgres = postgres;
        this.keys = keys;
        try (Connection superuser = postgres.connect("postgres")) {
            DatabaseRoles.ensureLogin(superuser, OWNER, keys.databasePassword("owner"));
            DatabaseRoles.ensureLogin(superuser, COMMAND, keys.databasePassword("command"));
            DatabaseRoles.ensureLogin(superuser, QUERY, keys.databasePassword("query"));
            DatabaseRoles.grantMembership(superuser, QUERY, OWNER);
            DatabaseRoles.ensureNoLogin(superuser, ANALYST);
        } catch (SQLException e) {
            throw new IllegalStateException("could not create the database roles", e);
        }
    }

    /** The database, created unless it exists and owned by the owner role, as the command or the query side connects to it. */
    StandaloneSystem.Database forApp(String name, boolean commandSide) {
        postgres.createDatabaseOwnedBy(name, OWNER);
        String role = commandSide ? COMMAND : QUERY;
        return new StandaloneSystem.Database(postgres.jdbcUrl(name), role, keys.databasePassword(commandSide ? "command" : "query"),
                OWNER, keys.databasePassword("owner"));
    }

    /** The superuser's way into a database, for the benchmark's scratch tables. */
    StandaloneSystem.Database superuser(String name) {
        return new StandaloneSystem.Database(postgres.jdbcUrl(name), EmbeddedPostgresServer.USER, postgres.password(), null, null);
    }
}
