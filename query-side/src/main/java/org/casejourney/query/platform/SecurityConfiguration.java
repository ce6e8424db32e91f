package org.casejourney.query.platform;

import org.casejourney.security.ApiSecurity;
import org.casejourney.security.Role;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpMethod;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.web.SecurityFilterChain;

/**
 * Which role may call which query-side endpoint (docs/security.md has the same table). Anything
 * not listed here is denied.
 */
@Configuration
class SecurityConfiguration {

    @Bean
    SecurityFilterChain querySideSecurity(HttpSecurity http, ApiSecurity api) throws Exception {
        String analyst = Role.ANALYST.name();
        String admin = Role.ADMIN.name();
        String auditor = Role.AUDITOR.name();
        return api.build(http, rules -> rules
                // the web application's page and assets: no data in them, every figure is read from /api with a token
                .requestMatchers(HttpMethod.GET, "/", "/app", "/app/", "/app/**").permitAll()
                .requestMatchers(HttpMethod.GET, "/api/v1/failure-demand", "/api/v1/end-to-end", "/api/v1/handoffs",
                        "/api/v1/failure-demand.csv", "/api/v1/end-to-end.csv", "/api/v1/end-to-end-distribution.csv", "/api/v1/handoffs.csv",
                        "/api/v1/journeys/*", "/api/v1/cohorts/ocel", "/api/v1/cohorts/xes", "/api/v1/cohorts/people", "/api/v1/cohorts/people.csv").hasRole(analyst)
                .requestMatchers(HttpMethod.POST, "/api/v1/cohorts/compare", "/api/v1/cohorts/compare.csv", "/api/v1/cohorts/measures")
                .hasRole(analyst)
                .requestMatchers(HttpMethod.GET, "/api/v1/projections").hasAnyRole(analyst, admin)
                .requestMatchers(HttpMethod.GET, "/api/v1/projections/*/parked").hasRole(admin)
                .requestMatchers(HttpMethod.POST, "/api/v1/projections/*/rebuild", "/api/v1/projections/*/parked/replay").hasRole(admin)
                .requestMatchers(HttpMethod.GET, "/api/v1/access-log").hasRole(auditor));
    }
}
