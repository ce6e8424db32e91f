package org.casejourney.security.database;

import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.output.MigrateResult;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.autoconfigure.flyway.FlywayMigrationStrategy;
import org.springframework.context.annotation.Bean;

/**
 * {@code casejourney.migrate-only=true}: the app runs its own migrations (the same scripts, locations,
 * placeholders and grants as at every start, as the owner role) and exits with 0 as soon as they are
 * committed, before its web server, consumers or processors start; a failed migration exits non-zero. This
 * is what a deployment's migration step runs (the Kubernetes Jobs in deploy/kubernetes), so the apps
 * themselves can start without the owner's login ({@code spring.flyway.enabled=false}).
 */
@AutoConfiguration
@ConditionalOnClass({Flyway.class, FlywayMigrationStrategy.class})
@ConditionalOnProperty(name = "casejourney.migrate-only", havingValue = "true")
public class MigrateOnlyConfiguration {

    private static final Logger log = LoggerFactory.getLogger(MigrateOnlyConfiguration.class);

    @Bean
    FlywayMigrationStrategy migrateThenExit() {
        return flyway -> {
            MigrateResult result = flyway.migrate();
            log.info("Migrated {} from version {} to {} ({} migrations applied); exiting, as casejourney.migrate-only asks",
                    result.database, result.initialSchemaVersion,
                    result.targetSchemaVersion != null ? result.targetSchemaVersion : result.initialSchemaVersion, result.migrationsExecuted);
            // halt, not exit: nothing else of the app has started, and a shutdown hook waiting on the context
            // that is still being refreshed must not keep the process (and the Job) alive
            Runtime.getRuntime().halt(0);
        };
    }
}
