package org.casejourney.query.platform;

import io.swagger.v3.oas.models.Components;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.info.Info;
import io.swagger.v3.oas.models.media.Schema;
import io.swagger.v3.oas.models.security.SecurityRequirement;
import io.swagger.v3.oas.models.security.SecurityScheme;
import org.springdoc.core.customizers.OpenApiCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

@Configuration(proxyBeanMethods = false)
class OpenApiConfiguration {

    static final String PSEUDONYM_FIELD = "The person's pseudonym (ps- and 26 of a-z 2-7, a keyed HMAC of the personId): "
            + "the query side never holds or shows the personId front-line systems use.";

    @Bean
    OpenAPI queryApi() {
        return new OpenAPI().info(new Info()
                .title("casejourney query API")
                .version("v1")
                .description("Analysts' read API over the journeys projected from the casejourney.events topic. People are named "
                        + "only by keyed pseudonyms, never by the personIds of the front-line systems, and personal free text "
                        + "is never shown. Errors are RFC 9457 problem details (application/problem+json)."))
                .components(new Components().addSecuritySchemes("bearer", new SecurityScheme()
                        .type(SecurityScheme.Type.HTTP).scheme("bearer").bearerFormat("JWT")
                        .description("A JWT from the configured issuer, for this service's audience, with a sub, valid at most max-lifetime (12 h by default), carrying in casejourney_roles the endpoint's role (analyst for measures and journeys, admin for projections, auditor for the access log); docs/security.md")))
                .addSecurityItem(new SecurityRequirement().addList("bearer"));
    }

    /** The journey record is shared with the command side, where personId is the personId: say what it holds here. */
    @Bean
    OpenApiCustomizer pseudonymFields() {
        return api -> {
            if (api.getComponents() == null || api.getComponents().getSchemas() == null) {
                return;
            }
            for (String name : new String[]{"Journey", "RecordedEvent"}) {
                Schema<?> schema = api.getComponents().getSchemas().get(name);
                if (schema != null && schema.getProperties() != null && schema.getProperties().get("personId") != null) {
                    schema.getProperties().get("personId").description(PSEUDONYM_FIELD);
                }
            }
        };
    }
}
