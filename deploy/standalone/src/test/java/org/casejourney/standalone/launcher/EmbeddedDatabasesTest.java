package org.casejourney.standalone.launcher;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.casejourney.infrastructure.EmbeddedPostgresServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** A data directory from before the database roles: its cluster trusted every local login and the superuser owned everything. */
class EmbeddedDatabasesTest {

    @Test
    void anEarlierVersionsDataIsLockedDownAndHandedToTheOwnerRole(@TempDir Path dataDir) throws Exception {
        Path cluster = dataDir.resolve("postgres");
        try (var earlier = EmbeddedPostgres.builder().setDataDirectory(cluster).setCleanDataDirectory(false).start()) {
            try (var c = earlier.getPostgresDatabase().getConnection(); var s = c.createStatement()) {
                s.execute("create database casejourney_events");
            }
            try (var c = earlier.getDatabase("postgres", "casejourney_events").getConnection(); var s = c.createStatement()) {
                s.execute("create table domain_event_entry (global_index bigserial primary key, payload text)");
                s.execute("create schema audit");
                s.execute("create table audit.access_log (id bigserial primary key)");
                s.execute("create function audit.refuse() returns trigger language plpgsql as $$ begin raise exception 'no'; end $$");
            }
        }
        LocalKeys keys = LocalKeys.in(dataDir);

        try (var postgres = EmbeddedPostgresServer.start(cluster, 0, keys.databasePassword("superuser"))) {
            StandaloneSystem.Database events = new EmbeddedDatabases(postgres, keys).forApp("casejourney_events", true);

            assertThat(events.user()).isEqualTo(EmbeddedDatabases.COMMAND);
            assertThat(events.owner()).isEqualTo(EmbeddedDatabases.OWNER);
            assertThatThrownBy(() -> DriverManager.getConnection(events.url(), events.user(), "").close()).isInstanceOf(SQLException.class);
            assertThatThrownBy(() -> DriverManager.getConnection(events.url(), EmbeddedPostgresServer.USER, "postgres").close())
                    .hasMessageContaining("password authentication failed");
            try (var c = DriverManager.getConnection(events.url(), events.owner(), events.ownerPassword()); var s = c.createStatement();
                 var rs = s.executeQuery("""
                         select pg_get_userbyid(datdba) from pg_database where datname = current_database()
                         union select pg_get_userbyid(relowner) from pg_class where relname in ('domain_event_entry', 'domain_event_entry_global_index_seq', 'access_log')
                         union select pg_get_userbyid(nspowner) from pg_namespace where nspname in ('audit', 'public')
                         union select pg_get_userbyid(proowner) from pg_proc where proname = 'refuse'""")) {
                List<String> owners = new ArrayList<>();
                while (rs.next()) {
                    owners.add(rs.getString(1));
                }
                // since PostgreSQL 15 a new database's public schema belongs to pg_database_owner, which is whoever owns
                // the database: the owner role here
                owners.replaceAll(o -> o.equals("pg_database_owner") ? EmbeddedDatabases.OWNER : o);
                assertThat(owners).containsOnly(EmbeddedDatabases.OWNER);
            }
            try (var c = DriverManager.getConnection(events.url(), events.user(), events.password()); var s = c.createStatement();
                 var rs = s.executeQuery("select rolsuper from pg_roles where rolname = current_user")) {
                rs.next();
                assertThat(rs.getBoolean(1)).isFalse();
            }
        }
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(cluster))).isEqualTo("rwx------");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(dataDir.resolve(LocalKeys.FILE)))).isEqualTo("rw-------");
        assertThat(Files.readString(dataDir.resolve(LocalKeys.FILE))).contains("db.superuser.password", "db.owner.password",
                "db.command.password", "db.query.password");
    }
}
