package org.casejourney.security;

import org.springframework.security.oauth2.core.DelegatingOAuth2TokenValidator;
import org.springframework.security.oauth2.core.OAuth2Error;
import org.springframework.security.oauth2.core.OAuth2TokenValidator;
import org.springframework.security.oauth2.core.OAuth2TokenValidatorResult;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtIssuerValidator;
import org.springframework.security.oauth2.jwt.JwtTimestampValidator;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

/**
 * What a token with a good signature must also satisfy: issuer, expiry, audience, a named caller
 * and a bounded lifetime. {@link VerifiedTokens} applies them on every request, remembered token or not.
 */
final class TokenRules {

    private TokenRules() {
    }

    static OAuth2TokenValidator<Jwt> of(SecurityProperties properties, Clock clock) {
        SecurityProperties.Jwt jwt = properties.jwt();
        JwtTimestampValidator timestamps = new JwtTimestampValidator(jwt.clockSkew());
        timestamps.setClock(clock);
        return new DelegatingOAuth2TokenValidator<>(
                timestamps,
                new JwtIssuerValidator(jwt.issuer()),
                audience(jwt.audience()),
                principal(properties.principalClaim()),
                lifetime(jwt.maxLifetime(), jwt.clockSkew(), clock));
    }

    private static OAuth2TokenValidator<Jwt> audience(String audience) {
        return token -> token.getAudience() != null && token.getAudience().contains(audience) ? ok()
                : refused(token.getAudience() == null || token.getAudience().isEmpty()
                        ? "The token has no aud claim; it must include " + audience
                        : "The token's aud claim does not include " + audience + " (it was issued for another service)");
    }

    private static OAuth2TokenValidator<Jwt> principal(String claim) {
        return token -> token.getClaims().get(claim) instanceof String name && !name.isBlank() ? ok()
                : refused("The token has no " + claim + " claim naming the caller");
    }

    /** Bounds both the stated lifetime and what is left of it, so a future iat cannot stretch a token. */
    private static OAuth2TokenValidator<Jwt> lifetime(Duration maximum, Duration skew, Clock clock) {
        return token -> {
            Instant issued = token.getIssuedAt();
            Instant expires = token.getExpiresAt();
            if (expires == null) {
                return refused("The token has no exp claim");
            }
            if (issued == null) {
                return refused("The token has no iat claim; this service needs it to bound a token's lifetime to " + maximum);
            }
            if (Duration.between(issued, expires).compareTo(maximum) > 0) {
                return refused("The token is valid for " + Duration.between(issued, expires) + ", longer than the "
                        + maximum + " this service accepts; ask for a shorter-lived token");
            }
            if (Duration.between(clock.instant(), expires).compareTo(maximum.plus(skew)) > 0) {
                return refused("The token expires more than " + maximum + " from now, longer than this service accepts "
                        + "(is its iat in the future?); ask for a shorter-lived token");
            }
            return ok();
        };
    }

    private static OAuth2TokenValidatorResult ok() {
        return OAuth2TokenValidatorResult.success();
    }

    private static OAuth2TokenValidatorResult refused(String why) {
        return OAuth2TokenValidatorResult.failure(new OAuth2Error("invalid_token", why, null));
    }
}
