package org.casejourney.security;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.Date;
import java.util.List;
import java.util.UUID;

/**
 * Signs HS256 tokens with a shared key: the standalone launcher's local identity provider, and
 * the tests'. Production deployments use their own identity provider (JWK set) instead.
 */
public final class TokenSigner {

    private final byte[] secret;
    private final String issuer;
    private final String rolesClaim;

    public TokenSigner(String sharedSecret, String issuer, String rolesClaim) {
        this.secret = sharedSecret.getBytes(StandardCharsets.UTF_8);
        if (secret.length < 32) {
            throw new IllegalArgumentException("an HS256 key needs at least 32 bytes");
        }
        this.issuer = issuer;
        this.rolesClaim = rolesClaim;
    }

    /** A token for {@code subject} with these roles, valid from now for {@code lifetime}. */
    public String sign(String subject, Collection<Role> roles, Duration lifetime) {
        Instant now = Instant.now();
        return sign(subject, roles, now, now.plus(lifetime));
    }

    /** A token valid from {@code issuedAt} until {@code expiresAt} (tests use past instants for expired tokens). */
    public String sign(String subject, Collection<Role> roles, Instant issuedAt, Instant expiresAt) {
        JWTClaimsSet claims = new JWTClaimsSet.Builder()
                .issuer(issuer)
                .subject(subject)
                .claim(rolesClaim, roles.stream().map(Role::claimValue).toList())
                .issueTime(Date.from(issuedAt))
                .notBeforeTime(Date.from(issuedAt))
                .expirationTime(Date.from(expiresAt))
                .jwtID(UUID.randomUUID().toString())
                .build();
        SignedJWT jwt = new SignedJWT(new JWSHeader(JWSAlgorithm.HS256), claims);
        try {
            jwt.sign(new MACSigner(secret));
        } catch (JOSEException e) {
            throw new IllegalStateException("cannot sign a token", e);
        }
        return jwt.serialize();
    }

    public String sign(String subject, Role role, Duration lifetime) {
        return sign(subject, List.of(role), lifetime);
    }
}
