package org.casejourney.query.platform;

import org.casejourney.infrastructure.TestInfrastructure;
import org.casejourney.query.RealInfrastructure;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import java.sql.DriverManager;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The query side's own database role (docs/security.md, Database roles): it owns the projection it
 * rebuilds, but may only add to the audit log and read it, never change, delete or truncate it,
 * disable its triggers or alter it; it is no superuser.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class DatabaseRolesTest {

    private static final String DATABASE = TestInfrastructure.get().newDatabase("query_db_roles");

    @Autowired
    JdbcTemplate jdbc;

    @DynamicPropertySource
    static void infrastructure(DynamicPropertyRegistry registry) {
        RealInfrastructure.register(registry, DATABASE, "casejourney.events.db-roles");
        registry.add("casejourney.consumer.group-id", () -> "casejourney-db-roles-test");
    }

    @Test
    void theAppsRoleMayOnlyAddToTheAuditLogAndReadIt() {
        assertThat(jdbc.queryForObject("select current_user", String.class)).isEqualTo(TestInfrastructure.APP_ROLE);
        assertThat(jdbc.queryForObject("select rolsuper or rolcreaterole or rolcreatedb or rolbypassrls from pg_roles where rolname = current_user",
                Boolean.class)).isFalse();
        assertThat(jdbc.queryForList("select privilege_type from information_schema.role_table_grants"
                + " where grantee = current_user and table_schema = 'audit' order by 1", String.class)).containsExactly("INSERT", "SELECT");
        assertThat(jdbc.queryForObject("select pg_get_userbyid(relowner) from pg_class where oid = 'audit.access_log'::regclass", String.class))
                .isEqualTo(TestInfrastructure.OWNER_ROLE);
        jdbc.update("insert into audit.access_log (pseudonym, accessed_at, principal, endpoint) values ('ps-x', now(), 'someone', 'GET /')");

        for (String edit : List.of("update audit.access_log set principal = 'nobody'", "delete from audit.access_log", "truncate audit.access_log")) {
            assertThatThrownBy(() -> jdbc.execute(edit)).as(edit).rootCause().hasMessageContaining("permission denied for table access_log");
        }
        for (String ddl : List.of("alter table audit.access_log disable trigger all", "alter table audit.access_log add column x int",
                "drop table audit.access_log", "drop function audit.access_log_is_append_only() cascade")) {
            assertThatThrownBy(() -> jdbc.execute(ddl)).as(ddl).rootCause().hasMessageContaining("must be owner of");
        }
        assertThatThrownBy(() -> jdbc.execute("create table audit.shadow (x int)")).rootCause().hasMessageContaining("permission denied for schema audit");
        assertThatThrownBy(() -> jdbc.execute("set role " + TestInfrastructure.OWNER_ROLE)).rootCause().hasMessageContaining("permission denied");
        assertThat(jdbc.queryForObject("select count(*) from audit.access_log", Long.class)).isPositive();
    }

    @Test
    void theAppsRoleOwnsTheProjectionItRebuildsAndTheAnalystsViews() {
        assertThat(jdbc.queryForList("""
                select distinct pg_get_userbyid(c.relowner) from pg_class c join pg_namespace n on n.oid = c.relnamespace
                where n.nspname in (current_schema(), 'analytics') and c.relkind in ('r', 'v')""", String.class))
                .containsExactly(TestInfrastructure.APP_ROLE);
    }

    @Test
    void evenTheOwnerMeetsTheAuditLogsTriggers() throws Exception {
        String url = jdbc.queryForObject("select 'jdbc:postgresql://127.0.0.1:' || current_setting('port') || '/' || current_database()", String.class);
        try (var owner = DriverManager.getConnection(url, TestInfrastructure.OWNER_ROLE, TestInfrastructure.OWNER_PASSWORD);
             var s = owner.createStatement()) {
            s.execute("insert into audit.access_log (pseudonym, accessed_at, principal, endpoint) values ('ps-y', now(), 'someone', 'GET /')");
            for (String edit : List.of("update audit.access_log set principal = 'nobody'", "delete from audit.access_log", "truncate audit.access_log")) {
                assertThatThrownBy(() -> s.execute(edit)).as(edit).hasMessageContaining("append-only");
            }
        }
    }
}
