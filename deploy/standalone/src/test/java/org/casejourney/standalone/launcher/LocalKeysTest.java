package org.casejourney.standalone.launcher;

import org.casejourney.security.Role;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

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
    void aTokenNamesItsSubjectRolesAndTheLocalIssuer() throws Exception {
        String token = LocalKeys.in(dataDir).token("analyst-local", List.of(Role.ANALYST), Duration.ofHours(1));

        var claims = com.nimbusds.jwt.SignedJWT.parse(token).getJWTClaimsSet();
        assertThat(claims.getIssuer()).isEqualTo(LocalKeys.ISSUER);
        assertThat(claims.getSubject()).isEqualTo("analyst-local");
        assertThat(claims.getStringListClaim("roles")).containsExactly("analyst");
        assertThat(com.nimbusds.jwt.SignedJWT.parse(token).verify(new com.nimbusds.jose.crypto.MACVerifier(
                LocalKeys.in(dataDir).environment(false).get("CASEJOURNEY_SECURITY_JWT_SHAREDSECRET").getBytes()))).isTrue();
    }
}
