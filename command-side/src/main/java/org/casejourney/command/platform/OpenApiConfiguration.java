package org.casejourney.command.platform;

import io.swagger.v3.oas.models.Components;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.info.Info;
import io.swagger.v3.oas.models.info.License;
import io.swagger.v3.oas.models.security.SecurityRequirement;
import io.swagger.v3.oas.models.security.SecurityScheme;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

@Configuration(proxyBeanMethods = false)
class OpenApiConfiguration {

    @Bean
    OpenAPI commandSideApi() {
        return new OpenAPI().info(new Info()
                .title("casejourney command side")
                .version("v1")
                .description("Front-line systems record what happened to a person; auditors replay and verify it. "
                        + "Errors are RFC 9457 problem details. See docs/api.md.")
                .license(new License().name("open source")))
                .components(new Components().addSecuritySchemes("bearer", new SecurityScheme()
                        .type(SecurityScheme.Type.HTTP).scheme("bearer").bearerFormat("JWT")
                        .description("A JWT from the configured issuer, for this service's audience, with a sub, valid at most max-lifetime (12 h by default), carrying in casejourney_roles the endpoint's role (recorder to post events, auditor to read a person, admin to erase); docs/security.md")))
                .addSecurityItem(new SecurityRequirement().addList("bearer"));
    }
}
