package org.casejourney.platform.web;

import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;
import org.casejourney.platform.problems.ApiProblem;
import org.springframework.web.filter.OncePerRequestFilter;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;

/**
 * Refuses a request body over the app's limit with 413 {@code body-too-large} before anything buffers or parses
 * it: by Content-Length when sent (the connection then closed, so the body is not read at all), else by counting
 * bytes as they are read (a chunked upload), which fails the read with the same problem. Each app says which
 * requests it limits, to how many bytes, and in which words.
 */
public abstract class BodySizeLimitFilter extends OncePerRequestFilter {

    private final ObjectMapper mapper;

    protected BodySizeLimitFilter(ObjectMapper mapper) {
        this.mapper = mapper;
    }

    /** The most bytes this request's body may hold. */
    protected abstract long limit(HttpServletRequest request);

    /** The 413 problem for a body over {@code limit} bytes. */
    protected abstract ApiProblem tooLarge(long limit);

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        long limit = limit(request);
        if (request.getContentLengthLong() > limit) {
            response.setHeader("Connection", "close");
            tooLarge(limit).writeTo(response, mapper);
            return;
        }
        chain.doFilter(new LimitedRequest(request, limit), response);
    }

    private final class LimitedRequest extends HttpServletRequestWrapper {
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

        /** The body as text, counted as its bytes are. */
        @Override
        public BufferedReader getReader() throws IOException {
            String encoding = getCharacterEncoding();
            return new BufferedReader(new InputStreamReader(getInputStream(),
                    encoding == null ? StandardCharsets.UTF_8 : Charset.forName(encoding)));
        }
    }
}
