package org.casejourney.platform.web;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.ImportAutoConfiguration;
import org.springframework.boot.autoconfigure.web.servlet.DispatcherServletAutoConfiguration;
import org.springframework.boot.autoconfigure.web.servlet.ServletWebServerFactoryAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.servlet.context.ServletWebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;

/** What Tomcat refuses before any application code runs leaves as a problem, not as Tomcat's HTML page. */
class TomcatErrorsConfigurationTest {

    @ImportAutoConfiguration({ServletWebServerFactoryAutoConfiguration.class, DispatcherServletAutoConfiguration.class,
            TomcatErrorsConfiguration.class})
    static class Server {
    }

    private ConfigurableApplicationContext app;

    @BeforeEach
    void start() {
        app = new SpringApplicationBuilder(Server.class).web(WebApplicationType.SERVLET)
                .properties("server.port=0", "server.address=127.0.0.1").run();
    }

    @AfterEach
    void stop() {
        app.close();
    }

    @Test
    void anIllegalPathIsAnsweredAsAProblem() throws IOException {
        String answer = send("GET /api/v1/journeys/a%00b HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n");

        assertThat(answer).startsWith("HTTP/1.1 400").contains("Content-Type: application/problem+json")
                .contains("\"type\":\"/problems/invalid-request\"", "\"title\":\"Request refused\"").doesNotContain("<html");
    }

    @Test
    void aHeaderTooLargeIsAnsweredAsAProblem() throws IOException {
        String answer = send("GET / HTTP/1.1\r\nHost: localhost\r\nX-Padding: " + "x".repeat(20_000) + "\r\nConnection: close\r\n\r\n");

        assertThat(answer).startsWith("HTTP/1.1 400").contains("application/problem+json").doesNotContain("<html");
    }

    private String send(String request) throws IOException {
        int port = ((ServletWebServerApplicationContext) app).getWebServer().getPort();
        try (Socket socket = new Socket("127.0.0.1", port)) {
            OutputStream out = socket.getOutputStream();
            out.write(request.getBytes(StandardCharsets.ISO_8859_1));
            out.flush();
            InputStream in = socket.getInputStream();
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}
