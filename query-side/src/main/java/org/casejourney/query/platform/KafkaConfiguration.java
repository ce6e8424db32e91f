package org.casejourney.query.platform;

import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.config.TopicConfig;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.kafka.config.TopicBuilder;
import org.springframework.kafka.listener.CommonErrorHandler;
import org.springframework.kafka.listener.DefaultErrorHandler;
import org.springframework.util.backoff.ExponentialBackOff;

@Configuration(proxyBeanMethods = false)
class KafkaConfiguration {

    /**
     * Created at start when absent; whichever app starts first creates it, the other finds it. Kept
     * forever: projections are rebuilt by replaying it (ADR 010).
     */
    @Bean
    NewTopic eventsTopic(@Value("${casejourney.topic.name}") String name,
                         @Value("${casejourney.topic.partitions}") int partitions,
                         @Value("${casejourney.topic.replication-factor}") short replicationFactor) {
        return TopicBuilder.name(name).partitions(partitions).replicas(replicationFactor)
                .config(TopicConfig.RETENTION_MS_CONFIG, "-1")
                .config(TopicConfig.RETENTION_BYTES_CONFIG, "-1")
                .build();
    }

    /**
     * Listeners park what they cannot apply, so an exception reaching the container means the
     * database or broker failed: retry the batch with back-off for as long as it takes, never skip it.
     */
    @Bean
    CommonErrorHandler retryForeverErrorHandler() {
        ExponentialBackOff backOff = new ExponentialBackOff(500, 2.0);
        backOff.setMaxInterval(30_000);
        return new DefaultErrorHandler(backOff);
    }
}
