package org.casejourney.platform.pseudonyms;

import org.casejourney.events.Pseudonyms;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;

import java.nio.charset.StandardCharsets;

/**
 * The key of the analysts' pseudonyms (docs/security.md), required at start on both apps: the query side holds
 * and shows people under them, the command side shows auditors the pseudonym analysts know a person by.
 */
@AutoConfiguration
@EnableConfigurationProperties(PseudonymsProperties.class)
public class PseudonymsConfiguration {

    static final int MIN_SECRET_BYTES = 32;

    @Bean
    @ConditionalOnMissingBean(Pseudonyms.class)
    Pseudonyms pseudonyms(PseudonymsProperties properties) {
        return new Pseudonyms(checked(properties.secret()));
    }

    /** The secret, or a start-up failure an operator can act on. */
    static String checked(String secret) {
        if (secret == null || secret.isBlank()) {
            throw new IllegalStateException("casejourney.pseudonyms.secret (CASEJOURNEY_PSEUDONYMS_SECRET) is not set: people are "
                    + "shown to analysts only under keyed pseudonyms; set a random secret of at least " + MIN_SECRET_BYTES
                    + " bytes, the same on both apps, and keep it out of the repository");
        }
        if (secret.getBytes(StandardCharsets.UTF_8).length < MIN_SECRET_BYTES) {
            throw new IllegalStateException("casejourney.pseudonyms.secret (CASEJOURNEY_PSEUDONYMS_SECRET) is too short: it must be at least "
                    + MIN_SECRET_BYTES + " bytes, or pseudonyms could be reversed by guessing the key");
        }
        return secret;
    }
}
