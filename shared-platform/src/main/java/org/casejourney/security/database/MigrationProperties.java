package org.casejourney.security.database;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.core.env.Environment;

/** @param migrateOnly this run only migrates, then exits ({@link MigrateOnlyConfiguration}): a deployment's migration step */
@ConfigurationProperties("casejourney")
public record MigrationProperties(@DefaultValue("false") boolean migrateOnly) {

    /** Bound where it is needed before the context has beans: the logins check runs as Flyway starts. */
    static MigrationProperties of(Environment environment) {
        return Binder.get(environment).bindOrCreate("casejourney", MigrationProperties.class);
    }
}
