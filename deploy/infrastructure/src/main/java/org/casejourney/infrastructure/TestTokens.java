package org.casejourney.infrastructure;

import com.nimbusds.jose.jwk.ECKey;
import org.casejourney.security.Role;
import org.casejourney.security.TokenSigner;

import java.text.ParseException;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * Tokens for tests, signed with a test-only EC key whose public JWK set each app's
 * {@code src/test/resources/config/application.yml} configures (keep the values there equal to these).
 * The key protects nothing: it exists only in test runs.
 */
public final class TestTokens {

    public static final String ISSUER = "https://casejourney.test/issuer";
    public static final String AUDIENCE = "casejourney-test";
    /** The public half of {@link #SIGNER}'s key, as the apps get it (casejourney.security.jwt.jwk-set). */
    public static final String JWK_SET = "{\"keys\":[{\"kty\":\"EC\",\"use\":\"sig\",\"crv\":\"P-256\",\"kid\":\"casejourney-test-1\","
            + "\"x\":\"xoNl8QO76EILxcwXIogGHjs_JTTfwUiueTkFpG6wSp4\",\"y\":\"rJsuoOFC0NnkKqHOO5AnBkyaZ9p-6lRSCXMD_VXxtns\",\"alg\":\"ES256\"}]}";
    public static final TokenSigner SIGNER = new TokenSigner(key(), ISSUER, AUDIENCE);
    /** The analysts' pseudonym key of test runs (casejourney.pseudonyms.secret). */
    public static final String PSEUDONYM_SECRET = "test-only-pseudonym-key-never-used-outside-tests-42";
    /** The master key of test runs (casejourney.personal-data.master-keys). */
    public static final String MASTER_KEYS = "test-k1:AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8=";

    /** The environment that gives an app the test-only issuer, audience, public key and secrets (for apps started as processes). */
    public static Map<String, String> environment() {
        return Map.of(
                "CASEJOURNEY_SECURITY_JWT_ISSUER", ISSUER,
                "CASEJOURNEY_SECURITY_JWT_AUDIENCE", AUDIENCE,
                "CASEJOURNEY_SECURITY_JWT_JWKSET", JWK_SET,
                "CASEJOURNEY_PSEUDONYMS_SECRET", PSEUDONYM_SECRET,
                "CASEJOURNEY_PERSONALDATA_MASTERKEYS", MASTER_KEYS);
    }

    private TestTokens() {
    }

    /** A token for {@code subject} with these roles, valid for an hour. */
    public static String token(String subject, Role... roles) {
        return SIGNER.sign(subject, List.of(roles), Duration.ofHours(1));
    }

    /** The Authorization header value of a token for a principal named after its role. */
    public static String bearer(Role role) {
        return "Bearer " + token("test-" + role.claimValue(), role);
    }

    /** A signer with the same issuer and audience but a key of its own, as a forger would have. */
    public static TokenSigner forger() {
        return new TokenSigner(TokenSigner.newKey("casejourney-test-1"), ISSUER, AUDIENCE);
    }

    /** The test-only private key, for tests that sign with it under another issuer or audience. */
    public static ECKey key() {
        try {
            return ECKey.parse("{\"kty\":\"EC\",\"d\":\"VQaDmcaCS9EvsMuQ2ATHnaW5KCJknWxUplrHP6wfioM\",\"use\":\"sig\",\"crv\":\"P-256\","
                    + "\"kid\":\"casejourney-test-1\",\"x\":\"xoNl8QO76EILxcwXIogGHjs_JTTfwUiueTkFpG6wSp4\","
                    + "\"y\":\"rJsuoOFC0NnkKqHOO5AnBkyaZ9p-6lRSCXMD_VXxtns\",\"alg\":\"ES256\"}");
        } catch (ParseException e) {
            throw new IllegalStateException(e);
        }
    }
}
