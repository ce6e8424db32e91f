package org.casejourney.security;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.security.config.annotation.web.configuration.EnableWebSecurity;
import org.springframework.security.oauth2.core.DelegatingOAuth2TokenValidator;
import org.springframework.security.oauth2.core.OAuth2Error;
import org.springframework.security.oauth2.core.OAuth2TokenValidator;
import org.springframework.security.oauth2.core.OAuth2TokenValidatorResult;
import org.springframework.security.oauth2.jose.jws.MacAlgorithm;
import org.springframework.security.oauth2.jose.jws.SignatureAlgorithm;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.jwt.JwtIssuerValidator;
import org.springframework.security.oauth2.jwt.JwtTimestampValidator;
import org.springframework.security.oauth2.jwt.NimbusJwtDecoder;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationConverter;

import org.springframework.security.config.web.PathPatternRequestMatcherBuilderFactoryBean;

import javax.crypto.spec.SecretKeySpec;
import java.time.Duration;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Makes an app an OAuth2 resource server: validates JWTs (signature, issuer, expiry, audience
 * when configured), turns the roles claim into authorities, and answers 401/403 as problems.
 * Each app states which role each of its endpoints needs with {@link ApiSecurity}.
 */
@AutoConfiguration
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
@EnableWebSecurity
@EnableConfigurationProperties(SecurityProperties.class)
public class ResourceServerConfiguration {

    @Bean
    JwtDecoder casejourneyJwtDecoder(SecurityProperties properties) {
        properties.check();
        SecurityProperties.Jwt jwt = properties.jwt();
        NimbusJwtDecoder decoder;
        if (jwt.sharedSecret() != null && !jwt.sharedSecret().isBlank()) {
            decoder = NimbusJwtDecoder.withSecretKey(new SecretKeySpec(jwt.sharedSecret().getBytes(StandardCharsets.UTF_8), "HmacSHA256"))
                    .macAlgorithm(MacAlgorithm.HS256).build();
        } else {
            decoder = NimbusJwtDecoder.withJwkSetUri(jwt.jwkSetUri())
                    .jwsAlgorithm(SignatureAlgorithm.RS256).jwsAlgorithm(SignatureAlgorithm.ES256).build();
        }
        List<OAuth2TokenValidator<Jwt>> validators = new ArrayList<>();
        validators.add(new JwtTimestampValidator(jwt.clockSkew()));
        validators.add(new JwtIssuerValidator(jwt.issuer()));
        validators.add(token -> token.getExpiresAt() != null ? OAuth2TokenValidatorResult.success()
                : OAuth2TokenValidatorResult.failure(new OAuth2Error("invalid_token", "The token has no exp claim", null)));
        if (jwt.audience() != null && !jwt.audience().isBlank()) {
            validators.add(token -> token.getAudience() != null && token.getAudience().contains(jwt.audience())
                    ? OAuth2TokenValidatorResult.success()
                    : OAuth2TokenValidatorResult.failure(new OAuth2Error("invalid_token", "The aud claim does not include " + jwt.audience(), null)));
        }
        OAuth2TokenValidator<Jwt> validator = new DelegatingOAuth2TokenValidator<>(validators);
        decoder.setJwtValidator(validator);
        return new VerifiedTokens(decoder, validator, 10_000, Duration.ofMinutes(5));
    }

    /**
     * Path rules match by Spring's path patterns, as the apps' own handler mappings do, instead of
     * asking Spring MVC's handler mappings on every request (a fifth of a small request's CPU).
     */
    @Bean
    PathPatternRequestMatcherBuilderFactoryBean casejourneyRequestMatchers() {
        return new PathPatternRequestMatcherBuilderFactoryBean();
    }

    @Bean
    JwtAuthenticationConverter casejourneyJwtAuthenticationConverter(SecurityProperties properties) {
        JwtAuthenticationConverter converter = new JwtAuthenticationConverter();
        converter.setJwtGrantedAuthoritiesConverter(new JwtRoles(properties.rolesClaim()));
        converter.setPrincipalClaimName(properties.principalClaim());
        return converter;
    }

    /**
     * Picked up by Spring Security's filter chain proxy for requests its firewall rejects; it must be
     * the only bean of its type, or Spring Security silently keeps its default (a bare 400).
     */
    @Bean
    org.springframework.security.web.firewall.RequestRejectedHandler casejourneyRequestRejectedHandler() {
        return new ProblemResponses();
    }

    @Bean
    ApiSecurity apiSecurity(JwtDecoder decoder, JwtAuthenticationConverter converter, SecurityProperties properties) {
        return new ApiSecurity(decoder, converter, new ProblemResponses(), properties);
    }
}
