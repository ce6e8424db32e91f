package org.casejourney.command.publishing;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import org.axonframework.config.EventProcessingConfiguration;
import org.axonframework.eventhandling.TrackingEventProcessor;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.springframework.stereotype.Component;

/** How far Kafka publishing trails the event store, in events: the number to watch during a broker outage. */
@Component
class PublishLag {

    private final EventProcessingConfiguration processing;
    private final EventStore eventStore;

    PublishLag(EventProcessingConfiguration processing, EventStore eventStore, MeterRegistry meters) {
        this.processing = processing;
        this.eventStore = eventStore;
        Gauge.builder("casejourney.publish.lag", this, PublishLag::eventsBehind)
                .description("Events stored but not yet acknowledged by Kafka (head of the event store minus the publisher's position)")
                .baseUnit("events")
                .register(meters);
    }

    double eventsBehind() {
        var head = eventStore.createHeadToken();
        long headPosition = head == null ? -1 : head.position().orElse(-1);
        // only the instance holding the publisher's claim knows its position; others report no value
        return processing.eventProcessor(KafkaPublisher.GROUP, TrackingEventProcessor.class)
                .flatMap(p -> p.processingStatus().values().stream()
                        .map(s -> s.getCurrentPosition().orElse(-1))
                        .min(Long::compare))
                .map(position -> (double) Math.max(0, headPosition - position))
                .orElse(Double.NaN);
    }
}
