package org.casejourney.platform.json;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.ImportAutoConfiguration;
import org.springframework.boot.autoconfigure.http.HttpMessageConvertersAutoConfiguration;
import org.springframework.boot.autoconfigure.jackson.JacksonAutoConfiguration;
import org.springframework.boot.autoconfigure.web.servlet.DispatcherServletAutoConfiguration;
import org.springframework.boot.autoconfigure.web.servlet.ServletWebServerFactoryAutoConfiguration;
import org.springframework.boot.autoconfigure.web.servlet.WebMvcAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.servlet.context.ServletWebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;

/** JSON answers, as a client reads them off the wire: a length when they are small, streamed whole when large. */
class KnownLengthJsonConverterTest {

    record Receipt(String eventId, long sequence) {
    }

    @RestController
    static class Answers {
        @GetMapping("/receipt")
        ResponseEntity<Receipt> receipt() {
            return ResponseEntity.status(HttpStatus.CREATED).body(new Receipt("e-1", 7));
        }

        @GetMapping("/many")
        List<Receipt> many(@RequestParam int count) {
            return IntStream.range(0, count).mapToObj(i -> new Receipt("event-" + i, i)).toList();
        }
    }

    @ImportAutoConfiguration({ServletWebServerFactoryAutoConfiguration.class, DispatcherServletAutoConfiguration.class,
            WebMvcAutoConfiguration.class, JsonConfiguration.class, JacksonAutoConfiguration.class,
            HttpMessageConvertersAutoConfiguration.class})
    static class Server {
    }

    private static final ObjectMapper JSON = new ObjectMapper();
    private ConfigurableApplicationContext app;

    @BeforeEach
    void start() {
        app = new SpringApplicationBuilder(Server.class, Answers.class).web(WebApplicationType.SERVLET)
                .properties("server.port=0", "server.address=127.0.0.1").run();
    }

    @AfterEach
    void stop() {
        app.close();
    }

    @Test
    void aSmallAnswerCarriesItsLengthAndIsNotChunked() throws IOException {
        Answer answer = get("/receipt");

        assertThat(answer.head()).startsWith("HTTP/1.1 201").containsIgnoringCase("Content-Type: application/json")
                .doesNotContainIgnoringCase("Transfer-Encoding");
        assertThat(answer.head()).containsIgnoringCase("Content-Length: " + answer.body().length);
        assertThat(JSON.readTree(answer.body())).isEqualTo(JSON.valueToTree(Map.of("eventId", "e-1", "sequence", 7)));
    }

    @Test
    void anAnswerLargerThanWhatIsKeptStreamsWholeWithoutALength() throws IOException {
        int count = 5_000; // about 150 KB, past the 64 KiB kept
        Answer answer = get("/many?count=" + count);

        assertThat(answer.head()).startsWith("HTTP/1.1 200").containsIgnoringCase("Transfer-Encoding: chunked")
                .doesNotContainIgnoringCase("Content-Length");
        JsonNode all = JSON.readTree(dechunk(answer.body()));
        assertThat(all).hasSize(count);
        assertThat(all.get(count - 1).get("eventId").asText()).isEqualTo("event-" + (count - 1));
        assertThat(all.get(0).get("eventId").asText()).isEqualTo("event-0");
    }

    @Test
    void anAnswerJustUnderTheLimitIsSentWithItsLength() throws IOException {
        Answer answer = get("/many?count=1500"); // about 45 KB

        assertThat(answer.body().length).isBetween(30_000, JsonConfiguration.KEPT_ANSWER_BYTES);
        assertThat(answer.head()).containsIgnoringCase("Content-Length: " + answer.body().length).doesNotContainIgnoringCase("Transfer-Encoding");
        assertThat(JSON.readTree(answer.body())).hasSize(1500);
    }

    private record Answer(String head, byte[] body) {
    }

    private Answer get(String path) throws IOException {
        int port = ((ServletWebServerApplicationContext) app).getWebServer().getPort();
        try (Socket socket = new Socket("127.0.0.1", port)) {
            OutputStream out = socket.getOutputStream();
            out.write(("GET " + path + " HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1));
            out.flush();
            InputStream in = socket.getInputStream();
            byte[] all = in.readAllBytes();
            String text = new String(all, StandardCharsets.ISO_8859_1);
            int end = text.indexOf("\r\n\r\n");
            byte[] body = new byte[all.length - end - 4];
            System.arraycopy(all, end + 4, body, 0, body.length);
            return new Answer(text.substring(0, end), body);
        }
    }

    private static byte[] dechunk(byte[] chunked) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int at = 0;
        while (true) {
            int lineEnd = indexOfCrLf(chunked, at);
            int size = Integer.parseInt(new String(chunked, at, lineEnd - at, StandardCharsets.ISO_8859_1).trim(), 16);
            if (size == 0) {
                return out.toByteArray();
            }
            out.write(chunked, lineEnd + 2, size);
            at = lineEnd + 2 + size + 2;
        }
    }

    private static int indexOfCrLf(byte[] bytes, int from) {
        for (int i = from; i < bytes.length - 1; i++) {
            if (bytes[i] == '\r' && bytes[i + 1] == '\n') {
                return i;
            }
        }
        throw new IllegalArgumentException("no chunk size line at " + from);
    }
}
