package org.casejourney.query.platform;

import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.info.Info;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

@Configuration(proxyBeanMethods = false)
class OpenApiConfiguration {

    @Bean
    OpenAPI queryApi() {
        return new OpenAPI().info(new Info()
                .title("casejourney query API")
                .version("v1")
                .description("Analysts' read API over the journeys projected from the casejourney.events topic. "
                        + "Errors are RFC 9457 problem details (application/problem+json)."));
    }
}
