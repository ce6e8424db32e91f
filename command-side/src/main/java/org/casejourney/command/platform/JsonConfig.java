package org.casejourney.command.platform;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.casejourney.events.EventJson;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Primary;
import org.springframework.http.ProblemDetail;
import org.springframework.http.converter.json.ProblemDetailJacksonMixin;

import java.time.Clock;

@Configuration(proxyBeanMethods = false)
class JsonConfig {

    /** The REST API speaks the event contract's JSON: strict on unknown fields, types and duplicate keys. */
    @Bean
    @Primary
    ObjectMapper objectMapper() {
        ObjectMapper mapper = EventJson.newMapper();
        // what Spring Boot's own mapper does, so problem details render as RFC 9457 says (no "properties" wrapper)
        mapper.addMixIn(ProblemDetail.class, ProblemDetailJacksonMixin.class);
        return mapper;
    }

    @Bean
    Clock clock() {
        return Clock.systemUTC();
    }
}
