package org.casejourney.query.platform;

import org.casejourney.infrastructure.TestInfrastructure;
import org.casejourney.query.RealInfrastructure;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;

/** What Tomcat refuses before the query side sees it (an illegal path, a header too large) is a problem, through the real app. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class ContainerErrorsTest {

    private static final String DATABASE = TestInfrastructure.get().newDatabase("query_container_errors");

    @LocalServerPort
    int port;

    @DynamicPropertySource
    static void infrastructure(DynamicPropertyRegistry registry) {
        RealInfrastructure.register(registry, DATABASE, "casejourney.container-errors-test");
        registry.add("casejourney.consumer.group-id", () -> "casejourney-container-errors-test");
    }

    @Test
    void anIllegalPathIsAnsweredAsAProblemNotAsTomcatsPage() throws Exception {
        String answer = send("GET /api/v1/journeys/ps-a%00b HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n");

        assertThat(answer).startsWith("HTTP/1.1 400").contains("application/problem+json")
                .contains("\"type\":\"/problems/invalid-request\"", "\"title\":\"Request refused\"").doesNotContain("<html");
    }

    @Test
    void aHeaderTooLargeIsAnsweredAsAProblem() throws Exception {
        String answer = send("GET /actuator/health HTTP/1.1\r\nHost: localhost\r\nX-Padding: " + "x".repeat(20_000)
                + "\r\nConnection: close\r\n\r\n");

        assertThat(answer).startsWith("HTTP/1.1 400").contains("application/problem+json").doesNotContain("<html");
    }

    private String send(String request) throws Exception {
        try (Socket socket = new Socket("localhost", port)) {
            OutputStream out = socket.getOutputStream();
            out.write(request.getBytes(StandardCharsets.ISO_8859_1));
            out.flush();
            return new String(socket.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}
