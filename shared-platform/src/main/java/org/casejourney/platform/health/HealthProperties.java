package org.casejourney.platform.health;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

import java.time.Duration;

/** @param kafkaTimeout how long a health check (and the query side's look at the topic's ends) waits for the broker */
@Validated
@ConfigurationProperties("casejourney.health")
public record HealthProperties(@DefaultValue("PT2S") Duration kafkaTimeout) {

    public HealthProperties {
        if (kafkaTimeout == null || kafkaTimeout.isNegative() || kafkaTimeout.isZero()) {
            throw new IllegalArgumentException("casejourney.health.kafka-timeout must be a positive duration such as PT2S; got " + kafkaTimeout);
        }
    }
}
