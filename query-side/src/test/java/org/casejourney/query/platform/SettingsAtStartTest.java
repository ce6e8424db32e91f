package org.casejourney.query.platform;

import org.casejourney.platform.settings.KnownSettings;
import org.casejourney.platform.settings.SettingsConfiguration;
import org.casejourney.query.QuerySideApplication;
import org.junit.jupiter.api.Test;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.validation.ValidationAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The query side refuses a setting no app reads and a value out of range, and takes the command side's settings. A value is
 * named as the record binds it ({@code ingestion.batchMaxEvents}), which relaxed binding takes as well.
 */
class SettingsAtStartTest {

    private final ApplicationContextRunner settings = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(SettingsConfiguration.class, ValidationAutoConfiguration.class))
            .withUserConfiguration(Bound.class);

    @EnableConfigurationProperties(QuerySideProperties.class)
    static class Bound {
    }

    @Test
    void theRealStartStopsAtAMisspeltSettingNamingItAndTheSettingMeantButNotTheCommandSidesSettings() {
        String[] given = Stream.concat(Stream.of("casejourney.consumer.group-ld=casejourney-query"),
                KnownSettings.COMMAND_SIDE.stream().map(name -> name + "=1")).toArray(String[]::new);

        assertThatThrownBy(() -> new SpringApplicationBuilder(QuerySideApplication.class).web(WebApplicationType.NONE)
                .properties(given).run().close())
                .hasMessageContaining("unknown setting casejourney.consumer.group-ld")
                .hasMessageContaining("did you mean casejourney.consumer.group-id?")
                .message().doesNotContain("casejourney.ingestion", "casejourney.fhir", "casejourney.checkpoints");
    }

    @Test
    void theCommandSidesSettingsInTheSameEnvironmentAreTaken() {
        settings.withPropertyValues(KnownSettings.COMMAND_SIDE.stream().map(name -> name + "=1").toArray(String[]::new))
                .run(context -> assertThat(context).hasNotFailed().hasSingleBean(QuerySideProperties.class));
    }

    @Test
    void aValueOutOfRangeStopsTheStartNamingTheSetting() {
        settings.withPropertyValues("casejourney.projections.rebuild.workers=0").run(context -> assertThat(context).hasFailed()
                .getFailure().hasStackTraceContaining("casejourney.projections.rebuild.workers").hasStackTraceContaining("greater than or equal to 1"));
        settings.withPropertyValues("casejourney.api.rate-limit.period=PT0S").run(context -> assertThat(context).hasFailed()
                .getFailure().hasStackTraceContaining("casejourney.api.rateLimit.period"));
        settings.withPropertyValues("casejourney.web.client-id= ").run(context -> assertThat(context).hasFailed()
                .getFailure().hasStackTraceContaining("casejourney.web.clientId"));
    }
}
