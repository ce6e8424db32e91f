package org.casejourney.standalone.launcher;

import org.casejourney.events.Pseudonyms;
import org.casejourney.security.Role;
import org.casejourney.security.TokenSigner;

import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;

/**
 * The standalone system's own secrets: the key it signs tokens with (its local identity provider),
 * the analysts' pseudonym key and the master key that wraps people's data keys. Made at random on
 * first start and kept in {@code DATA_DIR/keys.properties} (owner-only), so tokens, pseudonyms and
 * encrypted data survive restarts. They reach the apps by environment, never a command line or log.
 * Production deployments configure an identity provider and their own secrets instead (docs/security.md).
 */
public final class LocalKeys {

    public static final String ISSUER = "casejourney-standalone";
    static final String FILE = "keys.properties";

    private final String tokenKey;
    private final String pseudonymKey;
    private final String masterKeys;
    private final Properties keys;

    private LocalKeys(String tokenKey, String pseudonymKey, String masterKeys, Properties keys) {
        this.tokenKey = tokenKey;
        this.pseudonymKey = pseudonymKey;
        this.masterKeys = masterKeys;
        this.keys = keys;
    }

    /** The data directory's keys, made on first use. */
    public static synchronized LocalKeys in(Path dataDir) {
        Path file = dataDir.resolve(FILE);
        try {
            Properties keys = new Properties();
            if (Files.exists(file)) {
                try (Reader reader = Files.newBufferedReader(file)) {
                    keys.load(reader);
                }
            }
            boolean changed = putIfAbsent(keys, "token.key", random(32))
                    | putIfAbsent(keys, "pseudonym.key", random(32))
                    | putIfAbsent(keys, "master.keys", "local-1:" + Base64.getEncoder().encodeToString(bytes(32)))
                    | putDatabasePasswords(keys);
            if (changed) {
                Files.createDirectories(dataDir);
                Path temporary = dataDir.resolve(FILE + ".new");
                Files.deleteIfExists(temporary);
                try {
                    Files.createFile(temporary, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
                } catch (UnsupportedOperationException e) {
                    Files.createFile(temporary);
                }
                try (Writer writer = Files.newBufferedWriter(temporary)) {
                    keys.store(writer, "casejourney standalone secrets: keep private; losing master.keys makes personal text unreadable");
                }
                Files.move(temporary, file, java.nio.file.StandardCopyOption.REPLACE_EXISTING, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
            }
            return new LocalKeys(keys.getProperty("token.key"), keys.getProperty("pseudonym.key"), keys.getProperty("master.keys"), keys);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read or write " + file, e);
        }
    }

    public TokenSigner signer() {
        return new TokenSigner(tokenKey, ISSUER, "roles");
    }

    /** A token for {@code subject} with these roles. */
    public String token(String subject, List<Role> roles, Duration lifetime) {
        return signer().sign(subject, roles, lifetime);
    }

    /** What the launcher's own clients (generator, benchmark) send: tokens valid for a day, and the pseudonyms. */
    public Access access() {
        Duration day = Duration.ofDays(1);
        return new Access("Bearer " + token("casejourney-generator", List.of(Role.RECORDER), day),
                "Bearer " + token("casejourney-benchmark", List.of(Role.ANALYST), day), pseudonyms(),
                "Bearer " + token("casejourney-benchmark", List.of(Role.AUDITOR), day),
                "Bearer " + token("casejourney-benchmark", List.of(Role.ADMIN), day));
    }

    /** Authorization header values for writing, reading as an analyst, an auditor or an administrator, and the analysts' pseudonyms. */
    public record Access(String recorder, String analyst, Pseudonyms pseudonyms, String auditor, String admin) {
    }

    public Pseudonyms pseudonyms() {
        return new Pseudonyms(pseudonymKey);
    }

    /** The environment that configures an app with these secrets. */
    Map<String, String> environment(boolean commandSide) {
        Map<String, String> env = new LinkedHashMap<>();
        env.put("CASEJOURNEY_SECURITY_JWT_ISSUER", ISSUER);
        env.put("CASEJOURNEY_SECURITY_JWT_SHAREDSECRET", tokenKey);
        env.put("CASEJOURNEY_PSEUDONYMS_SECRET", pseudonymKey);
        if (commandSide) {
            env.put("CASEJOURNEY_PERSONALDATA_MASTERKEYS", masterKeys);
        }
        return env;
    }

    /** The embedded PostgreSQL's logins: its superuser, the owner that migrates, and each app's role. */
    static final List<String> DATABASE_LOGINS = List.of("superuser", "owner", "command", "query");

    private static boolean putDatabasePasswords(Properties keys) {
        boolean changed = false;
        for (String login : DATABASE_LOGINS) {
            changed |= putIfAbsent(keys, "db." + login + ".password", random(24));
        }
        return changed;
    }

    /** The password of one of {@link #DATABASE_LOGINS}. */
    public String databasePassword(String login) {
        return keys.getProperty("db." + login + ".password");
    }

    private static boolean putIfAbsent(Properties keys, String name, String value) {
        if (keys.getProperty(name) == null || keys.getProperty(name).isBlank()) {
            keys.setProperty(name, value);
            return true;
        }
        return false;
    }

    private static String random(int size) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes(size));
    }

    private static byte[] bytes(int size) {
        byte[] bytes = new byte[size];
        new SecureRandom().nextBytes(bytes);
        return bytes;
    }
}
