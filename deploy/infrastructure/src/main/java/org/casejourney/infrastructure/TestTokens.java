package org.casejourney.infrastructure;

import org.casejourney.security.Role;
import org.casejourney.security.TokenSigner;

import java.time.Duration;
import java.util.List;

/**
 * Tokens for tests, signed with the test-only key that each app's {@code src/test/resources/config/application.yml}
 * configures. The key protects nothing: it exists only in test runs.
 */
public final class TestTokens {

    public static final String ISSUER = "https://casejourney.test/issuer";
    public static final String SECRET = "test-only-key-never-used-outside-tests-0123456789";
    public static final TokenSigner SIGNER = new TokenSigner(SECRET, ISSUER, "roles");

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
