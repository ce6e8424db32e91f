package org.casejourney.command.ingestion;

import org.axonframework.config.ConfigurerModule;
import org.axonframework.eventhandling.PropagatingErrorHandler;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

@Configuration(proxyBeanMethods = false)
class IngestionConfig {

    /** A failed index insert must fail the append too, or an event id could be stored twice. */
    @Bean
    ConfigurerModule eventIdIndexFailuresPropagate() {
        return configurer -> configurer.eventProcessing()
                .registerSubscribingEventProcessor(EventIdIndex.GROUP)
                .registerListenerInvocationErrorHandler(EventIdIndex.GROUP, c -> PropagatingErrorHandler.instance());
    }
}
