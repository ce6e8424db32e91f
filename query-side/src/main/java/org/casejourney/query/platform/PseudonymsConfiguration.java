package org.casejourney.query.platform;

import org.casejourney.events.Pseudonyms;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import java.nio.charset.StandardCharsets;

/** The key of the pseudonyms under which the query side holds and shows people (docs/security.md). */
@Configuration(proxyBeanMethods = false)
class PseudonymsConfiguration {

    static final int MIN_SECRET_BYTES = 32;

    @Bean
    Pseudonyms pseudonyms(QuerySideProperties properties) {
        return new Pseudonyms(checked(properties.pseudonyms().secret()));
    }

    /** The secret, or a start-up failure an operator can act on. */
    static String checked(String secret) {
        if (secret == null || secret.isBlank()) {
            throw new IllegalStateException("casejourney.pseudonyms.secret (CASEJOURNEY_PSEUDONYMS_SECRET) is not set: the query side "
                    + "holds people only under keyed pseudonyms; set a random secret of at least " + MIN_SECRET_BYTES
                    + " bytes, the same on every app that shows pseudonyms, and keep it out of the repository");
        }
        if (secret.getBytes(StandardCharsets.UTF_8).length < MIN_SECRET_BYTES) {
            throw new IllegalStateException("casejourney.pseudonyms.secret (CASEJOURNEY_PSEUDONYMS_SECRET) is too short: it must be at least "
                    + MIN_SECRET_BYTES + " bytes, or pseudonyms could be reversed by guessing the key");
        }
        return secret;
    }
}
