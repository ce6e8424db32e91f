package org.casejourney.standalone.launcher;

import com.nimbusds.jose.jwk.ECKey;
import org.casejourney.events.Pseudonyms;
import org.casejourney.events.checkpoints.CheckpointKeys;
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
import java.text.ParseException;
import java.time.Duration;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;

/**
 * The standalone system's own secrets: the private EC key it signs tokens with (its local identity
 * provider), the analysts' pseudonym key and the master key that wraps people's data keys. Made at
 * random on first start and kept in {@code DATA_DIR/keys.properties} (owner-only), so tokens, pseudonyms
 * and encrypted data survive restarts. The apps get only the signing key's public JWK set, and the
 * other secrets by environment, never a command line or log.
 * Production deployments configure an identity provider and their own secrets instead (docs/security.md).
 */
public final class LocalKeys {

    public static final String ISSUER = "casejourney-standalone";
    /** The aud of the local tokens, which both apps require. */
    public static final String AUDIENCE = "casejourney";
    /** The longest-lived token the apps accept from the launcher (and the {@code token} command signs). */
    public static final Duration MAX_LIFETIME = Duration.ofHours(12);
    static final String FILE = "keys.properties";
    static final String SIGNING_KEY = "token.signing.jwk";
    /** The shared HS256 key of earlier versions, dropped on the first start after an upgrade. */
    private static final String RETIRED_SHARED_KEY = "token.key";

    private final ECKey tokenKey;
    private final String pseudonymKey;
    private final String masterKeys;
    private final String checkpointSigningKey;
    private final String checkpointPublicKey;
    private final Path checkpoints;
    private final Properties keys;

    private LocalKeys(Properties keys, Path dataDir) throws ParseException {
        this.tokenKey = ECKey.parse(keys.getProperty(SIGNING_KEY));
        this.pseudonymKey = keys.getProperty("pseudonym.key");
        this.masterKeys = keys.getProperty("master.keys");
        this.checkpointSigningKey = keys.getProperty("checkpoint.signing.key");
        this.checkpointPublicKey = keys.getProperty("checkpoint.public.key");
        this.checkpoints = dataDir.resolve("checkpoints");
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
            boolean changed = keys.remove(RETIRED_SHARED_KEY) != null
                    | putIfAbsent(keys, SIGNING_KEY, TokenSigner.newKey("casejourney-standalone-1").toJSONString())
                    | putIfAbsent(keys, "pseudonym.key", random(32))
                    | putIfAbsent(keys, "master.keys", "local-1:" + Base64.getEncoder().encodeToString(bytes(32)))
                    | checkpointKeysIfAbsent(keys)
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
            return new LocalKeys(keys, dataDir);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read or write " + file, e);
        } catch (ParseException e) {
            throw new IllegalStateException(SIGNING_KEY + " in " + file + " is not an EC JWK; delete that line to make a new key", e);
        }
    }

    public TokenSigner signer() {
        return new TokenSigner(tokenKey, ISSUER, AUDIENCE);
    }

    /** A token for {@code subject} with these roles; refused beyond {@link #MAX_LIFETIME}, which the apps would refuse. */
    public String token(String subject, List<Role> roles, Duration lifetime) {
        if (lifetime.compareTo(MAX_LIFETIME) > 0) {
            throw new IllegalArgumentException("a token may be valid for at most " + MAX_LIFETIME.toHours() + " hours");
        }
        return signer().sign(subject, roles, lifetime);
    }

    /** What the launcher's own clients (generator, benchmark) send: tokens valid as long as allowed, and the pseudonyms. */
    public Access access() {
        Duration longest = MAX_LIFETIME;
        return new Access("Bearer " + token("casejourney-generator", List.of(Role.RECORDER), longest),
                "Bearer " + token("casejourney-benchmark", List.of(Role.ANALYST), longest), pseudonyms(),
                "Bearer " + token("casejourney-benchmark", List.of(Role.AUDITOR), longest),
                "Bearer " + token("casejourney-benchmark", List.of(Role.ADMIN), longest));
    }

    /** Authorization header values for writing, reading as an analyst, an auditor or an administrator, and the analysts' pseudonyms. */
    public record Access(String recorder, String analyst, Pseudonyms pseudonyms, String auditor, String admin) {
    }

    public Pseudonyms pseudonyms() {
        return new Pseudonyms(pseudonymKey);
    }

    /** The environment that configures an app: the public JWK set, never the signing key, and the secrets it needs. */
    Map<String, String> environment(boolean commandSide) {
        Map<String, String> env = new LinkedHashMap<>();
        env.put("CASEJOURNEY_SECURITY_JWT_ISSUER", ISSUER);
        env.put("CASEJOURNEY_SECURITY_JWT_AUDIENCE", AUDIENCE);
        env.put("CASEJOURNEY_SECURITY_JWT_JWKSET", signer().publicJwkSet());
        env.put("CASEJOURNEY_SECURITY_JWT_MAXLIFETIME", MAX_LIFETIME.toString());
        env.put("CASEJOURNEY_PSEUDONYMS_SECRET", pseudonymKey);
        if (commandSide) {
            env.put("CASEJOURNEY_PERSONALDATA_MASTERKEYS", masterKeys);
            env.put("CASEJOURNEY_CHECKPOINTS_DIRECTORY", checkpoints.toString());
            env.put("CASEJOURNEY_CHECKPOINTS_SIGNINGKEY", checkpointSigningKey);
            env.put("CASEJOURNEY_CHECKPOINTS_PUBLICKEY", checkpointPublicKey);
        }
        return env;
    }

    /** Where the command side keeps its signed checkpoints, and the public key that checks them. */
    public Path checkpoints() {
        return checkpoints;
    }

    public String checkpointPublicKey() {
        return checkpointPublicKey;
    }

    /** The Ed25519 pair that signs checkpoints; made together, so the halves always match. */
    private static boolean checkpointKeysIfAbsent(Properties keys) {
        if (keys.getProperty("checkpoint.signing.key") != null && keys.getProperty("checkpoint.public.key") != null) {
            return false;
        }
        java.security.KeyPair pair = CheckpointKeys.generate();
        keys.setProperty("checkpoint.signing.key", CheckpointKeys.encode(pair.getPrivate()));
        keys.setProperty("checkpoint.public.key", CheckpointKeys.encode(pair.getPublic()));
        return true;
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
