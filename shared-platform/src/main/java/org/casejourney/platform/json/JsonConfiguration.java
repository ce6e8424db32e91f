package org.casejourney.platform.json;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.casejourney.events.EventJson;
import org.casejourney.platform.web.TomcatWritesConfiguration;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.jackson.JacksonAutoConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Primary;
import org.springframework.http.ProblemDetail;
import org.springframework.http.converter.json.MappingJackson2HttpMessageConverter;
import org.springframework.http.converter.json.ProblemDetailJacksonMixin;

import java.time.Clock;

/**
 * Both apps' REST APIs speak the events' one JSON form (strict on unknown fields, types and duplicate keys),
 * and every "now" comes from one clock. Before Spring Boot's Jackson configuration, so its mapper is not made.
 */
@AutoConfiguration(before = JacksonAutoConfiguration.class)
public class JsonConfiguration {

    /** Answers up to the socket buffer's size go out with a Content-Length, in one write. */
    static final int KEPT_ANSWER_BYTES = TomcatWritesConfiguration.SOCKET_WRITE_BUFFER_BYTES;

    @Bean
    @Primary
    @ConditionalOnMissingBean(ObjectMapper.class)
    ObjectMapper objectMapper() {
        ObjectMapper mapper = EventJson.newMapper();
        // what Spring Boot's own mapper does, so problem details render as RFC 9457 says (no "properties" wrapper)
        mapper.addMixIn(ProblemDetail.class, ProblemDetailJacksonMixin.class);
        return mapper;
    }

    /** Spring Boot's Jackson converter, with a length on answers up to the socket buffer's size ({@link KnownLengthJsonConverter}). */
    @Bean
    @ConditionalOnMissingBean(MappingJackson2HttpMessageConverter.class)
    MappingJackson2HttpMessageConverter mappingJackson2HttpMessageConverter(ObjectMapper mapper) {
        return new KnownLengthJsonConverter(mapper, KEPT_ANSWER_BYTES);
    }

    @Bean
    @ConditionalOnMissingBean(Clock.class)
    Clock clock() {
        return Clock.systemUTC();
    }
}
