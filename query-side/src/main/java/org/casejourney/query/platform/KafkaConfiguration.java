package org.casejourney.query.platform;

import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.common.config.TopicConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.autoconfigure.web.ServerProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.kafka.config.ContainerCustomizer;
import org.springframework.kafka.config.TopicBuilder;
import org.springframework.kafka.listener.CommonErrorHandler;
import org.springframework.kafka.listener.ConcurrentMessageListenerContainer;
import org.springframework.kafka.listener.DefaultErrorHandler;
import org.springframework.util.backoff.ExponentialBackOff;

import java.net.InetAddress;
import java.net.UnknownHostException;

@Configuration(proxyBeanMethods = false)
class KafkaConfiguration {

    private static final Logger log = LoggerFactory.getLogger(KafkaConfiguration.class);

    /**
     * Created at start when absent; whichever app starts first creates it, the other finds it. Kept
     * forever: projections are rebuilt by replaying it (ADR 010).
     */
    @Bean
    NewTopic eventsTopic(QuerySideProperties properties) {
        QuerySideProperties.Topic topic = properties.topic();
        return TopicBuilder.name(topic.name()).partitions(topic.partitions()).replicas(topic.replicationFactor())
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

    /**
     * Static group membership: a restarted instance (even after {@code kill -9}) rejoins under the
     * same {@code group.instance.id} and gets its partitions back at once, instead of waiting for
     * the dead member's session to time out. Spring appends the consumer thread's index ("-0").
     */
    @Bean
    ContainerCustomizer<Object, Object, ConcurrentMessageListenerContainer<Object, Object>> staticGroupMembership(
            QuerySideProperties properties, ServerProperties server) {
        // Spring Boot's default port when none is set
        int port = server.getPort() == null ? 8080 : server.getPort();
        boolean enabled = properties.consumer().staticMembership();
        String configured = properties.consumer().instanceId();
        // a random port (tests) names no stable instance: two contexts would fence each other
        if (!enabled || configured.isBlank() && port == 0) {
            log.info("Kafka consumer: dynamic group membership");
            return container -> { };
        }
        String instanceId = configured.isBlank() ? hostName() + "-" + port : configured.strip();
        log.info("Kafka consumer group.instance.id {} (static membership)", instanceId);
        return container -> container.getContainerProperties().getKafkaConsumerProperties()
                .setProperty(ConsumerConfig.GROUP_INSTANCE_ID_CONFIG, instanceId);
    }

    private static String hostName() {
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException e) {
            throw new IllegalStateException("cannot tell this host's name; set casejourney.consumer.instance-id", e);
        }
    }
}
