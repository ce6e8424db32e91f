package org.casejourney.command;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.TestInstance;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The hostile-input corpus (src/test/resources/hostile, made by its generate.py): each malformed
 * or hostile request gets a 4xx problem, never a 500, and stores nothing; content that is valid
 * but hostile (markup, SQL, log-forging text) is stored and replayed byte for byte. The service
 * stays healthy throughout.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class HostileInputTest extends ApiTestSupport {

    private record Case(String file, String path, String contentType, String expectation) {
    }

    private final AtomicInteger verbatimStored = new AtomicInteger();
    private final List<String> people = new ArrayList<>();

    @TestFactory
    List<DynamicTest> everyHostileRequestIsAnsweredWithAProblemOrStoredVerbatim() {
        List<DynamicTest> tests = new ArrayList<>();
        for (Case c : cases()) {
            tests.add(DynamicTest.dynamicTest(c.file(), () -> {
                String person = "hostile-" + UUID.randomUUID();
                people.add(person);
                byte[] body = resource("hostile/bodies/" + c.file()).replace("{person}", person).getBytes(StandardCharsets.ISO_8859_1);
                HttpResponse<String> response = postBytes(c.path().replace("{person}", person), body, c.contentType());
                if (c.expectation().equals("reject")) {
                    assertThat(response.statusCode()).as(c.file() + ": " + response.body()).isBetween(400, 499);
                    assertThat(response.headers().firstValue("Content-Type").orElse("")).startsWith("application/problem+json");
                    assertThat(response.body()).doesNotContain("Exception", "at org.", "SQLState", "PSQLException");
                    assertThat(storedFor(person)).isZero();
                } else {
                    String field = c.expectation().substring("verbatim:".length());
                    assertThat(response.statusCode()).as(c.file() + ": " + response.body()).isEqualTo(201);
                    verbatimStored.incrementAndGet();
                    JsonNode sent = json.readTree(new String(body, detectCharset(body)).replace("\uFEFF{", "{"));
                    JsonNode replayed = json.readTree(get("/api/v1/persons/" + person + "/events").body()).get("events").get(0).get("event");
                    assertThat(replayed.get(field).asText()).isEqualTo(sent.get(field).asText());
                }
            }));
        }
        return tests;
    }

    @AfterAll
    void theServiceStayedHealthyAndStoredOnlyTheValidOnes() throws Exception {
        assertThat(get("/actuator/health").statusCode()).isEqualTo(200);
        long stored = 0;
        for (String person : people) {
            stored += storedFor(person);
        }
        assertThat(stored).isEqualTo(verbatimStored.get());
        assertThat(cases()).hasSizeGreaterThanOrEqualTo(300);
    }

    private long storedFor(String person) {
        return jdbc.queryForObject("select count(*) from domain_event_entry where aggregate_identifier = ?", Long.class, person);
    }

    private static java.nio.charset.Charset detectCharset(byte[] body) {
        return body.length > 1 && body[1] == 0 ? StandardCharsets.UTF_16LE : StandardCharsets.UTF_8;
    }

    private static List<Case> cases() {
        List<Case> cases = new ArrayList<>();
        for (String line : resource("hostile/cases.tsv").split("\n")) {
            if (!line.isBlank()) {
                String[] f = line.split("\t");
                cases.add(new Case(f[0], f[1], f[2], f[3]));
            }
        }
        return cases;
    }

    /** Bytes as ISO-8859-1 characters: a lossless round trip for bodies that are not valid UTF-8. */
    private static String resource(String name) {
        try (InputStream in = HostileInputTest.class.getClassLoader().getResourceAsStream(name)) {
            assertThat(in).as(name).isNotNull();
            return new String(in.readAllBytes(), StandardCharsets.ISO_8859_1);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @org.junit.jupiter.api.Test
    void aHeaderHoldingAControlCharacterIsRefusedWithAProblemNamingTheHeaderAndStoresNothing() throws Exception {
        String person = person();
        byte[] body = json.writeValueAsBytes(contact("hostile-header-" + person, java.time.Instant.now().minusSeconds(60)));
        String head = "POST /api/v1/persons/" + person + "/events HTTP/1.1\r\nHost: localhost\r\nAuthorization: " + RECORDER
                + "\r\nContent-Type: application/json\r\nContent-Length: " + body.length + "\r\nConnection: close\r\nX-Note: a\u0085b\r\n\r\n";
        String answer;
        try (java.net.Socket socket = new java.net.Socket("localhost", port)) {
            socket.getOutputStream().write(head.getBytes(StandardCharsets.ISO_8859_1)); // U+0085, a C1 control, as one byte
            socket.getOutputStream().write(body);
            answer = new String(socket.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        }

        assertThat(answer).startsWith("HTTP/1.1 400").contains("/problems/invalid-header").containsIgnoringCase("x-note");
        assertThat(get("/api/v1/persons/" + person + "/events").statusCode()).isEqualTo(404);
    }
}
