package org.casejourney.query.journey;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.actuate.health.Health;
import org.springframework.boot.actuate.health.HealthIndicator;
import org.springframework.boot.availability.AvailabilityChangeEvent;
import org.springframework.boot.availability.LivenessState;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.ApplicationListener;
import org.springframework.kafka.event.ConsumerStoppedEvent;
import org.springframework.kafka.listener.MessageListenerContainer;
import org.springframework.stereotype.Component;

/**
 * The journey projection's consumer as a health component ({@code journeyConsumer}). Its container stops for good when
 * a batch throws an {@link Error} (running out of memory exits the JVM first: both apps run with
 * {@code -XX:+ExitOnOutOfMemoryError}), or when the broker fences it, refuses its credentials or has no position for it.
 * Nothing then applies new records, yet the reads go on answering. From then on this component is DOWN, naming the
 * reason, and the app's liveness is BROKEN, so an orchestrator restarts the instance, which carries on from the stored
 * positions (ADR 003). A normal stop (the app shutting down) changes nothing.
 */
@Component("journeyConsumer")
class JourneyConsumerHealth implements HealthIndicator, ApplicationListener<ConsumerStoppedEvent> {

    private static final Logger log = LoggerFactory.getLogger(JourneyConsumerHealth.class);

    private final ApplicationEventPublisher publisher;
    private volatile ConsumerStoppedEvent.Reason stopped;

    JourneyConsumerHealth(ApplicationEventPublisher publisher) {
        this.publisher = publisher;
    }

    @Override
    public void onApplicationEvent(ConsumerStoppedEvent event) {
        MessageListenerContainer container = event.getSource(MessageListenerContainer.class);
        String listener = container.getListenerId();
        if (event.getReason() == ConsumerStoppedEvent.Reason.NORMAL || listener == null
                || !listener.startsWith(JourneyEventsListener.LISTENER_ID)) {
            return;
        }
        stopped = event.getReason();
        log.error("The journey projection's consumer stopped ({}): no new record is applied until this instance is restarted;"
                + " liveness is now BROKEN", event.getReason());
        AvailabilityChangeEvent.publish(publisher, this, LivenessState.BROKEN);
    }

    @Override
    public Health health() {
        ConsumerStoppedEvent.Reason reason = stopped;
        return reason == null ? Health.up().build() : Health.down().withDetail("stopped", reason.name()).build();
    }
}
