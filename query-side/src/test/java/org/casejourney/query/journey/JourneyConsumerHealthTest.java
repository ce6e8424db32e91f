package org.casejourney.query.journey;

import org.junit.jupiter.api.Test;
import org.springframework.boot.actuate.health.Status;
import org.springframework.boot.availability.AvailabilityChangeEvent;
import org.springframework.boot.availability.LivenessState;
import org.springframework.kafka.core.DefaultKafkaConsumerFactory;
import org.springframework.kafka.event.ConsumerStoppedEvent;
import org.springframework.kafka.listener.ConcurrentMessageListenerContainer;
import org.springframework.kafka.listener.ContainerProperties;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class JourneyConsumerHealthTest {

    private final List<Object> published = new ArrayList<>();
    private final JourneyConsumerHealth health = new JourneyConsumerHealth(published::add);

    @Test
    void aConsumerStoppedByAnErrorTurnsTheComponentDownAndLivenessBroken() {
        health.onApplicationEvent(stopped(JourneyEventsListener.LISTENER_ID + "-0", ConsumerStoppedEvent.Reason.ERROR));

        assertThat(health.health().getStatus()).isEqualTo(Status.DOWN);
        assertThat(health.health().getDetails()).containsEntry("stopped", "ERROR");
        assertThat(published).singleElement().isInstanceOfSatisfying(AvailabilityChangeEvent.class,
                event -> assertThat(event.getState()).isEqualTo(LivenessState.BROKEN));
    }

    @Test
    void fencingOrAMissingPositionCountAsWell() {
        health.onApplicationEvent(stopped(JourneyEventsListener.LISTENER_ID + "-0", ConsumerStoppedEvent.Reason.NO_OFFSET));

        assertThat(health.health().getStatus()).isEqualTo(Status.DOWN);
        assertThat(health.health().getDetails()).containsEntry("stopped", "NO_OFFSET");
    }

    @Test
    void aNormalStopOrAnotherListenersStopLeavesItUp() {
        health.onApplicationEvent(stopped(JourneyEventsListener.LISTENER_ID + "-0", ConsumerStoppedEvent.Reason.NORMAL));
        health.onApplicationEvent(stopped("someone-else-0", ConsumerStoppedEvent.Reason.ERROR));

        assertThat(health.health().getStatus()).isEqualTo(Status.UP);
        assertThat(published).isEmpty();
    }

    /** The event a consumer's container publishes as its thread ends: the child container as source, the parent beside it. */
    private static ConsumerStoppedEvent stopped(String childId, ConsumerStoppedEvent.Reason reason) {
        var factory = new DefaultKafkaConsumerFactory<String, String>(Map.of());
        var parent = new ConcurrentMessageListenerContainer<>(factory, new ContainerProperties("topic"));
        parent.setBeanName(childId.substring(0, childId.lastIndexOf('-')));
        var child = new org.springframework.kafka.listener.KafkaMessageListenerContainer<>(factory, new ContainerProperties("topic"));
        child.setBeanName(childId);
        return new ConsumerStoppedEvent(child, parent, reason);
    }
}
