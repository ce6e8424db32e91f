package org.casejourney.security;

import org.junit.jupiter.api.Test;
import org.springframework.security.oauth2.core.OAuth2Error;
import org.springframework.security.oauth2.core.OAuth2TokenValidatorResult;
import org.springframework.security.oauth2.jwt.BadJwtException;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtTimestampValidator;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class VerifiedTokensTest {

    private final Instant now = Instant.parse("2026-12-03T12:00:00Z");

    @Test
    void aTokenSentAgainIsNotVerifiedAgainButStillExpires() {
        AtomicInteger verifications = new AtomicInteger();
        Jwt jwt = Jwt.withTokenValue("t1").header("alg", "HS256").subject("recorder-1")
                .issuedAt(now.minusSeconds(60)).expiresAt(now.plusSeconds(60)).build();
        JwtTimestampValidator expiry = new JwtTimestampValidator(Duration.ZERO);
        VerifiedTokens tokens = new VerifiedTokens(token -> {
            verifications.incrementAndGet();
            return jwt;
        }, expiry, 100, Duration.ofMinutes(5));

        expiry.setClock(Clock.fixed(now, ZoneOffset.UTC));
        assertThat(tokens.decode("t1").getSubject()).isEqualTo("recorder-1");
        assertThat(tokens.decode("t1").getSubject()).isEqualTo("recorder-1");
        assertThat(verifications).hasValue(1);

        expiry.setClock(Clock.fixed(now.plusSeconds(61), ZoneOffset.UTC));
        assertThatThrownBy(() -> tokens.decode("t1")).isInstanceOf(BadJwtException.class).hasMessageContaining("expired");
    }

    @Test
    void aTokenTheDecoderRefusesIsRefusedEveryTime() {
        AtomicInteger verifications = new AtomicInteger();
        VerifiedTokens tokens = new VerifiedTokens(token -> {
            verifications.incrementAndGet();
            throw new BadJwtException("Signed JWT rejected: Invalid signature");
        }, new JwtTimestampValidator(), 100, Duration.ofMinutes(5));

        assertThatThrownBy(() -> tokens.decode("forged")).isInstanceOf(BadJwtException.class);
        assertThatThrownBy(() -> tokens.decode("forged")).isInstanceOf(BadJwtException.class);
        assertThat(verifications).hasValue(2);
    }

    @Test
    void theRulesApplyToATokenTheFirstTimeAndEveryTimeAfter() {
        AtomicInteger verifications = new AtomicInteger();
        Jwt anonymous = Jwt.withTokenValue("t2").header("alg", "ES256").claim("iss", "https://idp.example")
                .issuedAt(now.minusSeconds(60)).expiresAt(now.plusSeconds(60)).build();
        VerifiedTokens tokens = new VerifiedTokens(token -> {
            verifications.incrementAndGet();
            return anonymous;
        }, token -> token.getSubject() != null ? OAuth2TokenValidatorResult.success()
                : OAuth2TokenValidatorResult.failure(new OAuth2Error("invalid_token", "The token has no sub claim naming the caller", null)),
                100, Duration.ofMinutes(5));

        assertThatThrownBy(() -> tokens.decode("t2")).isInstanceOf(BadJwtException.class).hasMessageContaining("no sub claim");
        assertThatThrownBy(() -> tokens.decode("t2")).isInstanceOf(BadJwtException.class).hasMessageContaining("no sub claim");
    }
}
