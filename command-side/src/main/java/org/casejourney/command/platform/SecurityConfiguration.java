package org.casejourney.command.platform;

import org.casejourney.security.ApiSecurity;
import org.casejourney.security.Role;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpMethod;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.web.SecurityFilterChain;

/**
 * Which role may call which command-side endpoint (docs/security.md has the same table). Anything
 * not listed here is denied.
 */
@Configuration
class SecurityConfiguration {

    @Bean
    SecurityFilterChain commandSideSecurity(HttpSecurity http, ApiSecurity api) throws Exception {
        String recorder = Role.RECORDER.name();
        String auditor = Role.AUDITOR.name();
        String admin = Role.ADMIN.name();
        return api.build(http, rules -> rules
                .requestMatchers(HttpMethod.POST, "/api/v1/persons/*/events", "/api/v1/events/batch", "/fhir/Bundle").hasRole(recorder)
                .requestMatchers(HttpMethod.GET, "/api/v1/persons/*/events", "/api/v1/persons/*/journey",
                        "/api/v1/persons/*/verify", "/api/v1/persons/*/access-log", "/api/v1/persons/*/sar",
                        "/api/v1/persons/*/fhir", "/api/v1/persons/*/access-log/fhir").hasRole(auditor)
                .requestMatchers(HttpMethod.DELETE, "/api/v1/persons/*/personal-data").hasRole(admin)
                .requestMatchers(HttpMethod.POST, "/api/v1/admin/personal-data-keys/rewrap").hasRole(admin));
    }
}
