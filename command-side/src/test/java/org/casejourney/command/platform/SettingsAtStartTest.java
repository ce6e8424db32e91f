package org.casejourney.command.platform;

import org.casejourney.command.CommandSideApplication;
import org.casejourney.platform.settings.KnownSettings;
import org.casejourney.platform.settings.SettingsConfiguration;
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
 * The command side refuses a setting no app reads and a value out of range, and takes the query side's settings. A value is
 * named as the record binds it ({@code ingestion.batchMaxEvents}), which relaxed binding takes as well.
 */
class SettingsAtStartTest {

    private final ApplicationContextRunner settings = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(SettingsConfiguration.class, ValidationAutoConfiguration.class))
            .withUserConfiguration(Bound.class);

    @EnableConfigurationProperties(CaseJourneyProperties.class)
    static class Bound {
    }

    @Test
    void theRealStartStopsAtAMisspeltSettingNamingItAndTheSettingMeantButNotTheQuerySidesSettings() {
        String[] given = Stream.concat(Stream.of("casejourney.fhir.person-identifer-system=https://example.org/id"),
                KnownSettings.QUERY_SIDE.stream().map(name -> name + "=1")).toArray(String[]::new);

        assertThatThrownBy(() -> new SpringApplicationBuilder(CommandSideApplication.class).web(WebApplicationType.NONE)
                .properties(given).run().close())
                .hasMessageContaining("unknown setting casejourney.fhir.person-identifer-system")
                .hasMessageContaining("did you mean casejourney.fhir.person-identifier-system?")
                .message().doesNotContain("casejourney.consumer", "casejourney.web", "casejourney.projections");
    }

    @Test
    void theQuerySidesSettingsInTheSameEnvironmentAreTaken() {
        settings.withPropertyValues(KnownSettings.QUERY_SIDE.stream().map(name -> name + "=1").toArray(String[]::new))
                .run(context -> assertThat(context).hasNotFailed().hasSingleBean(CaseJourneyProperties.class));
    }

    @Test
    void aValueOutOfRangeStopsTheStartNamingTheSetting() {
        settings.withPropertyValues("casejourney.ingestion.batch-max-events=0").run(context -> assertThat(context).hasFailed()
                .getFailure().hasStackTraceContaining("casejourney.ingestion.batchMaxEvents").hasStackTraceContaining("greater than or equal to 1"));
        settings.withPropertyValues("casejourney.ingestion.rate-limit.period=PT0S").run(context -> assertThat(context).hasFailed()
                .getFailure().hasStackTraceContaining("casejourney.ingestion.rateLimit.period"));
        settings.withPropertyValues("casejourney.fhir.person-identifier-system= ").run(context -> assertThat(context).hasFailed()
                .getFailure().hasStackTraceContaining("casejourney.fhir.personIdentifierSystem"));
    }
}
