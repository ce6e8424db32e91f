package org.casejourney.platform.pseudonyms;

import org.springframework.boot.context.properties.ConfigurationProperties;

/** @param secret the HMAC key of the analysts' pseudonyms, the same on both apps (at least 32 bytes; from the environment) */
@ConfigurationProperties("casejourney.pseudonyms")
public record PseudonymsProperties(String secret) {
}
