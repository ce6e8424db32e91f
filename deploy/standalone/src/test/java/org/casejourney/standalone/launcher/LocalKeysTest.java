package org.casejourney.standalone.launcher;

import com.nimbusds.jose.crypto.ECDSAVerifier;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jwt.SignedJWT;
import org.casejourney.events.Pseudonyms;
import org.casejourney.security.Role;
import org.casejourney.standalone.Options;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.Reader;
import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class LocalKeysTest {

    @TempDir
    Path dataDir;

    @Test
    void theKeysAreMadeOnceKeptPrivateAndTheSameOnEveryStart() throws Exception {
        LocalKeys first = LocalKeys.in(dataDir);
        Path file = dataDir.resolve(LocalKeys.FILE);

        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
        LocalKeys again = LocalKeys.in(dataDir);
        assertThat(again.pseudonyms().of("p-1")).isEqualTo(first.pseudonyms().of("p-1"));
        assertThat(again.environment(true)).isEqualTo(first.environment(true));
        assertThat(first.environment(false)).doesNotContainKey("CASEJOURNEY_PERSONALDATA_MASTERKEYS")
                .as("the query side cannot sign checkpoints").doesNotContainKey("CASEJOURNEY_CHECKPOINTS_SIGNINGKEY");
        var signed = org.casejourney.events.checkpoints.CheckpointKeys.sign(org.casejourney.events.checkpoints.CheckpointKeys.privateKey(
                first.environment(true).get("CASEJOURNEY_CHECKPOINTS_SIGNINGKEY")), null, java.time.Instant.now(), java.util.List.of());
        assertThat(org.casejourney.events.checkpoints.CheckpointKeys.signatureHolds(org.casejourney.events.checkpoints.CheckpointKeys.publicKey(
                first.environment(true).get("CASEJOURNEY_CHECKPOINTS_PUBLICKEY")), signed)).as("the checkpoint keys are one pair").isTrue();
        assertThat(first.environment(true).get("CASEJOURNEY_PERSONALDATA_MASTERKEYS")).matches("local-1:[A-Za-z0-9+/=]{44}");
        assertThat(LocalKeys.in(Files.createTempDirectory(dataDir, "other")).pseudonyms().of("p-1"))
                .isNotEqualTo(first.pseudonyms().of("p-1"));
    }

    @Test
    void aTokenNamesItsSubjectRolesAudienceAndTheLocalIssuerAndVerifiesWithThePublicKeys() throws Exception {
        String token = LocalKeys.in(dataDir).token("analyst-local", List.of(Role.ANALYST), Duration.ofHours(1));

        var claims = SignedJWT.parse(token).getJWTClaimsSet();
        assertThat(claims.getIssuer()).isEqualTo(LocalKeys.ISSUER);
        assertThat(claims.getAudience()).containsExactly(LocalKeys.AUDIENCE);
        assertThat(claims.getSubject()).isEqualTo("analyst-local");
        assertThat(claims.getStringListClaim("casejourney_roles")).containsExactly("analyst");
        assertThat(claims.getClaim("roles")).isNull();
        ECKey published = (ECKey) publicKeys(LocalKeys.in(dataDir).environment(false)).getKeys().get(0);
        assertThat(SignedJWT.parse(token).verify(new ECDSAVerifier(published))).isTrue();
    }

    @Test
    void theAppsEnvironmentNeverHoldsThePrivateKey() throws Exception {
        LocalKeys keys = LocalKeys.in(dataDir);
        Properties file = read(dataDir.resolve(LocalKeys.FILE));
        String privatePart = ECKey.parse(file.getProperty(LocalKeys.SIGNING_KEY)).getD().toString();

        for (boolean commandSide : new boolean[] {true, false}) {
            Map<String, String> environment = keys.environment(commandSide);
            assertThat(environment).doesNotContainKey("CASEJOURNEY_SECURITY_JWT_SHAREDSECRET");
            assertThat(environment.values()).noneMatch(value -> value.contains(privatePart))
                    .noneMatch(value -> value.contains(file.getProperty(LocalKeys.SIGNING_KEY)));
            assertThat(publicKeys(environment).getKeys()).isNotEmpty().noneMatch(JWK::isPrivate);
            assertThat(environment).containsEntry("CASEJOURNEY_SECURITY_JWT_AUDIENCE", LocalKeys.AUDIENCE);
        }
    }

    @Test
    void aDataDirectoryWithTheOldSharedKeyUpgradesKeepingItsOtherSecrets() throws Exception {
        Properties old = new Properties();
        old.setProperty("token.key", "an-old-shared-hs256-key-of-32-bytes-or-more");
        old.setProperty("pseudonym.key", "the-old-pseudonym-key-0123456789abcdef");
        old.setProperty("master.keys", "local-1:AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8=");
        try (Writer writer = Files.newBufferedWriter(dataDir.resolve(LocalKeys.FILE))) {
            old.store(writer, null);
        }

        LocalKeys keys = LocalKeys.in(dataDir);

        Properties upgraded = read(dataDir.resolve(LocalKeys.FILE));
        assertThat(upgraded).doesNotContainKey("token.key").containsKey(LocalKeys.SIGNING_KEY);
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(dataDir.resolve(LocalKeys.FILE)))).isEqualTo("rw-------");
        assertThat(keys.pseudonyms().of("p-1")).isEqualTo(new Pseudonyms("the-old-pseudonym-key-0123456789abcdef").of("p-1"));
        assertThat(keys.environment(true)).containsEntry("CASEJOURNEY_PERSONALDATA_MASTERKEYS", old.getProperty("master.keys"))
                .doesNotContainValue(old.getProperty("token.key"));
        String token = keys.token("admin-local", List.of(Role.ADMIN), Duration.ofHours(1));
        assertThat(SignedJWT.parse(token).verify(new ECDSAVerifier((ECKey) publicKeys(keys.environment(true)).getKeys().get(0)))).isTrue();
    }

    @Test
    void noTokenOutlivesTheMaximumTheAppsAccept() {
        assertThat(LocalKeys.in(dataDir).environment(false)).containsEntry("CASEJOURNEY_SECURITY_JWT_MAXLIFETIME", "PT12H");
        assertThatThrownBy(() -> LocalKeys.in(dataDir).token("late", List.of(Role.ANALYST), Duration.ofHours(13)))
                .hasMessageContaining("at most 12 hours");
        assertThatThrownBy(() -> TokenCommand.run(List.of("--role", "analyst", "--hours", "13")))
                .isInstanceOf(Options.UsageException.class).hasMessageContaining("--hours 13 is too long")
                .hasMessageContaining("more than 12 hours");
    }

    private static JWKSet publicKeys(Map<String, String> environment) throws Exception {
        return JWKSet.parse(environment.get("CASEJOURNEY_SECURITY_JWT_JWKSET"));
    }

    private static Properties read(Path file) throws Exception {
        Properties properties = new Properties();
        try (Reader reader = Files.newBufferedReader(file)) {
            properties.load(reader);
        }
        return properties;
    }
}
