package org.casejourney.query.platform;

import org.casejourney.infrastructure.TestInfrastructure;
import org.casejourney.query.RealInfrastructure;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;

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
    void anIllegalPathOrAHeaderTooLargeIsAnsweredAsAProblemNotAsTomcatsPage() throws Exception {
        HttpClient http = HttpClient.newHttpClient();
        for (HttpRequest refused : List.of(
                HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/api/v1/journeys/ps-a%00b")).build(),
                HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/actuator/health")).header("X-Padding", "x".repeat(20_000)).build())) {
            HttpResponse<String> answer = http.send(refused, HttpResponse.BodyHandlers.ofString());

            assertThat(answer.statusCode()).as(answer.body()).isEqualTo(400);
            assertThat(answer.headers().firstValue("Content-Type").orElseThrow()).startsWith("application/problem+json");
            assertThat(answer.body()).contains("\"type\":\"/problems/invalid-request\"", "\"title\":\"Request refused\"");
        }
    }
}
