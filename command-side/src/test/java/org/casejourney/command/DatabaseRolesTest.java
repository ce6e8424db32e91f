package org.casejourney.command;

import org.casejourney.infrastructure.TestInfrastructure;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.JdbcTemplate;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The app's own database role (docs/security.md, Database roles): it may add to the event store and
 * the access log and read them, but never change, delete or truncate them, nor unlock them by
 * disabling their triggers or altering the tables; it owns nothing and is no superuser.
 */
class DatabaseRolesTest extends ApiTestSupport {

    /** The grant table of docs/security.md, exactly. */
    private static final Map<String, String> GRANTS = new TreeMap<>(Map.of(
            "domain_event_entry", "INSERT, SELECT",
            "snapshot_event_entry", "DELETE, INSERT, SELECT",
            "token_entry", "DELETE, INSERT, SELECT, UPDATE",
            "saga_entry", "DELETE, INSERT, SELECT, UPDATE",
            "association_value_entry", "DELETE, INSERT, SELECT, UPDATE",
            "event_id_index", "INSERT, SELECT",
            "access_log", "INSERT, SELECT",
            "person_data_key", "INSERT, SELECT, UPDATE"));

    @Test
    void theAppsRoleHoldsExactlyTheDocumentedGrantsAndNothingMore() {
        assertThat(jdbc.queryForObject("select current_user", String.class)).isEqualTo(TestInfrastructure.APP_ROLE);
        assertThat(jdbc.queryForObject("select rolsuper or rolcreaterole or rolcreatedb or rolbypassrls from pg_roles where rolname = current_user",
                Boolean.class)).isFalse();
        assertThat(jdbc.queryForObject("select count(*) from pg_class c join pg_namespace n on n.oid = c.relnamespace"
                + " where c.relowner = (select oid from pg_roles where rolname = current_user) and n.nspname = 'public'", Long.class)).isZero();
        Map<String, String> grants = new TreeMap<>();
        jdbc.query("""
                select table_name, string_agg(privilege_type, ', ' order by privilege_type) as privileges
                from information_schema.role_table_grants where grantee = current_user and table_schema = 'public'
                group by table_name""", rs -> {
            grants.put(rs.getString(1), rs.getString(2));
        });
        assertThat(grants).isEqualTo(GRANTS);
    }

    @Test
    void theAppsRoleCannotRewriteTheEventStoreOrTheAccessLog() throws Exception {
        String person = person();
        assertThat(post("/api/v1/persons/" + person + "/events", contact("e-" + person, Instant.now().minus(1, ChronoUnit.HOURS)))
                .statusCode()).isEqualTo(201);
        jdbc.update("insert into access_log (person_id, accessed_at, principal, endpoint) values ('p-x', now(), 'someone', 'GET /')");

        Map<String, String> aColumn = Map.of("domain_event_entry", "event_identifier", "access_log", "principal", "event_id_index", "event_id");
        for (String table : aColumn.keySet()) {
            for (String edit : List.of("update " + table + " set " + aColumn.get(table) + " = 'x'", "delete from " + table, "truncate " + table)) {
                assertThatThrownBy(() -> jdbc.execute(edit)).as(edit).rootCause().hasMessageContaining("permission denied for table " + table);
            }
            for (String ddl : List.of("alter table " + table + " disable trigger all", "alter table " + table + " add column x int",
                    "drop table " + table)) {
                assertThatThrownBy(() -> jdbc.execute(ddl)).as(ddl).rootCause().hasMessageContaining("must be owner of table " + table);
            }
        }
        assertThatThrownBy(() -> jdbc.execute("update snapshot_event_entry set payload = ''::bytea"))
                .rootCause().hasMessageContaining("permission denied for table snapshot_event_entry");
        assertThatThrownBy(() -> jdbc.execute("create table public.shadow (x int)")).rootCause().hasMessageContaining("permission denied for schema public");
        assertThatThrownBy(() -> jdbc.execute("set role " + TestInfrastructure.OWNER_ROLE)).rootCause().hasMessageContaining("permission denied");
        assertThat(jdbc.queryForObject("select count(*) from domain_event_entry", Long.class)).isPositive();
    }

    @Test
    void migrationsRunAsTheAppsOwnRoleAreRefused() {
        TestInfrastructure infrastructure = TestInfrastructure.get();
        String url = infrastructure.newDatabase("events_one_role");
        assertThatThrownBy(() -> Flyway.configure().dataSource(url, infrastructure.ownerUser(), infrastructure.ownerPassword())
                .locations("classpath:db/migration", "classpath:db/roles").placeholders(Map.of("app_role", infrastructure.ownerUser()))
                .load().migrate())
                .rootCause().hasMessageContaining("also runs the migrations and would own every table")
                .hasMessageContaining("SPRING_FLYWAY_USER");
    }

    @Test
    void evenTheOwnerMeetsTheAccessLogsTriggers() {
        JdbcTemplate owner = owner();
        owner.execute("insert into access_log (person_id, accessed_at, principal, endpoint) values ('p-y', now(), 'someone', 'GET /')");
        for (String edit : List.of("update access_log set purpose = 'nothing'", "delete from access_log", "truncate access_log")) {
            assertThatThrownBy(() -> owner.execute(edit)).as(edit).hasMessageContaining("append-only");
        }
    }
}
