package org.casejourney.infrastructure;

import java.sql.Connection;
import java.sql.SQLException;

/**
 * The roles the apps use (docs/security.md, Database roles), made with a superuser's connection: an
 * owner that runs the migrations and owns the tables, and a login per app that the migrations grant
 * only what it needs. None is a superuser or may create roles or databases.
 */
public final class DatabaseRoles {

    private DatabaseRoles() {
    }

    /** Creates the login role, or resets its password and strips any privilege an earlier setup gave it. */
    public static void ensureLogin(Connection superuser, String role, String password) throws SQLException {
        try (var exists = superuser.prepareStatement("select 1 from pg_roles where rolname = ?")) {
            exists.setString(1, role);
            boolean present;
            try (var rs = exists.executeQuery()) {
                present = rs.next();
            }
            try (var s = superuser.createStatement()) {
                s.execute("set password_encryption = 'scram-sha-256'");
                s.execute((present ? "alter" : "create") + " role " + Sql.identifier(role)
                        + " login nosuperuser nocreatedb nocreaterole noreplication nobypassrls password " + Sql.literal(password));
            }
        }
    }

    /** Creates a role nobody logs in as (the analysts' casejourney_analyst, which people are granted) unless it exists. */
    public static void ensureNoLogin(Connection superuser, String role) throws SQLException {
        try (var s = superuser.createStatement()) {
            s.execute("do $$ begin if not exists (select 1 from pg_roles where rolname = " + Sql.literal(role) + ") then create role "
                    + Sql.identifier(role) + " nologin; end if; end $$");
        }
    }

    /** Lets the owner act as an app role: the query side's migrations hand its rebuildable projection to that role. */
    public static void grantMembership(Connection superuser, String appRole, String owner) throws SQLException {
        try (var s = superuser.createStatement()) {
            s.execute("grant " + Sql.identifier(appRole) + " to " + Sql.identifier(owner));
        }
    }

    /**
     * Makes {@code owner} the owner of the database and of everything the superuser owns in it: a
     * database from an earlier version was made, and migrated, by the superuser.
     *
     * @param superuser a superuser's connection to that database
     */
    public static void handOver(Connection superuser, String owner) throws SQLException {
        try (var s = superuser.createStatement()) {
            s.execute("alter database " + Sql.identifier(superuser.getCatalog()) + " owner to " + Sql.identifier(owner));
            s.execute("""
                    do $$
                    declare
                        r record;
                        me oid := (select oid from pg_roles where rolname = current_user);
                    begin
                        for r in select nspname from pg_namespace where nspowner = me
                                and nspname <> 'information_schema' and nspname not like 'pg\\_%' loop
                            execute format('alter schema %I owner to %I', r.nspname, $owner$);
                        end loop;
                        for r in select n.nspname, c.relname from pg_class c join pg_namespace n on n.oid = c.relnamespace
                                where c.relowner = me and c.relkind in ('r', 'p', 'v', 'm', 'f')
                                and n.nspname <> 'information_schema' and n.nspname not like 'pg\\_%' loop
                            execute format('alter table %I.%I owner to %I', r.nspname, r.relname, $owner$);
                        end loop;
                        for r in select n.nspname, c.relname from pg_class c join pg_namespace n on n.oid = c.relnamespace
                                where c.relowner = me and c.relkind = 'S'
                                and n.nspname <> 'information_schema' and n.nspname not like 'pg\\_%' loop
                            execute format('alter sequence %I.%I owner to %I', r.nspname, r.relname, $owner$);
                        end loop;
                        for r in select p.oid::regprocedure as signature from pg_proc p join pg_namespace n on n.oid = p.pronamespace
                                where p.proowner = me and n.nspname <> 'information_schema' and n.nspname not like 'pg\\_%' loop
                            execute format('alter function %s owner to %I', r.signature, $owner$);
                        end loop;
                    end
                    $$""".replace("$owner$", Sql.literal(owner)));
        }
    }
}
