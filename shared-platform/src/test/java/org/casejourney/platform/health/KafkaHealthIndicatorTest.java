package org.casejourney.platform.health;

import org.junit.jupiter.api.Test;
import org.springframework.boot.actuate.health.Health;
import org.springframework.boot.actuate.health.Status;
import org.springframework.kafka.core.KafkaAdmin;

import java.net.ServerSocket;
import java.time.Duration;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The UP case is covered through /actuator/health in the query side's JourneyApiTest. */
class KafkaHealthIndicatorTest {

    @Test
    void kafkaIsDownWhenNoBrokerAnswersWithinTheTimeout() throws Exception {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        }
        KafkaHealthIndicator indicator = new KafkaHealthIndicator(
                new KafkaAdmin(Map.of("bootstrap.servers", "localhost:" + closedPort)), Duration.ofMillis(500));
        try {
            long started = System.nanoTime();
            Health health = indicator.health();

            assertThat(health.getStatus()).isEqualTo(Status.DOWN);
            assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(3));
        } finally {
            indicator.destroy();
        }
    }
}
