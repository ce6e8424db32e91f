package org.casejourney.query.projections;

import org.casejourney.query.platform.QuerySideProperties;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.boot.autoconfigure.kafka.KafkaProperties;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.ApplicationListener;
import org.springframework.kafka.config.KafkaListenerEndpointRegistry;
import org.springframework.kafka.listener.MessageListenerContainer;
import org.springframework.stereotype.Component;

import java.util.Map;
import java.util.Optional;

/**
 * Starts the projection's live consumer once the app is ready. A projection with no stored position and at least
 * {@code casejourney.projections.rebuild.fill-empty-behind} records on its topic (a new query side, a new read database)
 * is first filled by a rebuild, listed and measured as one, and the live consumer starts after it has switched in, from
 * the positions the rebuild stored. The rebuild's path (lanes by partition, no fold until the copy is done, indexes after
 * it) stores about twice as fast as the live consumer's catch-up (docs/performance.md). A rebuild that fails leaves the
 * projection empty and the live consumer replays the topic itself; one already running on another instance leaves this
 * one's consumer to start at once, as during any rebuild. {@code spring.kafka.listener.auto-startup=false} leaves the
 * consumer stopped, for whoever starts it.
 */
@Component
class ProjectionStart implements ApplicationListener<ApplicationReadyEvent>, DisposableBean {

    // the rebuild's one log category, as operations.md lists its lines
    private static final Logger log = LoggerFactory.getLogger(ProjectionRebuild.class);

    private final ProjectionLifecycle projection;
    private final ProjectionRebuild rebuild;
    private final TopicEnds ends;
    private final KafkaListenerEndpointRegistry listeners;
    private final long fillEmptyBehind;
    private final boolean autoStartup;
    private volatile boolean closing;

    ProjectionStart(ProjectionLifecycle projection, ProjectionRebuild rebuild, TopicEnds ends, KafkaListenerEndpointRegistry listeners,
                    QuerySideProperties properties, KafkaProperties kafka) {
        this.projection = projection;
        this.rebuild = rebuild;
        this.ends = ends;
        this.listeners = listeners;
        this.fillEmptyBehind = properties.projections().rebuild().fillEmptyBehind();
        this.autoStartup = kafka.getListener().isAutoStartup();
    }

    @Override
    public void onApplicationEvent(ApplicationReadyEvent event) {
        if (!autoStartup) {
            return;
        }
        long onTopic = fillEmptyBehind < 0 ? -1 : recordsOnTopic();
        if (onTopic >= 0 && onTopic >= fillEmptyBehind && projection.positions().isEmpty()) {
            try {
                ProjectionRebuild.Run run = rebuild.start(this::startConsuming);
                log.info("The {} projection is empty and its topic holds {} records: filling it by a rebuild into {}; its live consumer"
                        + " starts once that has switched in", projection.name(), onTopic, run.schema);
                return;
            } catch (RebuildConflict e) {
                log.info("The {} projection is empty, but it cannot be filled by a rebuild here: {} Its live consumer starts now.",
                        projection.name(), e.getMessage());
            }
        }
        startConsuming();
    }

    /** Records on the topic by its end offsets (-1 when Kafka does not answer, so the live consumer starts as ever). */
    private long recordsOnTopic() {
        Optional<Map<Integer, Long>> endOffsets = ends.of(projection.topic());
        return endOffsets.map(e -> e.values().stream().mapToLong(Long::longValue).sum()).orElse(-1L);
    }

    private void startConsuming() {
        if (closing) {
            return; // a rebuild ended by the app's shutdown: nothing is to consume any more
        }
        MessageListenerContainer container = listeners.getListenerContainer(projection.listenerId());
        try {
            if (container != null && !container.isRunning()) {
                container.start();
            }
        } catch (RuntimeException e) {
            log.error("Could not start the {} projection's live consumer", projection.name(), e);
        }
    }

    /** Destroyed before the rebuild it waits for (it depends on it), so a rebuild that the shutdown interrupts starts nothing. */
    @Override
    public void destroy() {
        closing = true;
    }
}
