package org.casejourney.query.projections;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.JdbcTemplate;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * What a rebuild asks of PostgreSQL's catalogue, in one place: the schemas it makes, renames and drops,
 * the indexes it defers, what still reads a replaced schema, and the session lock that keeps a second
 * instance from rebuilding at once.
 */
final class RebuildCatalogue {

    // the rebuild's one log category, as operations.md lists its lines
    private static final Logger log = LoggerFactory.getLogger(ProjectionRebuild.class);
    /** Held for a whole rebuild on a connection of its own, so two instances never rebuild at once. */
    private static final long RUNNING_KEY = ProjectionLock.KEY + 1;

    private final JdbcTemplate jdbc;
    private final String liveSchema;

    RebuildCatalogue(JdbcTemplate jdbc, String liveSchema) {
        this.jdbc = jdbc;
        this.liveSchema = liveSchema;
    }

    /**
     * Drops the new schema's indexes that back no constraint and returns their definitions, so the
     * passes maintain only the keys they look rows up by and each index is built once at the end.
     */
    List<String> dropSecondaryIndexes(String schema) {
        List<Map<String, Object>> indexes = jdbc.queryForList("""
                select c.relname as name, pg_get_indexdef(c.oid) as definition
                from pg_index x
                join pg_class c on c.oid = x.indexrelid
                join pg_namespace n on n.oid = c.relnamespace
                where n.nspname = ? and not exists (select 1 from pg_constraint k where k.conindid = x.indexrelid)
                order by c.relname""", schema);
        List<String> definitions = new ArrayList<>();
        for (Map<String, Object> index : indexes) {
            jdbc.execute("drop index " + schema + ".\"" + index.get("name") + "\"");
            definitions.add((String) index.get("definition"));
        }
        return definitions;
    }

    /** Schemas a crashed rebuild left behind; only one rebuild runs at a time, so none is in use. */
    void dropLeftovers() {
        jdbc.queryForList("select nspname from pg_namespace where nspname like ? or nspname like ?", String.class,
                        liveSchema.replace("_", "\\_") + "\\_rebuild\\_%", liveSchema.replace("_", "\\_") + "\\_old\\_%")
                .forEach(this::dropQuietly);
    }

    /** In the switch's transaction: the live schema becomes {@code old} and the rebuilt one takes the live name. */
    void swap(String rebuilt, String old) {
        jdbc.execute("alter schema " + liveSchema + " rename to " + old);
        jdbc.execute("alter schema " + rebuilt + " rename to " + liveSchema);
    }

    /** Drops the replaced schema, unless something outside it still reads it (a view no hook re-bound). */
    void dropOld(String old) {
        List<String> dependents = jdbc.queryForList("""
                select distinct dn.nspname || '.' || dc.relname
                from pg_depend d
                join pg_rewrite r on r.oid = d.objid
                join pg_class dc on dc.oid = r.ev_class
                join pg_namespace dn on dn.oid = dc.relnamespace
                join pg_class sc on sc.oid = d.refobjid
                join pg_namespace sn on sn.oid = sc.relnamespace
                where d.classid = 'pg_rewrite'::regclass and sn.nspname = ? and dn.nspname <> ?""", String.class, old, old);
        if (!dependents.isEmpty()) {
            log.warn("Keeping the replaced schema {}: {} still read it; re-create them over {} and drop it by hand", old, dependents, liveSchema);
            return;
        }
        dropQuietly(old);
    }

    void dropQuietly(String schema) {
        try {
            jdbc.execute("drop schema if exists " + schema + " cascade");
            log.info("Dropped schema {}", schema);
        } catch (RuntimeException e) {
            log.warn("Could not drop schema {}", schema, e);
        }
    }

    /** Takes the rebuild's session lock on this connection, or answers false when another session holds it. */
    static boolean tryLock(Connection connection) throws SQLException {
        try (PreparedStatement lock = connection.prepareStatement("select pg_try_advisory_lock(?)")) {
            lock.setLong(1, RUNNING_KEY);
            try (ResultSet rs = lock.executeQuery()) {
                return rs.next() && rs.getBoolean(1);
            }
        }
    }

    /** Releases the session's advisory locks, then gives the connection back. */
    static void closeQuietly(Connection connection) {
        if (connection == null) {
            return;
        }
        try (PreparedStatement unlock = connection.prepareStatement("select pg_advisory_unlock_all()")) {
            unlock.execute();
        } catch (SQLException ignored) {
            // the pool discards a broken connection, and with it the session's locks
        }
        try {
            connection.close();
        } catch (SQLException ignored) {
            // nothing left to release
        }
    }
}
