package org.casejourney.query.platform;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.casejourney.events.EventJson;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Primary;
import org.springframework.http.ProblemDetail;
import org.springframework.http.converter.json.ProblemDetailJacksonMixin;

import java.time.Clock;

/** The REST API speaks the events' one JSON form, and every "now" comes from one clock. */
@Configuration(proxyBeanMethods = false)
class JsonConfiguration {

    @Bean
    @Primary
    ObjectMapper objectMapper() {
        ObjectMapper mapper = EventJson.newMapper();
        // Problem details render their extra properties at the top level, as RFC 9457 has them.
        mapper.addMixIn(ProblemDetail.class, ProblemDetailJacksonMixin.class);
        return mapper;
    }

    @Bean
    Clock clock() {
        return Clock.systemUTC();
    }
}
