package org.casejourney.infrastructure;

import org.casejourney.security.Role;
import org.casejourney.security.TokenSigner;

import java.time.Duration;
import java.util.List;

/**
 * Tokens for tests, signed with the test-only key that each app's {@code src/test/resources/config/application.yml}
 * (keep the values there equal to these)
 * configures. The key protects nothing: it exists only in test runs.
 */
public final class TestTokens {

    public static final String ISSUER = "https://casejourney.test/issuer";
    public static final String SECRET = "test-only-key-never-used-outside-tests-0123456789";
    public static final TokenSigner SIGNER = new TokenSigner(SECRET, ISSUER, "roles");
    /** The analysts' pseudonym key of test runs (casejourney.pseudonyms.secret). */
    public static final String PSEUDONYM_SECRET = "test-only-pseudonym-key-never-used-outside-tests-42";
    /** The master key of test runs (casejourney.personal-data.master-keys). */
    public static final String MASTER_KEYS = "test-k1:AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8=";

    /** The environment that gives an app the test-only issuer, keys and secrets (for apps started as processes). */
    public static java.util.Map<String, String> environment() {
        return java.util.Map.of(
                "CASEJOURNEY_SECURITY_JWT_ISSUER", ISSUER,
                "CASEJOURNEY_SECURITY_JWT_SHAREDSECRET", SECRET,
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
}
