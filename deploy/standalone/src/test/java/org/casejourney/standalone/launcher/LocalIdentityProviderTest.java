package org.casejourney.standalone.launcher;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.nimbusds.jose.crypto.ECDSAVerifier;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jwt.SignedJWT;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/** The standalone system's OpenID Connect provider: the code flow with PKCE, and every way it refuses. */
class LocalIdentityProviderTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();
    private static final String APP = "http://localhost:18081";
    private static final String REDIRECT = APP + "/app/";
    private static final String VERIFIER = "a-verifier-of-at-least-forty-three-characters.0123456789_abc~";

    @TempDir
    static Path dataDir;
    static LocalIdentityProvider provider;
    static LocalKeys keys;

    @BeforeAll
    static void start() {
        keys = LocalKeys.in(dataDir);
        provider = LocalIdentityProvider.start(0, keys, URI.create(APP));
    }

    @AfterAll
    static void stop() {
        provider.close();
    }

    private static HttpResponse<String> get(String pathAndQuery) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(provider.issuer().resolve(pathAndQuery)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private static HttpResponse<String> token(String form) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(provider.issuer().resolve("/token")).header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private static String authorize(String challenge, String redirect, String extra) {
        return "/authorize?response_type=code&client_id=casejourney-web&scope=openid&state=s-1&redirect_uri="
                + URLEncoder.encode(redirect, StandardCharsets.UTF_8) + (challenge == null ? "" : "&code_challenge_method=S256&code_challenge=" + challenge) + extra;
    }

    /** Signs in with the app's login_hint and answers the code the redirect carries. */
    private static String codeFor(String role) throws Exception {
        HttpResponse<String> answer = get(authorize(LocalIdentityProvider.s256(VERIFIER), REDIRECT, "&login_hint=" + role));
        assertThat(answer.statusCode()).as(answer.body()).isEqualTo(302);
        String location = answer.headers().firstValue("Location").orElseThrow();
        assertThat(location).startsWith(REDIRECT + "?code=").endsWith("&state=s-1");
        Matcher code = Pattern.compile("code=([^&]+)").matcher(location);
        assertThat(code.find()).isTrue();
        return code.group(1);
    }

    private static String exchange(String code, String verifier) {
        return "grant_type=authorization_code&client_id=casejourney-web&code=" + code + "&code_verifier=" + verifier
                + "&redirect_uri=" + URLEncoder.encode(REDIRECT, StandardCharsets.UTF_8);
    }

    @Test
    void itDescribesItselfToTheAppsOriginOnly() throws Exception {
        HttpResponse<String> discovery = get("/.well-known/openid-configuration");
        JsonNode document = JSON.readTree(discovery.body());
        assertThat(document.path("issuer").asText()).isEqualTo(provider.issuer().toString());
        assertThat(document.path("code_challenge_methods_supported")).extracting(JsonNode::asText).containsExactly("S256");
        assertThat(document.path("token_endpoint").asText()).isEqualTo(provider.issuer() + "/token");
        assertThat(discovery.headers().firstValue("Access-Control-Allow-Origin")).hasValue(APP);
        assertThat(get("/jwks").body()).doesNotContain("\"d\"");
    }

    @Test
    void aCodeAndItsVerifierGiveTheRolesTokenTheAppsAccept() throws Exception {
        HttpResponse<String> answer = token(exchange(codeFor("analyst"), VERIFIER));
        assertThat(answer.statusCode()).as(answer.body()).isEqualTo(200);
        assertThat(answer.headers().firstValue("Access-Control-Allow-Origin")).hasValue(APP);
        JsonNode tokens = JSON.readTree(answer.body());
        SignedJWT access = SignedJWT.parse(tokens.path("access_token").asText());
        ECKey publicKey = (ECKey) JWKSet.parse(keys.signer().publicJwkSet()).getKeys().get(0);
        assertThat(access.verify(new ECDSAVerifier(publicKey))).isTrue();
        assertThat(access.getJWTClaimsSet().getIssuer()).isEqualTo(LocalKeys.ISSUER);
        assertThat(access.getJWTClaimsSet().getAudience()).containsExactly(LocalKeys.AUDIENCE);
        assertThat(access.getJWTClaimsSet().getSubject()).isEqualTo("analyst-local");
        assertThat(access.getJWTClaimsSet().getStringListClaim("casejourney_roles")).containsExactly("analyst");
        SignedJWT identity = SignedJWT.parse(tokens.path("id_token").asText());
        assertThat(identity.getJWTClaimsSet().getIssuer()).isEqualTo(provider.issuer().toString());
        assertThat(identity.getJWTClaimsSet().getAudience()).containsExactly(LocalIdentityProvider.CLIENT_ID);
    }

    @Test
    void aCodeIsUsedOnceAndOnlyWithItsVerifier() throws Exception {
        String code = codeFor("auditor");
        HttpResponse<String> wrong = token(exchange(code, VERIFIER.replace('a', 'b')));
        assertThat(wrong.statusCode()).isEqualTo(400);
        assertThat(JSON.readTree(wrong.body()).path("error").asText()).isEqualTo("invalid_grant");
        HttpResponse<String> again = token(exchange(code, VERIFIER));
        assertThat(again.statusCode()).as("a code a wrong verifier was tried with is spent").isEqualTo(400);

        String fresh = codeFor("admin");
        assertThat(token(exchange(fresh, VERIFIER)).statusCode()).isEqualTo(200);
        HttpResponse<String> replay = token(exchange(fresh, VERIFIER));
        assertThat(replay.statusCode()).isEqualTo(400);
        assertThat(JSON.readTree(replay.body()).path("error_description").asText()).contains("used already");
    }

    @Test
    void withoutARoleNamedThePageOffersTheRoles() throws Exception {
        for (String extra : List.of("", "&login_hint=recorder", "&login_hint=someone")) {
            HttpResponse<String> page = get(authorize(LocalIdentityProvider.s256(VERIFIER), REDIRECT, extra));
            assertThat(page.statusCode()).isEqualTo(200);
            assertThat(page.body()).contains("Sign in as analyst", "Sign in as auditor", "Sign in as admin").doesNotContain("Sign in as recorder");
            assertThat(page.headers().firstValue("Content-Security-Policy")).hasValueSatisfying(p -> assertThat(p).contains("frame-ancestors 'none'"));
        }
    }

    @Test
    void itRefusesAnotherRedirectAMissingChallengeAndAnotherClient() throws Exception {
        HttpResponse<String> elsewhere = get(authorize(LocalIdentityProvider.s256(VERIFIER), "https://evil.example/app/", "&login_hint=analyst"));
        assertThat(elsewhere.statusCode()).isEqualTo(400);
        assertThat(elsewhere.headers().firstValue("Location")).isEmpty();
        assertThat(elsewhere.body()).contains("redirect_uri must be " + REDIRECT);

        HttpResponse<String> noPkce = get(authorize(null, REDIRECT, "&login_hint=analyst"));
        assertThat(noPkce.statusCode()).isEqualTo(400);
        assertThat(noPkce.body()).contains("PKCE is required");

        HttpResponse<String> otherClient = get(authorize(LocalIdentityProvider.s256(VERIFIER), REDIRECT, "&login_hint=analyst").replace("client_id=casejourney-web", "client_id=other"));
        assertThat(otherClient.statusCode()).isEqualTo(400);

        HttpResponse<String> markup = get(authorize(LocalIdentityProvider.s256(VERIFIER), REDIRECT, "&state=%3Cscript%3E").replace("state=s-1&", ""));
        assertThat(markup.body()).as("what the request carries is escaped in the page").doesNotContain("<script>").contains("&lt;script&gt;");
    }
}
