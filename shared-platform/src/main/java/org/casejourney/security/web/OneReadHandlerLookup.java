package org.casejourney.security.web;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import org.springframework.web.method.HandlerMethod;
import org.springframework.web.servlet.mvc.method.annotation.RequestMappingHandlerMapping;

import java.util.Collections;
import java.util.Enumeration;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Spring MVC's handler look-up, reading the request's method, content type and headers once per look-up.
 * A path with a variable ({@code /persons/{id}/events}) is matched by asking every mapping's conditions, each
 * of which reads the method (and the CORS pre-flight headers) again through every wrapper the security
 * filters put around the request: a fifth of a single-event post's request-thread CPU went to that
 * (docs/performance.md). The answer is the same; what the look-up sets on the request reaches the request.
 */
final class OneReadHandlerLookup extends RequestMappingHandlerMapping {

    @Override
    protected HandlerMethod lookupHandlerMethod(String lookupPath, HttpServletRequest request) throws Exception {
        return super.lookupHandlerMethod(lookupPath, request instanceof ReadOnce ? request : new ReadOnce(request));
    }

    /** The request, its method, content type and headers read through the wrappers once and kept. */
    static final class ReadOnce extends HttpServletRequestWrapper {

        private final String method;
        private String contentType;
        private boolean contentTypeRead;
        private final Map<String, String> headers = new HashMap<>(4);
        private final Map<String, List<String>> headerValues = new HashMap<>(4);

        ReadOnce(HttpServletRequest request) {
            super(request);
            this.method = request.getMethod();
        }

        @Override
        public String getMethod() {
            return method;
        }

        @Override
        public String getContentType() {
            if (!contentTypeRead) {
                contentType = super.getContentType();
                contentTypeRead = true;
            }
            return contentType;
        }

        @Override
        public String getHeader(String name) {
            String key = name.toLowerCase(Locale.ROOT);
            if (headers.containsKey(key)) {
                return headers.get(key);
            }
            String value = super.getHeader(name);
            headers.put(key, value);
            return value;
        }

        @Override
        public Enumeration<String> getHeaders(String name) {
            List<String> values = headerValues.computeIfAbsent(name.toLowerCase(Locale.ROOT),
                    key -> Collections.list(super.getHeaders(name)));
            return Collections.enumeration(values);
        }
    }
}
