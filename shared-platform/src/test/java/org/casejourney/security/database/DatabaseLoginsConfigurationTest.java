package org.casejourney.security.database;

import org.flywaydb.core.api.callback.Callback;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import static org.assertj.core.api.Assertions.assertThat;

class DatabaseLoginsConfigurationTest {

    private final ApplicationContextRunner app = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(DatabaseLoginsConfiguration.class));

    @Test
    void anAppGivenNoDatabaseCredentialsRefusesToStartAndSaysWhichAreMissing() {
        app.withPropertyValues("spring.datasource.username=casejourney_command", "spring.flyway.user=casejourney_owner")
                .run(context -> {
                    assertThat(context).hasFailed();
                    assertThat(context.getStartupFailure()).rootCause()
                            .hasMessageContaining("No database credentials")
                            .hasMessageContaining("spring.datasource.password (SPRING_DATASOURCE_PASSWORD)")
                            .hasMessageContaining("spring.flyway.password (SPRING_FLYWAY_PASSWORD)")
                            .message().doesNotContain("spring.datasource.username");
                });
    }

    @Test
    void anAppGivenBothLoginsStarts() {
        app.withPropertyValues("spring.datasource.username=casejourney_command", "spring.datasource.password=a",
                        "spring.flyway.user=casejourney_owner", "spring.flyway.password=b")
                .run(context -> assertThat(context).hasNotFailed().hasSingleBean(Callback.class));
    }

    @Test
    void anAppWhoseMigrationsRunElsewhereNeedsOnlyItsOwnLogin() {
        app.withPropertyValues("spring.flyway.enabled=false", "spring.datasource.username=casejourney_command", "spring.datasource.password=a")
                .run(context -> assertThat(context).hasNotFailed());
        app.withPropertyValues("spring.flyway.enabled=false", "spring.datasource.username=casejourney_command")
                .run(context -> assertThat(context.getStartupFailure()).rootCause().hasMessageContaining("spring.datasource.password"));
    }

    @Test
    void aMigrationOnlyRunNeedsTheOwnersLoginAndTheAppsRoleNameButNotItsPassword() {
        app.withPropertyValues("casejourney.migrate-only=true", "spring.datasource.username=casejourney_command",
                        "spring.flyway.user=casejourney_owner", "spring.flyway.password=b")
                .run(context -> assertThat(context).hasNotFailed());
        app.withPropertyValues("casejourney.migrate-only=true", "spring.datasource.username=casejourney_command")
                .run(context -> assertThat(context.getStartupFailure()).rootCause().hasMessageContaining("spring.flyway.password")
                        .message().doesNotContain("spring.datasource.password"));
    }
}
