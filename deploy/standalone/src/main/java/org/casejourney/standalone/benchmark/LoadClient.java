package org.casejourney.standalone.benchmark;

import org.apache.hc.client5.http.classic.methods.HttpGet;
import org.apache.hc.client5.http.classic.methods.HttpPost;
import org.apache.hc.client5.http.config.ConnectionConfig;
import org.apache.hc.client5.http.config.RequestConfig;
import org.apache.hc.client5.http.impl.classic.CloseableHttpClient;
import org.apache.hc.client5.http.impl.classic.HttpClients;
import org.apache.hc.client5.http.impl.io.ManagedHttpClientConnectionFactory;
import org.apache.hc.client5.http.impl.io.PoolingHttpClientConnectionManager;
import org.apache.hc.client5.http.impl.io.PoolingHttpClientConnectionManagerBuilder;
import org.apache.hc.core5.http.ContentType;
import org.apache.hc.core5.http.config.Http1Config;
import org.apache.hc.core5.http.io.entity.ByteArrayEntity;
import org.apache.hc.core5.http.io.entity.EntityUtils;
import org.apache.hc.core5.util.Timeout;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;

/**
 * The clients that load the system: blocking HTTP/1.1 over kept-alive connections (Apache HttpClient's classic API),
 * a thread of the caller's per request in flight. The JDK's HttpClient, with a selector thread and futures handed
 * between threads per request, took a quarter of the 2-core machine at 800 single events/s: CPU the system under
 * test then did not have (docs/performance.md).
 */
final class LoadClient implements AutoCloseable {

    /** A status and a body. */
    record Answer(int status, String body) {
    }

    private static final int BUFFER_BYTES = 64 * 1024;

    private final CloseableHttpClient http;

    LoadClient(int connections) {
        PoolingHttpClientConnectionManager pool = PoolingHttpClientConnectionManagerBuilder.create()
                .setMaxConnTotal(connections)
                .setMaxConnPerRoute(connections)
                .setDefaultConnectionConfig(ConnectionConfig.custom().setConnectTimeout(Timeout.ofSeconds(5)).setSocketTimeout(Timeout.ofSeconds(30)).build())
                // reads of a megabyte's answer in 64 KiB pieces, not 8 KiB: a tenth of the system calls
                .setConnectionFactory(ManagedHttpClientConnectionFactory.builder()
                        .http1Config(Http1Config.custom().setBufferSize(BUFFER_BYTES).build()).build())
                .build();
        this.http = HttpClients.custom()
                .setConnectionManager(pool)
                .setDefaultRequestConfig(RequestConfig.custom().setResponseTimeout(Timeout.ofSeconds(30)).build())
                .disableAutomaticRetries() // a retry is the caller's to make: the event id makes it safe
                .disableCookieManagement()
                .disableRedirectHandling()
                .disableContentCompression()
                .build();
    }

    Answer postJson(URI uri, String authorization, byte[] json) throws IOException {
        HttpPost post = new HttpPost(uri);
        post.setHeader("Authorization", authorization);
        post.setEntity(new ByteArrayEntity(json, ContentType.APPLICATION_JSON));
        return http.execute(post, response -> new Answer(response.getCode(),
                response.getEntity() == null ? "" : EntityUtils.toString(response.getEntity())));
    }

    /**
     * A GET with the given header names and values in turn, its body handed to {@code body} as a stream while it
     * arrives. A long journey is a megabyte: held whole as one array it was a humongous allocation in this JVM on
     * every read, and the collections that followed landed in the measured latencies (docs/performance.md).
     */
    <T> T get(URI uri, BodyReader<T> body, String... headers) throws IOException {
        HttpGet get = new HttpGet(uri);
        for (int k = 0; k + 1 < headers.length; k += 2) {
            get.setHeader(headers[k], headers[k + 1]);
        }
        return http.execute(get, response -> {
            try (InputStream in = response.getEntity() == null ? InputStream.nullInputStream() : response.getEntity().getContent()) {
                T read = body.read(response.getCode(), in);
                drain(in); // whatever the reader left, so the connection is reused
                return read;
            }
        });
    }

    /** Reads the rest of a body and forgets it; the number of bytes read. */
    static long drain(InputStream in) throws IOException {
        byte[] buffer = new byte[BUFFER_BYTES];
        long read = 0;
        for (int n; (n = in.read(buffer)) >= 0; ) {
            read += n;
        }
        return read;
    }

    /** Reads an answer's body from its stream. */
    interface BodyReader<T> {
        T read(int status, InputStream body) throws IOException;
    }

    @Override
    public void close() throws IOException {
        http.close();
    }
}
