package org.casejourney.command.platform;

import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.info.Info;
import io.swagger.v3.oas.models.info.License;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

@Configuration(proxyBeanMethods = false)
class OpenApiConfig {

    @Bean
    OpenAPI commandSideApi() {
        return new OpenAPI().info(new Info()
                .title("casejourney command side")
                .version("v1")
                .description("Front-line systems record what happened to a person; auditors replay and verify it. "
                        + "Errors are RFC 9457 problem details. See docs/api.md.")
                .license(new License().name("open source")));
    }
}
