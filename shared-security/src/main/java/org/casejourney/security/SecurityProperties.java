package org.casejourney.security;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;

/**
 * How callers are authenticated ({@code casejourney.security.*}). Tokens are validated either
 * against an identity provider's JWK set ({@code jwt.jwk-set-uri}, RS256/ES256) or a shared key
 * ({@code jwt.shared-secret}, HS256, what the standalone launcher uses); exactly one must be set.
 * Secrets come from configuration or the environment only, never from the repository.
 *
 * @param rolesClaim     claim holding the roles: a list or a space/comma separated string; a dotted path such
 *                       as {@code realm_access.roles} reads a nested claim
 * @param principalClaim claim naming the caller, recorded as {@code recordedBy} and in the access log
 * @param corsAllowedOrigins origins browsers may call from; empty (the default) answers no cross-origin request
 */
@ConfigurationProperties("casejourney.security")
public record SecurityProperties(
        @DefaultValue Jwt jwt,
        @DefaultValue("roles") String rolesClaim,
        @DefaultValue("sub") String principalClaim,
        @DefaultValue("") List<String> corsAllowedOrigins) {

    /**
     * @param issuer       the {@code iss} every token must carry
     * @param audience     when set, the {@code aud} every token must include
     * @param jwkSetUri    the identity provider's JWK set
     * @param sharedSecret an HS256 key of at least 32 bytes
     * @param clockSkew    tolerance on {@code exp} and {@code nbf}
     */
    public record Jwt(
            String issuer,
            String audience,
            String jwkSetUri,
            String sharedSecret,
            @DefaultValue("PT30S") Duration clockSkew) {
    }

    /** Fails start-up with a message an operator can act on when the configuration cannot authenticate anyone safely. */
    void check() {
        if (jwt.issuer() == null || jwt.issuer().isBlank()) {
            throw new IllegalStateException("casejourney.security.jwt.issuer (CASEJOURNEY_SECURITY_JWT_ISSUER) is not set: "
                    + "name the issuer whose tokens this service accepts");
        }
        boolean jwks = jwt.jwkSetUri() != null && !jwt.jwkSetUri().isBlank();
        boolean shared = jwt.sharedSecret() != null && !jwt.sharedSecret().isBlank();
        if (jwks == shared) {
            throw new IllegalStateException("Set exactly one of casejourney.security.jwt.jwk-set-uri (CASEJOURNEY_SECURITY_JWT_JWKSETURI) "
                    + "and casejourney.security.jwt.shared-secret (CASEJOURNEY_SECURITY_JWT_SHAREDSECRET)");
        }
        if (shared && jwt.sharedSecret().getBytes(StandardCharsets.UTF_8).length < 32) {
            throw new IllegalStateException("casejourney.security.jwt.shared-secret must be at least 32 bytes (HS256)");
        }
        if (rolesClaim == null || rolesClaim.isBlank() || principalClaim == null || principalClaim.isBlank()) {
            throw new IllegalStateException("casejourney.security.roles-claim and principal-claim must name claims");
        }
    }
}
