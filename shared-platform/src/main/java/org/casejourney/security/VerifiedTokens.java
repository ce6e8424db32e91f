package org.casejourney.security;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import org.springframework.security.oauth2.core.OAuth2TokenValidator;
import org.springframework.security.oauth2.core.OAuth2TokenValidatorResult;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.jwt.JwtException;
import org.springframework.security.oauth2.jwt.JwtValidationException;

import java.time.Duration;

/**
 * A client sends the same token with every request until it expires; its signature is checked
 * (and its claims parsed) the first time only, while the rules (expiry, issuer, audience, caller,
 * lifetime) run on every request, the first included, so a remembered token meets the same rules.
 * A token's signature is forgotten after {@code remember} at the latest, so a key withdrawn from
 * the JWK set stops being honoured within that time.
 */
final class VerifiedTokens implements JwtDecoder {

    private final JwtDecoder signatures;
    private final OAuth2TokenValidator<Jwt> rules;
    private final Cache<String, Jwt> verified;

    /** {@code signatures} checks signatures only; {@code rules} are applied here. */
    VerifiedTokens(JwtDecoder signatures, OAuth2TokenValidator<Jwt> rules, long maximumTokens, Duration remember) {
        this.signatures = signatures;
        this.rules = rules;
        this.verified = Caffeine.newBuilder().maximumSize(maximumTokens).expireAfterWrite(remember).build();
    }

    @Override
    public Jwt decode(String token) throws JwtException {
        Jwt jwt = verified.get(token, signatures::decode);
        OAuth2TokenValidatorResult result = rules.validate(jwt);
        if (result.hasErrors()) {
            verified.invalidate(token);
            throw new JwtValidationException(result.getErrors().iterator().next().getDescription(), result.getErrors());
        }
        return jwt;
    }
}
