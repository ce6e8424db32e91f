package org.casejourney.platform.health;

import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;

import java.time.Duration;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class HealthPropertiesTest {

    @Test
    void aKafkaTimeoutThatIsNotPositiveStopsTheStartNamingTheSetting() {
        assertThat(bound("3s").kafkaTimeout()).isEqualTo(Duration.ofSeconds(3));
        assertThatThrownBy(() -> bound("0s")).hasStackTraceContaining("casejourney.health.kafka-timeout must be a positive duration");
        assertThatThrownBy(() -> bound("-1s")).hasStackTraceContaining("casejourney.health.kafka-timeout");
    }

    private static HealthProperties bound(String timeout) {
        return new Binder(new MapConfigurationPropertySource(Map.of("casejourney.health.kafka-timeout", timeout)))
                .bindOrCreate("casejourney.health", HealthProperties.class);
    }
}
