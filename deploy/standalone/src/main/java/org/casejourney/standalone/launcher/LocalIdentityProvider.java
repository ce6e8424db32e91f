package org.casejourney.standalone.launcher;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.nimbusds.jwt.JWTClaimsSet;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import org.casejourney.security.Role;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.regex.Pattern;

/**
 * The standalone system's OpenID Connect provider for its web application, on loopback only: the
 * authorization code flow with PKCE (S256) for one public client, {@value #CLIENT_ID}, whose only
 * redirect is the query side's {@code /app/}. Anyone who can reach it can sign in as any role, as anyone
 * holding the data directory can already sign tokens: it is for one person's own machine. The page asks
 * which role to sign in as, or the app names it ({@code login_hint}) and the sign-in takes one click.
 * Access tokens are the same as the {@code token} command's; production uses a real provider (docs/web.md).
 */
public final class LocalIdentityProvider implements AutoCloseable {

    public static final String CLIENT_ID = "casejourney-web";
    static final Duration TOKEN_LIFETIME = Duration.ofHours(8);
    private static final Duration CODE_LIFETIME = Duration.ofSeconds(60);
    private static final List<Role> WEB_ROLES = List.of(Role.ANALYST, Role.AUDITOR, Role.ADMIN);
    private static final Pattern CHALLENGE = Pattern.compile("[A-Za-z0-9_-]{43}");
    private static final Pattern VERIFIER = Pattern.compile("[A-Za-z0-9._~-]{43,128}");
    private static final Logger log = LoggerFactory.getLogger(LocalIdentityProvider.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final SecureRandom RANDOM = new SecureRandom();

    private record Grant(String redirectUri, String challenge, Role role, String nonce, Instant expires) {
    }

    /** A refused request: {@code error} is OAuth's code, {@code description} says what to change. */
    private static final class Refusal extends RuntimeException {
        private final String error;

        Refusal(String error, String description) {
            super(description);
            this.error = error;
        }
    }

    private final HttpServer server;
    private final LocalKeys keys;
    private final URI issuer;
    private final String redirectUri;
    private final String appOrigin;
    private final Map<String, Grant> codes = new ConcurrentHashMap<>();

    private LocalIdentityProvider(HttpServer server, LocalKeys keys, URI appUrl) {
        this.server = server;
        this.keys = keys;
        this.issuer = URI.create("http://localhost:" + server.getAddress().getPort());
        this.appOrigin = "http://" + appUrl.getHost() + ":" + appUrl.getPort();
        this.redirectUri = appOrigin + "/app/";
    }

    /** Listens on loopback {@code port} (0: any free one) for the web application served at {@code appUrl}. */
    public static LocalIdentityProvider start(int port, LocalKeys keys, URI appUrl) {
        try {
            HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 16);
            LocalIdentityProvider provider = new LocalIdentityProvider(server, keys, appUrl);
            server.createContext("/", provider::handle);
            server.setExecutor(Executors.newFixedThreadPool(2, r -> {
                Thread thread = new Thread(r, "casejourney-sign-in");
                thread.setDaemon(true);
                return thread;
            }));
            server.start();
            log.info("Local identity provider on {} for {}", provider.issuer, provider.redirectUri);
            return provider;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot listen on port " + port + " for the local identity provider; free it or set CASEJOURNEY_SIGNIN_PORT", e);
        }
    }

    /** The issuer URL, from which {@code /.well-known/openid-configuration} is read. */
    public URI issuer() {
        return issuer;
    }

    @Override
    public void close() {
        server.stop(0);
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            String path = exchange.getRequestURI().getPath();
            String method = exchange.getRequestMethod();
            try {
                switch (method + " " + path) {
                    case "GET /.well-known/openid-configuration" -> {
                        cors(exchange);
                        json(exchange, 200, discovery());
                    }
                    case "GET /jwks" -> {
                        cors(exchange);
                        send(exchange, 200, "application/jwk-set+json", keys.signer().publicJwkSet());
                    }
                    case "GET /authorize" -> authorize(exchange, query(exchange.getRequestURI().getRawQuery()));
                    case "POST /authorize" -> authorize(exchange, form(exchange));
                    case "POST /token" -> token(exchange);
                    case "OPTIONS /token" -> {
                        cors(exchange);
                        exchange.getResponseHeaders().set("Access-Control-Allow-Methods", "POST");
                        exchange.getResponseHeaders().set("Access-Control-Allow-Headers", "Content-Type");
                        exchange.sendResponseHeaders(204, -1);
                    }
                    default -> json(exchange, 404, Map.of("error", "not_found", "error_description", "no such endpoint: " + method + " " + path));
                }
            } catch (Refusal refusal) {
                if (path.equals("/token")) {
                    cors(exchange);
                    json(exchange, 400, Map.of("error", refusal.error, "error_description", refusal.getMessage()));
                } else {
                    SignInPage.send(exchange, 400, "<h1>Sign-in refused</h1><p>" + SignInPage.html(refusal.getMessage()) + "</p>", appOrigin);
                }
            }
        } catch (RuntimeException e) {
            log.warn("Local identity provider: {}", e.toString());
        }
    }

    private Map<String, Object> discovery() {
        Map<String, Object> document = new LinkedHashMap<>();
        document.put("issuer", issuer.toString());
        document.put("authorization_endpoint", issuer + "/authorize");
        document.put("token_endpoint", issuer + "/token");
        document.put("jwks_uri", issuer + "/jwks");
        document.put("response_types_supported", List.of("code"));
        document.put("grant_types_supported", List.of("authorization_code"));
        document.put("code_challenge_methods_supported", List.of("S256"));
        document.put("token_endpoint_auth_methods_supported", List.of("none"));
        document.put("subject_types_supported", List.of("public"));
        document.put("id_token_signing_alg_values_supported", List.of("ES256"));
        document.put("scopes_supported", List.of("openid"));
        return document;
    }

    /** Checks the request; then signs in the role named (a button's, or the app's login_hint) or shows the buttons. */
    private void authorize(HttpExchange exchange, Map<String, String> request) throws IOException {
        if (!CLIENT_ID.equals(request.get("client_id"))) {
            throw new Refusal("unauthorized_client", "client_id must be " + CLIENT_ID + ", the web application's");
        }
        if (!redirectUri.equals(request.get("redirect_uri"))) {
            throw new Refusal("invalid_request", "redirect_uri must be " + redirectUri + ", the only one registered");
        }
        if (!"code".equals(request.get("response_type"))) {
            throw new Refusal("unsupported_response_type", "response_type must be code");
        }
        String challenge = request.getOrDefault("code_challenge", "");
        if (!"S256".equals(request.get("code_challenge_method")) || !CHALLENGE.matcher(challenge).matches()) {
            throw new Refusal("invalid_request", "PKCE is required: code_challenge (43 base64url characters) with code_challenge_method S256");
        }
        Optional<Role> chosen = Optional.ofNullable(request.get("role")).or(() -> Optional.ofNullable(request.get("login_hint")))
                .flatMap(Role::fromClaim).filter(WEB_ROLES::contains);
        if (chosen.isEmpty()) {
            SignInPage.send(exchange, 200, SignInPage.choices(request, WEB_ROLES), appOrigin);
            return;
        }
        String code = random(32);
        codes.values().removeIf(grant -> grant.expires().isBefore(Instant.now()));
        codes.put(code, new Grant(redirectUri, challenge, chosen.get(), request.get("nonce"), Instant.now().plus(CODE_LIFETIME)));
        String location = redirectUri + "?code=" + code
                + (request.get("state") != null ? "&state=" + URLEncoder.encode(request.get("state"), StandardCharsets.UTF_8) : "");
        exchange.getResponseHeaders().set("Location", location);
        exchange.getResponseHeaders().set("Cache-Control", "no-store");
        exchange.sendResponseHeaders(302, -1);
    }

    private void token(HttpExchange exchange) throws IOException {
        cors(exchange);
        Map<String, String> request = form(exchange);
        if (!"authorization_code".equals(request.get("grant_type"))) {
            throw new Refusal("unsupported_grant_type", "grant_type must be authorization_code");
        }
        Grant grant = codes.remove(request.getOrDefault("code", ""));
        if (grant == null || grant.expires().isBefore(Instant.now())) {
            throw new Refusal("invalid_grant", "the code is unknown, used already or older than " + CODE_LIFETIME.toSeconds() + " s: sign in again");
        }
        if (!CLIENT_ID.equals(request.get("client_id")) || !grant.redirectUri().equals(request.get("redirect_uri"))) {
            throw new Refusal("invalid_grant", "client_id and redirect_uri must be those the code was issued for");
        }
        String verifier = request.getOrDefault("code_verifier", "");
        if (!VERIFIER.matcher(verifier).matches() || !grant.challenge().equals(s256(verifier))) {
            throw new Refusal("invalid_grant", "code_verifier does not match the code_challenge");
        }
        String subject = grant.role().claimValue() + "-local";
        Instant now = Instant.now();
        JWTClaimsSet.Builder identity = new JWTClaimsSet.Builder().issuer(issuer.toString()).audience(CLIENT_ID).subject(subject)
                .issueTime(Date.from(now)).expirationTime(Date.from(now.plus(TOKEN_LIFETIME)));
        if (grant.nonce() != null) {
            identity.claim("nonce", grant.nonce());
        }
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("access_token", keys.token(subject, List.of(grant.role()), TOKEN_LIFETIME));
        answer.put("token_type", "Bearer");
        answer.put("expires_in", TOKEN_LIFETIME.toSeconds());
        answer.put("scope", "openid");
        answer.put("id_token", keys.signer().sign(identity.build()));
        json(exchange, 200, answer);
    }

    static String s256(String verifier) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(verifier.getBytes(StandardCharsets.US_ASCII));
            return Base64.getUrlEncoder().withoutPadding().encodeToString(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private void cors(HttpExchange exchange) {
        exchange.getResponseHeaders().set("Access-Control-Allow-Origin", appOrigin);
        exchange.getResponseHeaders().set("Vary", "Origin");
    }

    private static Map<String, String> form(HttpExchange exchange) throws IOException {
        byte[] body = exchange.getRequestBody().readNBytes(16 * 1024);
        return query(new String(body, StandardCharsets.UTF_8));
    }

    private static Map<String, String> query(String raw) {
        Map<String, String> values = new LinkedHashMap<>();
        if (raw == null || raw.isEmpty()) {
            return values;
        }
        for (String pair : raw.split("&")) {
            int equals = pair.indexOf('=');
            String name = URLDecoder.decode(equals < 0 ? pair : pair.substring(0, equals), StandardCharsets.UTF_8);
            String value = equals < 0 ? "" : URLDecoder.decode(pair.substring(equals + 1), StandardCharsets.UTF_8);
            if (values.putIfAbsent(name, value) != null) {
                throw new Refusal("invalid_request", name + " is given twice");
            }
        }
        return values;
    }

    private static void json(HttpExchange exchange, int status, Object body) throws IOException {
        exchange.getResponseHeaders().set("Cache-Control", "no-store");
        send(exchange, status, "application/json", JSON.writeValueAsString(body));
    }

    static void send(HttpExchange exchange, int status, String type, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", type);
        exchange.getResponseHeaders().set("X-Content-Type-Options", "nosniff");
        exchange.sendResponseHeaders(status, bytes.length);
        exchange.getResponseBody().write(bytes);
    }

    private static String random(int size) {
        byte[] bytes = new byte[size];
        RANDOM.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }
}
