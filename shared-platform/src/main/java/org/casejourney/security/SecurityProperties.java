package org.casejourney.security;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

import java.time.Duration;
import java.util.List;

/**
 * How callers are authenticated ({@code casejourney.security.*}). Tokens are verified against the
 * identity provider's public keys, given either as a JWK set URI or as the JWK set itself (what the
 * standalone launcher passes); exactly one must be set, and the apps never hold a signing key.
 *
 * @param rolesClaim     claim holding the roles, specific to this service so a token another client of a shared realm
 *                       receives grants nothing here: a list or a space/comma separated string; a dotted path such as
 *                       {@code resource_access.casejourney.roles} reads a nested claim
 * @param principalClaim claim naming the caller, recorded as {@code recordedBy} and in the access log; tokens without it are refused
 * @param corsAllowedOrigins origins browsers may call from; empty (the default) answers no cross-origin request
 */
@ConfigurationProperties("casejourney.security")
public record SecurityProperties(
        @DefaultValue Jwt jwt,
        @DefaultValue(TokenSigner.ROLES_CLAIM) String rolesClaim,
        @DefaultValue("sub") String principalClaim,
        @DefaultValue("") List<String> corsAllowedOrigins) {

    /**
     * @param issuer      the {@code iss} every token must carry
     * @param audience    the {@code aud} every token must include (this service's identifier at the identity provider)
     * @param jwkSetUri   the identity provider's JWK set URI
     * @param jwkSet      the identity provider's public JWK set as JSON; a set holding a private key is refused
     * @param clockSkew   tolerance on {@code exp} and {@code nbf}
     * @param maxLifetime the longest a token may be valid ({@code exp - iat}, and {@code exp} from now)
     */
    public record Jwt(
            String issuer,
            String audience,
            String jwkSetUri,
            String jwkSet,
            @DefaultValue("PT30S") Duration clockSkew,
            @DefaultValue("PT12H") Duration maxLifetime) {
    }

    /** Fails start-up with a message an operator can act on when the configuration cannot authenticate anyone safely. */
    void check() {
        if (blank(jwt.issuer())) {
            throw new IllegalStateException("casejourney.security.jwt.issuer (CASEJOURNEY_SECURITY_JWT_ISSUER) is not set: "
                    + "name the issuer whose tokens this service accepts");
        }
        if (blank(jwt.audience())) {
            throw new IllegalStateException("casejourney.security.jwt.audience (CASEJOURNEY_SECURITY_JWT_AUDIENCE) is not set: "
                    + "name this service's identifier at the identity provider, which every token's aud must include");
        }
        if (blank(jwt.jwkSetUri()) == blank(jwt.jwkSet())) {
            throw new IllegalStateException("Set exactly one of casejourney.security.jwt.jwk-set-uri (CASEJOURNEY_SECURITY_JWT_JWKSETURI) "
                    + "and casejourney.security.jwt.jwk-set (CASEJOURNEY_SECURITY_JWT_JWKSET, the public JWK set as JSON)");
        }
        if (jwt.maxLifetime() == null || jwt.maxLifetime().isNegative() || jwt.maxLifetime().isZero()) {
            throw new IllegalStateException("casejourney.security.jwt.max-lifetime must be a positive duration such as PT12H");
        }
        if (blank(rolesClaim) || blank(principalClaim)) {
            throw new IllegalStateException("casejourney.security.roles-claim and principal-claim must name claims");
        }
    }

    private static boolean blank(String value) {
        return value == null || value.isBlank();
    }
}
