package org.casejourney.platform.settings;

import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.core.env.SystemEnvironmentPropertySource;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class SettingsConfigurationTest {

    private final ApplicationContextRunner app = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(SettingsConfiguration.class));

    @Test
    void aMisspeltSettingStopsTheStartNamingItAndTheSettingMeant() {
        app.withPropertyValues("casejourney.fhir.person-identifer-system=https://example.org/id").run(context ->
                assertThat(context).hasFailed().getFailure().hasMessageContaining(
                        "unknown setting casejourney.fhir.person-identifer-system").hasMessageContaining(
                        "did you mean casejourney.fhir.person-identifier-system?").hasMessageContaining("docs/operations.md"));
    }

    @Test
    void aMisspeltEnvironmentVariableIsNamedAsItWasGiven() {
        app.withInitializer(context -> context.getEnvironment().getPropertySources().addFirst(variables(
                Map.of("CASEJOURNEY_INGESTION_RATELIMT_REQUESTS", "10")))).run(context ->
                assertThat(context).hasFailed().getFailure().hasMessageContaining("casejourney.ingestion.ratelimt.requests")
                        .hasMessageContaining("CASEJOURNEY_INGESTION_RATELIMT_REQUESTS")
                        .hasMessageContaining("did you mean casejourney.ingestion.rate-limit.requests?"));
    }

    @Test
    void aMisspeltGroupAndEveryUnknownSettingAreNamedAtOnce() {
        app.withPropertyValues("casejourney.ingestoin.batch-max-events=5", "casejourney.journey.returns=3").run(context ->
                assertThat(context).hasFailed().getFailure()
                        .hasMessageContaining("did you mean casejourney.ingestion.batch-max-events?")
                        .hasMessageContaining("unknown setting casejourney.journey.returns"));
    }

    @Test
    void everySettingOfEitherAppIsTakenInAnyForm() {
        List<String> both = KnownSettings.all().stream().map(name -> name + "=1").toList();
        app.withPropertyValues(both.toArray(String[]::new))
                .withPropertyValues("casejourney.security.cors-allowed-origins[0]=http://a", "casejourney.web.localSignIn=true")
                .withInitializer(context -> context.getEnvironment().getPropertySources().addFirst(variables(Map.of(
                        "CASEJOURNEY_JOURNEY_RETURNWINDOWDAYS", "30", "CASEJOURNEY_JOURNEY_RETURN_WINDOW_DAYS", "30",
                        "CASEJOURNEY_EVENT_STORE_BATCH_SIZE", "10", "CASEJOURNEY_INGESTION_EXTRAFAILURECATEGORIES_0", "LOST",
                        "CASEJOURNEY_CONSUMER_STATICMEMBERSHIP", "false"))))
                .run(context -> assertThat(context).hasNotFailed());
    }

    @Test
    void theLaunchersAndTheBuildsOwnVariablesPass() {
        Map<String, String> tools = new HashMap<>();
        for (String name : List.of("DATA_DIR", "READMODEL_URL", "DB_USER", "DB_PASSWORD", "KAFKA_BOOTSTRAP_SERVERS",
                "COMMAND_PORT", "QUERY_PORT", "POSTGRES_PORT", "KAFKA_PORT", "SIGNIN_PORT", "APPS_DIR", "JAVA_OPTS",
                "START_TIMEOUT_SECONDS", "SKIP_BUILD", "TEST_INFRASTRUCTURE", "BROWSER_TESTS", "IMAGE_TESTS", "IMAGE_CACHE",
                "BASE_MAX_AGE_DAYS", "TAG", "TOKEN")) {
            tools.put("CASEJOURNEY_" + name, "x");
        }
        app.withSystemProperties("casejourney.postgres.settings=work_mem=64MB", "casejourney.speed=true")
                .withInitializer(context -> context.getEnvironment().getPropertySources().addFirst(
                        variables(tools)))
                .run(context -> assertThat(context).hasNotFailed());
    }

    @Test
    void distanceCountsLettersInsertedRemovedOrChanged() {
        assertThat(UnknownSettings.distance("ratelimt", "ratelimit")).isEqualTo(1);
        assertThat(UnknownSettings.distance("kitten", "sitting")).isEqualTo(3);
        assertThat(UnknownSettings.distance("", "abc")).isEqualTo(3);
    }

    private static SystemEnvironmentPropertySource variables(Map<String, String> values) {
        return new SystemEnvironmentPropertySource("test-systemEnvironment", new HashMap<>(values));
    }
}
