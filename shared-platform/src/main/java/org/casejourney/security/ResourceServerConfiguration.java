package org.casejourney.security;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.security.config.annotation.web.configuration.EnableWebSecurity;
import org.springframework.security.config.observation.SecurityObservationSettings;
import org.springframework.security.config.web.PathPatternRequestMatcherBuilderFactoryBean;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationConverter;

import java.time.Clock;
import java.time.Duration;

/**
 * Makes an app an OAuth2 resource server: validates JWTs (signature, issuer, expiry, audience, caller,
 * lifetime), turns the service's roles claim into authorities, and answers 401/403 as problems.
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
        return new VerifiedTokens(PublicKeys.decoder(properties.jwt()), TokenRules.of(properties, Clock.systemUTC()),
                10_000, Duration.ofMinutes(5));
    }

    /**
     * Path rules match by Spring's path patterns, as the apps' own handler mappings do, instead of
     * asking Spring MVC's handler mappings on every request (a fifth of a small request's CPU).
     */
    @Bean
    PathPatternRequestMatcherBuilderFactoryBean casejourneyRequestMatchers() {
        return new PathPatternRequestMatcherBuilderFactoryBean();
    }

    /** Spring Security's filter chain without the handler-mapping look-up it adds in front of itself ({@link WithoutIntrospectorCache}). */
    @Bean
    static WithoutIntrospectorCache casejourneyWithoutIntrospectorCache() {
        return new WithoutIntrospectorCache();
    }

    /**
     * No observation around Spring Security's filters, authentication and authorization: wrapping each of
     * them cost about a tenth of a small request's CPU (docs/performance.md); requests are still timed as a
     * whole ({@code http.server.requests}).
     */
    @Bean
    SecurityObservationSettings casejourneySecurityObservations() {
        return SecurityObservationSettings.noObservations();
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

    /** The strict firewall, its header rules checked without regular expressions ({@link FastFirewallRules}). */
    @Bean
    org.springframework.security.web.firewall.HttpFirewall casejourneyHttpFirewall() {
        return FastFirewallRules.firewall();
    }

    @Bean
    ApiSecurity apiSecurity(JwtDecoder decoder, JwtAuthenticationConverter converter, SecurityProperties properties) {
        return new ApiSecurity(decoder, converter, new ProblemResponses(), properties);
    }
}
