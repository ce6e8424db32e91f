package org.casejourney.query;

import org.casejourney.infrastructure.TestInfrastructure;
import org.springframework.test.context.DynamicPropertyRegistry;

/** Points a test's query side at real PostgreSQL (its own database) and the real broker (its own topic). */
public final class RealInfrastructure {

    private RealInfrastructure() {
    }

    public static void register(DynamicPropertyRegistry registry, String database, String topic) {
        TestInfrastructure infrastructure = TestInfrastructure.get();
        registry.add("spring.datasource.url", () -> database);
        registry.add("spring.datasource.username", infrastructure::user);
        registry.add("spring.datasource.password", infrastructure::password);
        registry.add("spring.kafka.bootstrap-servers", infrastructure::kafkaBootstrapServers);
        registry.add("casejourney.topic.name", () -> topic);
    }
}
