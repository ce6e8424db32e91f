package org.casejourney.security;

import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jwt.JWTClaimsSet;
import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.oauth2.jwt.BadJwtException;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.jwt.JwtException;

import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Each rule a token with a good signature must still meet, through the decoder and converter the apps use. */
class TokenRulesTest {

    private static final String ISSUER = "https://idp.example/realms/council";
    private static final String AUDIENCE = "casejourney";

    private final ECKey key = TokenSigner.newKey("k1");
    private final TokenSigner signer = new TokenSigner(key, ISSUER, AUDIENCE);
    private final Instant now = Instant.now();

    @Test
    void anAppRefusesToStartWithoutAnAudience() {
        Map<String, String> settings = settings();
        settings.remove("casejourney.security.jwt.audience");

        assertThatThrownBy(() -> decoder(settings)).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("casejourney.security.jwt.audience");
    }

    @Test
    void aTokenForThisAudienceIsAccepted() {
        assertThat(decoder(settings()).decode(signer.sign("recorder-1", Role.RECORDER, Duration.ofHours(1))).getSubject())
                .isEqualTo("recorder-1");
    }

    @Test
    void aTokenWithoutTheAudienceIsRefusedSayingWhy() {
        JwtDecoder decoder = decoder(settings());

        assertRefused(decoder, signer.sign(claims("r").audience((String) null).build()), "no aud claim");
        assertRefused(decoder, signer.sign(claims("r").audience("another-client").build()), "does not include casejourney");
    }

    @Test
    void rolesInAGenericClaimGrantNothing() {
        Map<String, String> settings = settings();
        var token = decoder(settings).decode(signer.sign(claims("r").claim(TokenSigner.ROLES_CLAIM, null)
                .claim("roles", List.of("admin")).build()));

        assertThat(authorities(settings, token)).isEmpty();
        assertThat(authorities(settings, decoder(settings).decode(signer.sign("a", Role.ADMIN, Duration.ofHours(1)))))
                .containsExactly("ROLE_ADMIN");
    }

    @Test
    void rolesCanComeFromAKeycloakClientsOwnRoles() {
        Map<String, String> settings = settings();
        settings.put("casejourney.security.roles-claim", "resource_access.casejourney.roles");
        var token = decoder(settings).decode(signer.sign(claims("r").claim(TokenSigner.ROLES_CLAIM, null)
                .claim("realm_access", Map.of("roles", List.of("admin")))
                .claim("resource_access", Map.of("casejourney", Map.of("roles", List.of("auditor")),
                        "other-client", Map.of("roles", List.of("admin")))).build()));

        assertThat(authorities(settings, token)).containsExactly("ROLE_AUDITOR");
    }

    @Test
    void aTokenWithoutASubjectIsRefused() {
        assertRefused(decoder(settings()), signer.sign(claims(null).build()), "no sub claim");
    }

    @Test
    void aTokenWithoutTheConfiguredPrincipalClaimIsRefused() {
        Map<String, String> settings = settings();
        settings.put("casejourney.security.principal-claim", "preferred_username");
        JwtDecoder decoder = decoder(settings);

        assertRefused(decoder, signer.sign(claims("r").build()), "no preferred_username claim");
        assertThat(decoder.decode(signer.sign(claims("r").claim("preferred_username", "jo").build())).getClaimAsString("preferred_username"))
                .isEqualTo("jo");
    }

    @Test
    void aTokenLongerLivedThanTheMaximumIsRefused() {
        JwtDecoder decoder = decoder(settings());

        assertThat(decoder.decode(signer.sign("r", List.of(Role.RECORDER), now, now.plus(Duration.ofHours(12)))).getSubject()).isEqualTo("r");
        assertRefused(decoder, signer.sign("r", List.of(Role.RECORDER), now.minusSeconds(60), now.plus(Duration.ofHours(12))),
                "longer than the PT12H");
    }

    @Test
    void theMaximumLifetimeIsConfigurable() {
        Map<String, String> settings = settings();
        settings.put("casejourney.security.jwt.max-lifetime", "PT1H");

        assertRefused(decoder(settings), signer.sign("r", List.of(Role.RECORDER), now, now.plus(Duration.ofHours(2))), "longer than the PT1H");
    }

    @Test
    void aTokenWithoutIssuedAtOrIssuedInTheFutureIsRefused() {
        JwtDecoder decoder = decoder(settings());

        assertRefused(decoder, signer.sign(claims("r").issueTime(null).build()), "no iat claim");
        Instant later = now.plus(Duration.ofDays(30));
        assertRefused(decoder, signer.sign(claims("r").issueTime(Date.from(later)).notBeforeTime(null)
                .expirationTime(Date.from(later.plus(Duration.ofHours(1)))).build()), "expires more than PT12H from now");
    }

    @Test
    void aTokenSignedWithAnotherKeyIsRefused() {
        String forged = new TokenSigner(TokenSigner.newKey("k1"), ISSUER, AUDIENCE).sign("r", Role.ADMIN, Duration.ofHours(1));

        assertThatThrownBy(() -> decoder(settings()).decode(forged)).isInstanceOf(BadJwtException.class);
    }

    @Test
    void aJwkSetHoldingAPrivateKeyRefusesStartUp() {
        Map<String, String> settings = settings();
        settings.put("casejourney.security.jwt.jwk-set", new JWKSet(key).toString(false));

        assertThatThrownBy(() -> decoder(settings)).isInstanceOf(IllegalStateException.class).hasMessageContaining("private key");
    }

    private JWTClaimsSet.Builder claims(String subject) {
        return signer.claims(subject, List.of(Role.RECORDER), now, now.plus(Duration.ofHours(1)));
    }

    private Map<String, String> settings() {
        Map<String, String> settings = new HashMap<>();
        settings.put("casejourney.security.jwt.issuer", ISSUER);
        settings.put("casejourney.security.jwt.audience", AUDIENCE);
        settings.put("casejourney.security.jwt.jwk-set", signer.publicJwkSet());
        return settings;
    }

    private static SecurityProperties properties(Map<String, String> settings) {
        return new Binder(new MapConfigurationPropertySource(settings)).bindOrCreate("casejourney.security", SecurityProperties.class);
    }

    private static JwtDecoder decoder(Map<String, String> settings) {
        return new ResourceServerConfiguration().casejourneyJwtDecoder(properties(settings));
    }

    private static List<String> authorities(Map<String, String> settings, Jwt token) {
        return new ResourceServerConfiguration().casejourneyJwtAuthenticationConverter(properties(settings)).convert(token)
                .getAuthorities().stream().map(GrantedAuthority::getAuthority).toList();
    }

    private static void assertRefused(JwtDecoder decoder, String token, String why) {
        assertThatThrownBy(() -> decoder.decode(token)).isInstanceOf(JwtException.class).hasMessageContaining(why);
        // a refused token is refused again, not remembered as good
        assertThatThrownBy(() -> decoder.decode(token)).isInstanceOf(JwtException.class).hasMessageContaining(why);
    }
}
