package org.casejourney.security;

import org.junit.jupiter.api.Test;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.security.oauth2.core.OAuth2AuthenticationException;
import org.springframework.security.oauth2.server.resource.web.DefaultBearerTokenResolver;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

/** The bearer token is read from the header as Spring Security's own resolver reads it, on any header. */
class HeaderBearerTokensTest {

    private static final String TOKEN_CHARACTERS = "abcxyzABCXYZ0189-._~+/=";
    private static final String OTHER_CHARACTERS = " \t,;:\"'\\é\u0130\u212a\u017f\n\r!@#";

    @Test
    void answersAsTheShippedResolverOnEdgeCasesAndOnRandomHeaders() {
        List<String> headers = new ArrayList<>(List.of("", "Bearer", "Bearer ", "bearer abc", "BEARER abc==", "Bearer abc=x", "Bearer  abc",
                "Bearer abc ", "Bearer =", "Bearer a.b.c", "Basic dXNlcjpwYXNz", "Bearerabc", "Bearer\tabc", "Bearer abc\n", "Bearer ab,cd",
                "Bear abc", "B\u0130arer abc", "Bearer eyJraWQiOiJ4In0." + "x".repeat(600) + ".sig_-~+/==", "bEaReR a"));
        Random random = new Random(2026);
        for (int i = 0; i < 20_000; i++) {
            StringBuilder header = new StringBuilder(random.nextInt(5) == 0 ? "" : random.nextBoolean() ? "Bearer " : "bearer ");
            int length = random.nextInt(10);
            for (int j = 0; j < length; j++) {
                String from = random.nextInt(6) == 0 ? OTHER_CHARACTERS : TOKEN_CHARACTERS;
                header.append(from.charAt(random.nextInt(from.length())));
            }
            headers.add(header.toString());
        }

        DefaultBearerTokenResolver shipped = new DefaultBearerTokenResolver();
        for (String header : headers) {
            MockHttpServletRequest request = new MockHttpServletRequest("POST", "/api/v1/persons/p/events");
            request.addHeader("Authorization", header);
            assertThat(answer(() -> new HeaderBearerTokens().resolve(request))).as("\"%s\"", header).isEqualTo(answer(() -> shipped.resolve(request)));
        }
        assertThat(new HeaderBearerTokens().resolve(new MockHttpServletRequest())).as("no header").isNull();
    }

    /** The token, or the error the request is refused with. */
    private static String answer(java.util.function.Supplier<String> resolve) {
        try {
            return "token " + resolve.get();
        } catch (OAuth2AuthenticationException e) {
            return "refused " + e.getError().getErrorCode() + ": " + e.getError().getDescription();
        }
    }
}
