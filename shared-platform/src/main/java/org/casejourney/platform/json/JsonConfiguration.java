package org.casejourney.platform.json;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.casejourney.events.EventJson;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.jackson.JacksonAutoConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Primary;
import org.springframework.http.ProblemDetail;
import org.springframework.http.converter.json.ProblemDetailJacksonMixin;

import java.time.Clock;

/**
 * Both apps' REST APIs speak the events' one JSON form (strict on unknown fields, types and duplicate keys),
 * and every "now" comes from one clock. Before Spring Boot's Jackson configuration, so its mapper is not made.
 */
@AutoConfiguration(before = JacksonAutoConfiguration.class)
public class JsonConfiguration {

    @Bean
    @Primary
    @ConditionalOnMissingBean(ObjectMapper.class)
    ObjectMapper objectMapper() {
        ObjectMapper mapper = EventJson.newMapper();
        // what Spring Boot's own mapper does, so problem details render as RFC 9457 says (no "properties" wrapper)
        mapper.addMixIn(ProblemDetail.class, ProblemDetailJacksonMixin.class);
        return mapper;
    }

    @Bean
    @ConditionalOnMissingBean(Clock.class)
    Clock clock() {
        return Clock.systemUTC();
    }
}
