package org.casejourney.security.web;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import org.junit.jupiter.api.Test;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockServletContext;
import org.springframework.web.HttpMediaTypeNotSupportedException;
import org.springframework.web.HttpRequestMethodNotSupportedException;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.context.support.AnnotationConfigWebApplicationContext;
import org.springframework.web.method.HandlerMethod;
import org.springframework.web.servlet.HandlerExecutionChain;
import org.springframework.web.servlet.HandlerMapping;
import org.springframework.web.servlet.mvc.method.annotation.RequestMappingHandlerMapping;

import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class OneReadHandlerLookupTest {

    @RestController
    static class Routes {
        @PostMapping(value = "/api/v1/persons/{personId}/events", consumes = "application/json")
        String post(@PathVariable String personId) {
            return personId;
        }

        @GetMapping("/api/v1/persons/{personId}/events")
        String replay(@PathVariable String personId) {
            return personId;
        }

        @PostMapping(value = "/api/v1/events/batch", consumes = "application/json")
        String batch() {
            return "";
        }

        @GetMapping("/api/v1/persons/{personId}/fhir")
        String fhir(@PathVariable String personId) {
            return personId;
        }
    }

    @Configuration
    static class Context {
        @Bean
        Routes routes() {
            return new Routes();
        }
    }

    /** A request behind a wrapper that counts how often the look-up reads its method, as the security filters' wrappers would be read. */
    static final class Counting extends HttpServletRequestWrapper {
        final AtomicInteger methodReads = new AtomicInteger();

        Counting(HttpServletRequest request) {
            super(request);
        }

        @Override
        public String getMethod() {
            methodReads.incrementAndGet();
            return super.getMethod();
        }
    }

    private static <T extends RequestMappingHandlerMapping> T mapping(T mapping) {
        AnnotationConfigWebApplicationContext context = new AnnotationConfigWebApplicationContext();
        context.setServletContext(new MockServletContext());
        context.register(Context.class);
        context.refresh();
        mapping.setApplicationContext(context);
        mapping.afterPropertiesSet();
        return mapping;
    }

    private static MockHttpServletRequest request(String method, String path, String contentType) {
        MockHttpServletRequest request = new MockHttpServletRequest(method, path);
        if (contentType != null) {
            request.setContentType(contentType);
            request.addHeader("Content-Type", contentType);
        }
        return request;
    }

    @Test
    void findsTheSameHandlerAndPathVariablesAsSpringsOwnLookUpWhileReadingTheMethodOnce() throws Exception {
        RequestMappingHandlerMapping plain = mapping(new RequestMappingHandlerMapping());
        OneReadHandlerLookup oneRead = mapping(new OneReadHandlerLookup());
        String[][] cases = {
                {"POST", "/api/v1/persons/p-1/events", "application/json"},
                {"GET", "/api/v1/persons/p-2/events", null},
                {"POST", "/api/v1/events/batch", "application/json"},
                {"GET", "/api/v1/persons/p-3/fhir", null},
        };
        for (String[] c : cases) {
            MockHttpServletRequest forPlain = request(c[0], c[1], c[2]);
            Counting plainCounted = new Counting(forPlain);
            HandlerExecutionChain expected = plain.getHandler(plainCounted);
            Counting counted = new Counting(request(c[0], c[1], c[2]));
            HandlerExecutionChain actual = oneRead.getHandler(counted);

            assertThat(((HandlerMethod) actual.getHandler()).getMethod()).isEqualTo(((HandlerMethod) expected.getHandler()).getMethod());
            assertThat((Map<?, ?>) counted.getAttribute(HandlerMapping.URI_TEMPLATE_VARIABLES_ATTRIBUTE))
                    .isEqualTo(forPlain.getAttribute(HandlerMapping.URI_TEMPLATE_VARIABLES_ATTRIBUTE));
            assertThat(counted.getAttribute(HandlerMapping.BEST_MATCHING_PATTERN_ATTRIBUTE))
                    .isEqualTo(forPlain.getAttribute(HandlerMapping.BEST_MATCHING_PATTERN_ATTRIBUTE));
            assertThat(counted.methodReads.get()).as(c[0] + " " + c[1]).isLessThanOrEqualTo(2)
                    .isLessThan(plainCounted.methodReads.get());
        }
    }

    @Test
    void answersAWrongMethodAndAWrongContentTypeAsSpringsOwnLookUpDoes() {
        OneReadHandlerLookup oneRead = mapping(new OneReadHandlerLookup());
        assertThatThrownBy(() -> oneRead.getHandler(request("DELETE", "/api/v1/persons/p-1/events", null)))
                .isInstanceOf(HttpRequestMethodNotSupportedException.class);
        assertThatThrownBy(() -> oneRead.getHandler(request("POST", "/api/v1/events/batch", "text/plain")))
                .isInstanceOf(HttpMediaTypeNotSupportedException.class);
    }
}
