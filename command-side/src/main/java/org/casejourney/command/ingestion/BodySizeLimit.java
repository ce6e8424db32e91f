package org.casejourney.command.ingestion;

import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;
import org.casejourney.platform.problems.ApiProblem;
import org.casejourney.command.platform.CaseJourneyProperties;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;

import java.io.IOException;

/**
 * Refuses bodies over the limit before they are buffered: by Content-Length when sent, else by
 * counting bytes as they are read (chunked uploads).
 */
@Component
class BodySizeLimit extends OncePerRequestFilter {

    private final int maxEventBytes;
    private final int maxBatchBytes;
    private final ObjectMapper mapper;

    BodySizeLimit(CaseJourneyProperties properties, ObjectMapper mapper) {
        this.maxEventBytes = properties.ingestion().maxEventBytes();
        this.maxBatchBytes = properties.ingestion().maxBatchBytes();
        this.mapper = mapper;
    }

    @Override
    protected boolean shouldNotFilter(HttpServletRequest request) {
        return !"POST".equals(request.getMethod()) || !(request.getRequestURI().startsWith("/api/") || request.getRequestURI().startsWith("/fhir/"));
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        long limit = request.getRequestURI().endsWith("/events/batch") || request.getRequestURI().startsWith("/fhir/") ? maxBatchBytes : maxEventBytes;
        if (request.getContentLengthLong() > limit) {
            // refused in a filter, so written here rather than by the exception handler
            tooLarge(limit).writeTo(response, mapper);
            return;
        }
        chain.doFilter(new LimitedRequest(request, limit), response);
    }

    static ApiProblem tooLarge(long limit) {
        return new ApiProblem(HttpStatus.PAYLOAD_TOO_LARGE, "body-too-large", "Body too large",
                "The body exceeds " + limit + " bytes: shorten the event's free text, or send fewer events per batch.");
    }

    private static final class LimitedRequest extends HttpServletRequestWrapper {
        private final long limit;

        LimitedRequest(HttpServletRequest request, long limit) {
            super(request);
            this.limit = limit;
        }

        @Override
        public ServletInputStream getInputStream() throws IOException {
            ServletInputStream in = super.getInputStream();
            return new ServletInputStream() {
                private long read;

                @Override
                public int read() throws IOException {
                    int b = in.read();
                    if (b >= 0 && ++read > limit) {
                        throw tooLarge(limit);
                    }
                    return b;
                }

                @Override
                public int read(byte[] buffer, int off, int len) throws IOException {
                    int n = in.read(buffer, off, len);
                    if (n > 0 && (read += n) > limit) {
                        throw tooLarge(limit);
                    }
                    return n;
                }

                @Override
                public boolean isFinished() {
                    return in.isFinished();
                }

                @Override
                public boolean isReady() {
                    return in.isReady();
                }

                @Override
                public void setReadListener(ReadListener listener) {
                    in.setReadListener(listener);
                }
            };
        }
    }
}
