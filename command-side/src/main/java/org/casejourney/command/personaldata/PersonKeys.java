package org.casejourney.command.personaldata;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

import javax.crypto.SecretKey;
import javax.crypto.spec.SecretKeySpec;
import java.security.GeneralSecurityException;
import java.sql.PreparedStatement;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The person_data_key table: each person's data keys, wrapped by a master key. Unwrapped keys
 * live only for the request that needs them (no cache), so an erasure on one instance leaves no
 * readable key on another.
 */
@Component
class PersonKeys {

    /** A person's usable data key. */
    record DataKey(int version, SecretKey key) {
    }

    private final JdbcTemplate jdbc;
    private final MasterKeys masterKeys;
    private final Clock clock;

    PersonKeys(JdbcTemplate jdbc, MasterKeys masterKeys, Clock clock) {
        this.jdbc = jdbc;
        this.masterKeys = masterKeys;
        this.clock = clock;
    }

    /**
     * The key new personal text of each of these people is sealed with: the latest unerased one,
     * created (in the caller's transaction) for people who have none. Concurrent creators agree:
     * the loser of the insert reads the winner's key.
     */
    Map<String, DataKey> activeKeys(Collection<String> personIds) {
        return activeKeys(personIds, Set.of());
    }

    /**
     * As {@link #activeKeys(Collection)}, with a first key made ahead for each of {@code mayBeNew}
     * (people who may have none yet): the read and the creation of those that had no key row are
     * then one statement, one round trip. A person another request gave a key meanwhile, or whose
     * keys were all erased, takes the two-step way.
     */
    Map<String, DataKey> activeKeys(Collection<String> personIds, Collection<String> mayBeNew) {
        // created in id order, as every writer does, so two requests creating the same people's keys cannot deadlock
        Set<String> people = new TreeSet<>(personIds);
        Map<String, DataKey> keys = new HashMap<>();
        Map<String, Integer> nextVersion = new HashMap<>();
        Map<String, byte[]> offered = new TreeMap<>();
        for (String p : mayBeNew) {
            if (people.contains(p)) {
                offered.put(p, Aead.randomKey());
            }
        }
        readActive(people, offered, keys, nextVersion);
        List<String> missing = people.stream().filter(p -> !keys.containsKey(p)).toList();
        if (missing.isEmpty()) {
            return keys;
        }
        Instant now = clock.instant();
        Map<String, DataKey> created = new HashMap<>();
        List<Object[]> rows = new ArrayList<>();
        for (String p : missing) {
            int version = nextVersion.getOrDefault(p, 1);
            byte[] raw = Aead.randomKey();
            created.put(p, new DataKey(version, new SecretKeySpec(raw, "AES")));
            rows.add(new Object[]{p, version, Aead.seal(masterKeys.active(), raw, wrapContext(p, version))});
        }
        Set<String> inserted = insert(rows, now);
        List<String> lost = new ArrayList<>();
        for (String p : missing) {
            if (inserted.contains(p)) {
                keys.put(p, created.get(p));
            } else {
                lost.add(p);
            }
        }
        if (!lost.isEmpty()) {
            // another request created these keys first: use theirs
            readActive(lost, Map.of(), keys, new HashMap<>());
        }
        return keys;
    }

    /** Inserts the key rows {person, version, wrapped key} that no one inserted first; returns the people whose rows went in. */
    private Set<String> insert(List<Object[]> rows, Instant now) {
        return new HashSet<>(jdbc.query(connection -> {
            PreparedStatement insert = connection.prepareStatement(
                    "insert into person_data_key (person_id, version, master_key_id, wrapped_key, created_at) "
                            + "select person_id, version, ?, wrapped_key, ? from unnest(?::varchar[], ?::int[], ?::bytea[]) "
                            + "as k(person_id, version, wrapped_key) order by person_id "
                            + "on conflict (person_id, version) do nothing returning person_id");
            insert.setString(1, masterKeys.activeId());
            insert.setTimestamp(2, Timestamp.from(now));
            insert.setArray(3, connection.createArrayOf("varchar", rows.stream().map(r -> r[0]).toArray()));
            insert.setArray(4, connection.createArrayOf("int4", rows.stream().map(r -> r[1]).toArray()));
            insert.setArray(5, connection.createArrayOf("bytea", rows.stream().map(r -> (byte[]) r[2]).toArray(byte[][]::new)));
            return insert;
        }, (rs, n) -> rs.getString(1)));
    }

    /** A person's readable keys by version (erased versions are absent), and when their keys were last destroyed. */
    record Readable(Map<Integer, SecretKey> keys, Instant erasedAt) {
    }

    /** Every key row of the person, read once. */
    Readable readable(String personId) {
        Map<Integer, SecretKey> keys = new HashMap<>();
        Instant[] erasedAt = {null};
        jdbc.query("select version, master_key_id, wrapped_key, erased_at from person_data_key where person_id = ?", rs -> {
            Timestamp erased = rs.getTimestamp(4);
            if (erased == null) {
                keys.put(rs.getInt(1), unwrap(personId, rs.getInt(1), rs.getString(2), rs.getBytes(3)));
            } else if (erasedAt[0] == null || erased.toInstant().isAfter(erasedAt[0])) {
                erasedAt[0] = erased.toInstant();
            }
        }, personId);
        return new Readable(keys, erasedAt[0]);
    }

    /** When the person's keys were last destroyed, or null if never. */
    Instant erasedAt(String personId) {
        return readable(personId).erasedAt();
    }

    /** Destroys every key of the person; returns how many were destroyed. */
    int destroy(String personId, Instant at) {
        return jdbc.update("update person_data_key set wrapped_key = null, master_key_id = null, erased_at = ? "
                + "where person_id = ? and wrapped_key is not null", Timestamp.from(at), personId);
    }

    /** Rewraps up to {@code limit} keys still wrapped by another master key with the active one; returns how many. */
    int rewrap(int limit) {
        record Row(String personId, int version, String masterKeyId, byte[] wrapped) {
        }
        List<Row> rows = jdbc.query("select person_id, version, master_key_id, wrapped_key from person_data_key "
                        + "where wrapped_key is not null and master_key_id <> ? limit ? for update skip locked",
                (rs, n) -> new Row(rs.getString(1), rs.getInt(2), rs.getString(3), rs.getBytes(4)),
                masterKeys.activeId(), limit);
        List<Object[]> updates = new ArrayList<>();
        for (Row row : rows) {
            SecretKey key = unwrap(row.personId(), row.version(), row.masterKeyId(), row.wrapped());
            updates.add(new Object[]{masterKeys.activeId(), Aead.seal(masterKeys.active(), key.getEncoded(),
                    wrapContext(row.personId(), row.version())), row.personId(), row.version()});
        }
        jdbc.batchUpdate("update person_data_key set master_key_id = ?, wrapped_key = ? where person_id = ? and version = ?", updates);
        return updates.size();
    }

    /** Keys still wrapped by a master key other than the active one. */
    long wrappedByRetiredKeys() {
        return jdbc.queryForObject("select count(*) from person_data_key where wrapped_key is not null and master_key_id <> ?",
                Long.class, masterKeys.activeId());
    }

    /**
     * Each person's newest unerased key, and the version a new key of theirs would take; in the same
     * statement, the first key (version 1) of each {@code offered} person who has no key row, made
     * from the raw key offered.
     */
    private void readActive(Collection<String> people, Map<String, byte[]> offered, Map<String, DataKey> keys,
                            Map<String, Integer> nextVersion) {
        jdbc.query(connection -> {
            PreparedStatement select = connection.prepareStatement(
                    "with offered(person_id, wrapped_key) as (select * from unnest(?::varchar[], ?::bytea[])), "
                            + "created as (insert into person_data_key (person_id, version, master_key_id, wrapped_key, created_at) "
                            + "select o.person_id, 1, ?, o.wrapped_key, ? from offered o "
                            + "where not exists (select 1 from person_data_key k where k.person_id = o.person_id) "
                            + "order by o.person_id on conflict (person_id, version) do nothing returning person_id) "
                            + "select person_id, max(version) + 1, "
                            + "(array_agg(version order by version desc) filter (where wrapped_key is not null))[1], "
                            + "(array_agg(master_key_id order by version desc) filter (where wrapped_key is not null))[1], "
                            + "(array_agg(wrapped_key order by version desc) filter (where wrapped_key is not null))[1], false "
                            + "from person_data_key where person_id = any(?) group by person_id "
                            + "union all select person_id, 2, 1, null, null, true from created");
            select.setArray(1, connection.createArrayOf("varchar", offered.keySet().toArray()));
            select.setArray(2, connection.createArrayOf("bytea", offered.entrySet().stream()
                    .map(o -> Aead.seal(masterKeys.active(), o.getValue(), wrapContext(o.getKey(), 1))).toArray(byte[][]::new)));
            select.setString(3, masterKeys.activeId());
            select.setTimestamp(4, Timestamp.from(clock.instant()));
            select.setArray(5, connection.createArrayOf("varchar", people.toArray()));
            return select;
        }, rs -> {
            String person = rs.getString(1);
            nextVersion.put(person, rs.getInt(2));
            if (rs.getBoolean(6)) {
                keys.put(person, new DataKey(1, new SecretKeySpec(offered.get(person), "AES")));
                return;
            }
            byte[] wrapped = rs.getBytes(5);
            if (wrapped != null) {
                int version = rs.getInt(3);
                keys.put(person, new DataKey(version, unwrap(person, version, rs.getString(4), wrapped)));
            }
        });
    }

    private SecretKey unwrap(String personId, int version, String masterKeyId, byte[] wrapped) {
        SecretKey master = masterKeys.get(masterKeyId);
        if (master == null) {
            throw new IllegalStateException("master key '" + masterKeyId + "' wraps keys of stored people but is not configured; "
                    + "keep it in casejourney.personal-data.master-keys until rotation has rewrapped them");
        }
        try {
            return new SecretKeySpec(Aead.open(master, wrapped, wrapContext(personId, version)), "AES");
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("the data key of a person (version " + version + ") does not open with master key '"
                    + masterKeyId + "': the key table or the configured master key was altered", e);
        }
    }

    private static String wrapContext(String personId, int version) {
        return "person-data-key|" + personId + "|" + version;
    }
}
