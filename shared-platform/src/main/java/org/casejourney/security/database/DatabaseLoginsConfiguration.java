package org.casejourney.security.database;

import org.flywaydb.core.api.callback.Callback;
import org.flywaydb.core.api.callback.Context;
import org.flywaydb.core.api.callback.Event;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.context.annotation.Bean;
import org.springframework.core.env.Environment;

import java.util.ArrayList;
import java.util.List;

/**
 * No default database credentials (docs/security.md, Database roles): before Flyway runs, each app
 * checks it was given its own role's login and the owner's that runs the migrations, and refuses
 * to start otherwise, naming what is missing.
 */
@AutoConfiguration
@ConditionalOnClass(Callback.class)
public class DatabaseLoginsConfiguration {

    static final List<String> REQUIRED = List.of(
            "spring.datasource.username", "spring.datasource.password", "spring.flyway.user", "spring.flyway.password");

    @Bean
    Callback databaseLogins(Environment environment) {
        List<String> missing = new ArrayList<>();
        for (String property : required(environment)) {
            String value = environment.getProperty(property);
            if (value == null || value.isBlank()) {
                missing.add(property + " (" + property.toUpperCase().replace('.', '_') + ")");
            }
        }
        if (!missing.isEmpty()) {
            throw new IllegalStateException("No database credentials: set " + String.join(", ", missing)
                    + ". The app connects as its own role, granted only what it needs, and the migrations run as the owner role;"
                    + " there are no defaults (docs/operations.md, Database roles).");
        }
        return new Checked();
    }

    /**
     * Both logins, unless the migrations run elsewhere ({@code spring.flyway.enabled=false}: the app's own login
     * only) or this run only migrates ({@code casejourney.migrate-only}: the owner's login and the app's role
     * name, which the grants name, but not the app's password).
     */
    static List<String> required(Environment environment) {
        if (!environment.getProperty("spring.flyway.enabled", Boolean.class, true)) {
            return List.of("spring.datasource.username", "spring.datasource.password");
        }
        if (MigrationProperties.of(environment).migrateOnly()) {
            return List.of("spring.datasource.username", "spring.flyway.user", "spring.flyway.password");
        }
        return REQUIRED;
    }

    /** Flyway wants a callback: this one only stands for the check having passed. */
    private static final class Checked implements Callback {

        @Override
        public boolean supports(Event event, Context context) {
            return false;
        }

        @Override
        public boolean canHandleInTransaction(Event event, Context context) {
            return true;
        }

        @Override
        public void handle(Event event, Context context) {
        }

        @Override
        public String getCallbackName() {
            return "casejourney-database-logins";
        }
    }
}
