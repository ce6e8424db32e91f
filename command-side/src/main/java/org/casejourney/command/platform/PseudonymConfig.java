package org.casejourney.command.platform;

import org.casejourney.events.Pseudonyms;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The analysts' pseudonyms, so auditors can see both a personId and the pseudonym analysts know it by. */
@Configuration
class PseudonymConfig {

    @Bean
    Pseudonyms pseudonyms(CaseJourneyProperties properties) {
        String secret = properties.pseudonyms().secret();
        if (secret == null || secret.isBlank()) {
            throw new IllegalStateException("casejourney.pseudonyms.secret (CASEJOURNEY_PSEUDONYMS_SECRET) is not set: "
                    + "give the same secret of at least 32 bytes as the query side's");
        }
        return new Pseudonyms(secret);
    }
}
