package org.casejourney.standalone.benchmark;

import org.apache.hc.client5.http.classic.methods.HttpGet;
import org.apache.hc.client5.http.classic.methods.HttpPost;
import org.apache.hc.client5.http.config.ConnectionConfig;
import org.apache.hc.client5.http.config.RequestConfig;
import org.apache.hc.client5.http.impl.classic.CloseableHttpClient;
import org.apache.hc.client5.http.impl.classic.HttpClients;
import org.apache.hc.client5.http.impl.io.PoolingHttpClientConnectionManager;
import org.apache.hc.client5.http.impl.io.PoolingHttpClientConnectionManagerBuilder;
import org.apache.hc.core5.http.ContentType;
import org.apache.hc.core5.http.io.entity.ByteArrayEntity;
import org.apache.hc.core5.http.io.entity.EntityUtils;
import org.apache.hc.core5.util.Timeout;

import java.io.IOException;
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

    private final CloseableHttpClient http;

    LoadClient(int connections) {
        PoolingHttpClientConnectionManager pool = PoolingHttpClientConnectionManagerBuilder.create()
                .setMaxConnTotal(connections)
                .setMaxConnPerRoute(connections)
                .setDefaultConnectionConfig(ConnectionConfig.custom().setConnectTimeout(Timeout.ofSeconds(5)).setSocketTimeout(Timeout.ofSeconds(30)).build())
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

    /** A GET with the given header names and values in turn; the body as it came, not decoded. */
    Fetched get(URI uri, String... headers) throws IOException {
        HttpGet get = new HttpGet(uri);
        for (int k = 0; k + 1 < headers.length; k += 2) {
            get.setHeader(headers[k], headers[k + 1]);
        }
        return http.execute(get, response -> new Fetched(response.getCode(),
                response.getEntity() == null ? new byte[0] : EntityUtils.toByteArray(response.getEntity())));
    }

    /** A status and the body's bytes. */
    record Fetched(int status, byte[] body) {
    }

    @Override
    public void close() throws IOException {
        http.close();
    }
}
