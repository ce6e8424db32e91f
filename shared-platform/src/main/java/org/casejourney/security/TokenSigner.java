package org.casejourney.security;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.KeyUse;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;

import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.Date;
import java.util.List;
import java.util.UUID;

/**
 * Signs ES256 tokens with a private EC P-256 key: the standalone launcher's local identity provider,
 * and the tests'. The apps only ever get {@link #publicJwkSet()}. Production deployments use their
 * own identity provider instead.
 */
public final class TokenSigner {

    /** The claim this service reads its roles from unless configured otherwise. */
    public static final String ROLES_CLAIM = "casejourney_roles";

    private final ECKey key;
    private final String issuer;
    private final String audience;

    public TokenSigner(ECKey privateKey, String issuer, String audience) {
        if (!privateKey.isPrivate()) {
            throw new IllegalArgumentException("signing needs the private key");
        }
        this.key = privateKey;
        this.issuer = issuer;
        this.audience = audience;
    }

    /** A new random P-256 key pair for ES256, named {@code keyId}. */
    public static ECKey newKey(String keyId) {
        try {
            return new ECKeyGenerator(Curve.P_256).keyID(keyId).keyUse(KeyUse.SIGNATURE).algorithm(JWSAlgorithm.ES256).generate();
        } catch (JOSEException e) {
            throw new IllegalStateException("cannot make an EC key", e);
        }
    }

    /** The JWK set JSON the apps verify with: public keys only. */
    public String publicJwkSet() {
        return new JWKSet(key.toPublicJWK()).toString();
    }

    /** A token for {@code subject} with these roles, valid from now for {@code lifetime}. */
    public String sign(String subject, Collection<Role> roles, Duration lifetime) {
        Instant now = Instant.now();
        return sign(subject, roles, now, now.plus(lifetime));
    }

    public String sign(String subject, Role role, Duration lifetime) {
        return sign(subject, List.of(role), lifetime);
    }

    /** A token valid from {@code issuedAt} until {@code expiresAt} (tests use past instants for expired tokens). */
    public String sign(String subject, Collection<Role> roles, Instant issuedAt, Instant expiresAt) {
        return sign(claims(subject, roles, issuedAt, expiresAt).build());
    }

    /** The claims {@link #sign(String, Collection, Instant, Instant)} signs, for tests that change one of them. */
    public JWTClaimsSet.Builder claims(String subject, Collection<Role> roles, Instant issuedAt, Instant expiresAt) {
        return new JWTClaimsSet.Builder()
                .issuer(issuer)
                .audience(audience)
                .subject(subject)
                .claim(ROLES_CLAIM, roles.stream().map(Role::claimValue).toList())
                .issueTime(Date.from(issuedAt))
                .notBeforeTime(Date.from(issuedAt))
                .expirationTime(Date.from(expiresAt))
                .jwtID(UUID.randomUUID().toString());
    }

    /** These claims, signed. */
    public String sign(JWTClaimsSet claims) {
        SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.ES256).keyID(key.getKeyID()).type(JOSEObjectType.JWT).build(), claims);
        try {
            jwt.sign(new ECDSASigner(key));
        } catch (JOSEException e) {
            throw new IllegalStateException("cannot sign a token", e);
        }
        return jwt.serialize();
    }
}
