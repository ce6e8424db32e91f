package org.casejourney.security;

import org.springframework.http.HttpMethod;
import org.springframework.security.config.Customizer;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.annotation.web.configurers.AuthorizeHttpRequestsConfigurer;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationConverter;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.web.cors.CorsConfiguration;
import org.springframework.web.cors.UrlBasedCorsConfigurationSource;

import java.util.List;

/**
 * Builds an app's filter chain: stateless bearer-token authentication, no sessions or CSRF (no
 * cookies are used), CORS closed unless origins are configured, health probes, metrics and the
 * API description open, the app's own rules, and everything else denied.
 */
public final class ApiSecurity {

    /** The app's rules: which role may call which endpoint. */
    public interface Rules extends Customizer<AuthorizeHttpRequestsConfigurer<HttpSecurity>.AuthorizationManagerRequestMatcherRegistry> {
    }

    private final JwtDecoder decoder;
    private final JwtAuthenticationConverter converter;
    private final ProblemResponses problems;
    private final SecurityProperties properties;

    ApiSecurity(JwtDecoder decoder, JwtAuthenticationConverter converter, ProblemResponses problems, SecurityProperties properties) {
        this.decoder = decoder;
        this.converter = converter;
        this.problems = problems;
        this.properties = properties;
    }

    public SecurityFilterChain build(HttpSecurity http, Rules rules) throws Exception {
        http.csrf(csrf -> csrf.disable())
                .sessionManagement(s -> s.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
                .requestCache(cache -> cache.disable())
                .formLogin(form -> form.disable())
                .httpBasic(basic -> basic.disable())
                .logout(logout -> logout.disable())
                // no code asks the servlet API who the caller is; its wrapper was one more hop on every request read
                .servletApi(servletApi -> servletApi.disable())
                .cors(cors -> cors.configurationSource(cors()))
                .oauth2ResourceServer(server -> server
                        .bearerTokenResolver(new HeaderBearerTokens())
                        .jwt(jwt -> jwt.decoder(decoder).jwtAuthenticationConverter(converter))
                        .authenticationEntryPoint(problems)
                        .accessDeniedHandler(problems))
                .exceptionHandling(e -> e.authenticationEntryPoint(problems).accessDeniedHandler(problems))
                .authorizeHttpRequests(requests -> {
                    requests.requestMatchers(HttpMethod.GET, "/actuator/health", "/actuator/health/**", "/actuator/info",
                            "/actuator/prometheus", "/v3/api-docs", "/v3/api-docs/**", "/v3/api-docs.yaml",
                            "/swagger-ui.html", "/swagger-ui/**").permitAll();
                    // the container's own error dispatch must not turn a 400 into a 401
                    requests.dispatcherTypeMatchers(jakarta.servlet.DispatcherType.ERROR).permitAll();
                    rules.customize(requests);
                    requests.requestMatchers("/actuator/**").hasRole(Role.ADMIN.name());
                    requests.anyRequest().denyAll();
                });
        return http.build();
    }

    private UrlBasedCorsConfigurationSource cors() {
        UrlBasedCorsConfigurationSource source = new UrlBasedCorsConfigurationSource();
        List<String> origins = properties.corsAllowedOrigins().stream().filter(o -> !o.isBlank()).toList();
        if (!origins.isEmpty()) {
            CorsConfiguration config = new CorsConfiguration();
            config.setAllowedOrigins(origins);
            config.setAllowedMethods(List.of("GET", "POST", "DELETE"));
            config.setAllowedHeaders(List.of("Authorization", "Content-Type", "X-Purpose", "X-Source-System", "X-Correlation-Id"));
            config.setMaxAge(3600L);
            source.registerCorsConfiguration("/api/**", config);
        }
        return source;
    }
}
