package org.casejourney.security;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.source.ImmutableJWKSet;
import com.nimbusds.jose.proc.JWSVerificationKeySelector;
import com.nimbusds.jose.proc.SecurityContext;
import com.nimbusds.jwt.proc.DefaultJWTProcessor;
import org.springframework.security.oauth2.core.OAuth2TokenValidatorResult;
import org.springframework.security.oauth2.jose.jws.SignatureAlgorithm;
import org.springframework.security.oauth2.jwt.JwtClaimNames;
import org.springframework.security.oauth2.jwt.MappedJwtClaimSetConverter;
import org.springframework.security.oauth2.jwt.NimbusJwtDecoder;

import java.text.ParseException;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;

/** Checks a token's signature against the identity provider's public keys (RS256 or ES256), and nothing else. */
final class PublicKeys {

    private static final MappedJwtClaimSetConverter CONVERTER = MappedJwtClaimSetConverter.withDefaults(Map.of());

    private PublicKeys() {
    }

    static NimbusJwtDecoder decoder(SecurityProperties.Jwt jwt) {
        NimbusJwtDecoder decoder = jwt.jwkSetUri() != null && !jwt.jwkSetUri().isBlank()
                ? NimbusJwtDecoder.withJwkSetUri(jwt.jwkSetUri()).jwsAlgorithm(SignatureAlgorithm.RS256).jwsAlgorithm(SignatureAlgorithm.ES256).build()
                : new NimbusJwtDecoder(processor(parse(jwt.jwkSet())));
        // the claims are TokenRules' job, applied by VerifiedTokens on every request
        decoder.setJwtValidator(token -> OAuth2TokenValidatorResult.success());
        decoder.setClaimSetConverter(PublicKeys::claims);
        return decoder;
    }

    /** Spring's claim conversion, except that a missing iat stays missing (Spring would invent exp - 1 s). */
    private static Map<String, Object> claims(Map<String, Object> raw) {
        Map<String, Object> claims = new HashMap<>(CONVERTER.convert(raw));
        if (!raw.containsKey(JwtClaimNames.IAT)) {
            claims.remove(JwtClaimNames.IAT);
        }
        return claims;
    }

    /** The JWK set given as JSON; one holding a private key is refused, so a signing key never configures an app. */
    static JWKSet parse(String json) {
        JWKSet set;
        try {
            set = JWKSet.parse(json);
        } catch (ParseException e) {
            throw new IllegalStateException("casejourney.security.jwt.jwk-set (CASEJOURNEY_SECURITY_JWT_JWKSET) is not a JWK set: "
                    + e.getMessage() + "; give the JSON {\"keys\":[...]} of the issuer's public keys");
        }
        if (set.getKeys().isEmpty()) {
            throw new IllegalStateException("casejourney.security.jwt.jwk-set holds no keys");
        }
        if (set.getKeys().stream().anyMatch(JWK::isPrivate)) {
            throw new IllegalStateException("casejourney.security.jwt.jwk-set holds a private key: give the apps the public JWK set only");
        }
        return set;
    }

    private static DefaultJWTProcessor<SecurityContext> processor(JWKSet keys) {
        DefaultJWTProcessor<SecurityContext> processor = new DefaultJWTProcessor<>();
        processor.setJWSKeySelector(new JWSVerificationKeySelector<>(Set.of(JWSAlgorithm.RS256, JWSAlgorithm.ES256), new ImmutableJWKSet<>(keys)));
        // Nimbus's own claim checks would duplicate TokenRules with other messages and another clock skew
        processor.setJWTClaimsSetVerifier((claims, context) -> {
        });
        return processor;
    }
}
