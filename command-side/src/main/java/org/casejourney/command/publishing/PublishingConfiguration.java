package org.casejourney.command.publishing;

import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.config.TopicConfig;
import org.axonframework.config.ConfigurerModule;
import org.axonframework.eventhandling.PropagatingErrorHandler;
import org.casejourney.command.platform.CaseJourneyProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.kafka.config.TopicBuilder;
import org.springframework.kafka.core.KafkaAdmin;

@Configuration(proxyBeanMethods = false)
class PublishingConfiguration {

    /**
     * Created at start when absent; partitions by person, so each person's events stay in order.
     * Kept forever: projections are rebuilt by replaying it (ADR 010).
     */
    @Bean
    NewTopic eventsTopic(CaseJourneyProperties properties) {
        var topic = properties.topic();
        return TopicBuilder.name(topic.name()).partitions(topic.partitions()).replicas(topic.replicationFactor())
                .config(TopicConfig.RETENTION_MS_CONFIG, "-1")
                .config(TopicConfig.RETENTION_BYTES_CONFIG, "-1")
                .build();
    }

    /** The signed checkpoints' second home (the files are the first), kept forever; none when checkpoints are off. */
    @Bean
    KafkaAdmin.NewTopics checkpointsTopic(CaseJourneyProperties properties) {
        if (!properties.checkpoints().enabled()) {
            return new KafkaAdmin.NewTopics();
        }
        return new KafkaAdmin.NewTopics(TopicBuilder.name(properties.checkpoints().topic()).partitions(1)
                .replicas(properties.topic().replicationFactor())
                .config(TopicConfig.RETENTION_MS_CONFIG, "-1")
                .config(TopicConfig.RETENTION_BYTES_CONFIG, "-1")
                .build());
    }

    /**
     * Axon's default logs a failing handler and moves on, which here would drop events: instead the
     * failure propagates, the batch rolls back, and the processor retries it with back-off.
     */
    @Bean
    ConfigurerModule publisherFailuresPropagate() {
        return configurer -> configurer.eventProcessing()
                .registerListenerInvocationErrorHandler(KafkaPublisher.GROUP, c -> PropagatingErrorHandler.instance());
    }
}
