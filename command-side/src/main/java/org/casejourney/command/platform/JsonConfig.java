package org.casejourney.command.platform;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.casejourney.events.EventJson;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Primary;

import java.time.Clock;

@Configuration(proxyBeanMethods = false)
class JsonConfig {

    /** The REST API speaks the event contract's JSON: strict on unknown fields, types and duplicate keys. */
    @Bean
    @Primary
    ObjectMapper objectMapper() {
        return EventJson.newMapper();
    }

    @Bean
    Clock clock() {
        return Clock.systemUTC();
    }
}
