package org.casejourney.command.platform;

import org.axonframework.common.caching.Cache;
import org.axonframework.common.caching.NoCache;
import org.axonframework.common.jdbc.ConnectionProvider;
import org.axonframework.common.jdbc.PersistenceExceptionResolver;
import org.axonframework.common.transaction.TransactionManager;
import org.axonframework.eventhandling.tokenstore.jdbc.TokenSchema;
import org.axonframework.eventhandling.EventBusSpanFactory;
import org.axonframework.eventsourcing.eventstore.EmbeddedEventStore;
import org.axonframework.eventsourcing.eventstore.EventStorageEngine;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.axonframework.eventsourcing.eventstore.jdbc.EventSchema;
import org.axonframework.eventsourcing.eventstore.jdbc.JdbcEventStorageEngine;
import org.axonframework.messaging.correlation.CorrelationDataProvider;
import org.axonframework.messaging.correlation.MessageOriginProvider;
import org.axonframework.serialization.Serializer;
import org.axonframework.serialization.json.JacksonSerializer;
import org.axonframework.spring.jdbc.SpringDataSourceConnectionProvider;
import org.casejourney.events.EventJson;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Primary;
import org.springframework.transaction.PlatformTransactionManager;

import javax.sql.DataSource;
import java.util.Map;

/**
 * Axon without Axon Server: the JDBC storage engine on PostgreSQL with snake_case tables that
 * Flyway creates, and Jackson for every serialized form.
 */
@Configuration(proxyBeanMethods = false)
class AxonConfiguration {

    @Bean
    EventSchema eventSchema() {
        return EventSchema.builder()
                .eventTable("domain_event_entry")
                .snapshotTable("snapshot_event_entry")
                .globalIndexColumn("global_index")
                .timestampColumn("time_stamp")
                .eventIdentifierColumn("event_identifier")
                .aggregateIdentifierColumn("aggregate_identifier")
                .sequenceNumberColumn("sequence_number")
                .typeColumn("type")
                .payloadTypeColumn("payload_type")
                .payloadRevisionColumn("payload_revision")
                .payloadColumn("payload")
                .metaDataColumn("meta_data")
                .build();
    }

    @Bean
    TokenSchema tokenSchema() {
        return TokenSchema.builder()
                .setTokenTable("token_entry")
                .setProcessorNameColumn("processor_name")
                .setSegmentColumn("segment")
                .setTokenColumn("token")
                .setTokenTypeColumn("token_type")
                .setTimestampColumn("timestamp")
                .setOwnerColumn("owner")
                .build();
    }

    /**
     * One Jackson form for events, snapshots, tokens and metadata; lenient on read so old rows stay readable.
     * Each event is stored with its type's schema version as its revision, which the upcasters go by.
     */
    @Bean
    @Primary
    Serializer serializer() {
        return JacksonSerializer.builder().objectMapper(EventJson.newMapper()).revisionResolver(new EventRevisions())
                .lenientDeserialization().build();
    }

    @Bean
    @Qualifier("eventSerializer")
    Serializer eventSerializer(Serializer serializer) {
        return serializer;
    }

    @Bean
    @Qualifier("messageSerializer")
    Serializer messageSerializer(Serializer serializer) {
        return serializer;
    }

    /**
     * What Axon copies from a command into the metadata of the events it applies. By default that is the
     * command message's own id, as {@code traceId} and {@code correlationId}: here an internal command's id that
     * no client knows, which beside the payload's own {@code correlationId} would only mislead an auditor, and
     * which cost every event's row, its serialising and every read of it. So events carry only the metadata
     * {@code PersonJourney} gives them. The peer configuration keeps Axon's default.
     */
    @Bean
    CorrelationDataProvider correlationData(CaseJourneyProperties properties) {
        return properties.ingestion().axonDefaults() ? new MessageOriginProvider() : message -> Map.of();
    }

    /**
     * PostgreSQL reports a row already at a stream position as SQL state 23505; Axon's default
     * resolver missed it, so a second instance's concurrent append surfaced as a plain error instead
     * of a ConcurrencyException that ingestion reloads and retries.
     */
    @Bean
    PersistenceExceptionResolver persistenceExceptionResolver() {
        return exception -> {
            for (Throwable t = exception; t != null; t = t.getCause()) {
                if (t instanceof java.sql.SQLException sql && "23505".equals(sql.getSQLState())) {
                    return true;
                }
                if (t.getCause() == t) {
                    break;
                }
            }
            return false;
        };
    }

    @Bean
    PrefetchingEventStorageEngine eventStorageEngine(Serializer serializer, PersistenceExceptionResolver exceptionResolver,
                                          ConnectionProvider connectionProvider, TransactionManager transactionManager,
                                          EventSchema schema, CaseJourneyProperties properties) {
        var store = properties.eventStore();
        return new PrefetchingEventStorageEngine(JdbcEventStorageEngine.builder()
                .snapshotSerializer(serializer)
                .eventSerializer(serializer)
                // every read of events (aggregate loads, prefetched or not, snapshots, the publisher) takes older stored forms through these
                .upcasterChain(StoredForms.upcasters())
                .persistenceExceptionResolver(exceptionResolver)
                .connectionProvider(connectionProvider)
                .transactionManager(transactionManager)
                .schema(schema)
                .dataType(byte[].class)
                .batchSize(store.batchSize())
                // a gap is only given up on after this long, so a slow transaction's event is still published
                .gapTimeout((int) store.gapTimeout().toMillis())
                .maxGapOffset(store.maxGapOffset()));
    }

    /**
     * Axon's event store over that engine. Its reader, the publisher, wakes as soon as this instance
     * commits events, so publishing starts within milliseconds; the poll interval only bounds how
     * late events written by another instance are seen (CommitWakingEventStore says why Axon's
     * shared tailing stream is not used). The peer configuration keeps Axon's store as it comes,
     * polling once a second.
     */
    @Bean(name = "eventBus")
    @Qualifier("eventStore")
    EmbeddedEventStore eventStore(EventStorageEngine storageEngine, org.axonframework.config.Configuration configuration,
                                  CaseJourneyProperties properties) {
        EmbeddedEventStore.Builder builder = EmbeddedEventStore.builder()
                .storageEngine(storageEngine)
                .messageMonitor(configuration.messageMonitor(EventStore.class, "eventStore"))
                .spanFactory(configuration.getComponent(EventBusSpanFactory.class));
        if (properties.ingestion().axonDefaults()) {
            return builder.fetchDelay(1000).build();
        }
        return new CommitWakingEventStore(builder, properties.eventStore().pollInterval());
    }

    /**
     * Recently written people's aggregates, so a write does not reload the stream (ADR 013). The
     * peer configuration, Axon's defaults, caches nothing.
     */
    @Bean
    Cache personCache(CaseJourneyProperties properties) {
        return properties.ingestion().axonDefaults() ? NoCache.INSTANCE : new CommittedOnlyCache(properties.eventStore().cachedPeople());
    }

    /**
     * Commands join a caller's transaction as a savepoint: a batch commits once, yet one bad item
     * rolls back only itself. Without a caller's transaction this is a plain new transaction.
     */
    @Bean
    TransactionManager axonTransactionManager(PlatformTransactionManager transactionManager) {
        return new SavepointTransactionManager(transactionManager);
    }

    /**
     * Connections come from Spring's transaction, and only Spring ends it: Axon's default wrapper
     * would call rollback() on the shared connection and undo a whole batch for one bad item.
     */
    @Bean
    ConnectionProvider connectionProvider(DataSource dataSource) {
        return new SpringDataSourceConnectionProvider(dataSource);
    }
}
