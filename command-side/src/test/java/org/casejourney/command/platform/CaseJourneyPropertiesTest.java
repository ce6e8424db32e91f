package org.casejourney.command.platform;

import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.bind.BindException;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.ConfigurationPropertySources;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;
import org.springframework.boot.env.YamlPropertySourceLoader;
import org.springframework.core.io.ClassPathResource;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The return window is one setting: the command side binds it under the query side's name, with its default and range. */
class CaseJourneyPropertiesTest {

    @Test
    void theReturnWindowDefaultsToApplicationYmlsNinetyDays() throws Exception {
        var yaml = new YamlPropertySourceLoader().load("application", new ClassPathResource("application.yml"));

        assertThat(new Binder(ConfigurationPropertySources.from(yaml)).bindOrCreate("casejourney", CaseJourneyProperties.class)
                .journey().returnWindowDays()).isEqualTo(90);
        assertThat(bound(Map.of()).journey().returnWindowDays()).isEqualTo(90);
    }

    @Test
    void theQuerySidesSettingNameSetsIt() {
        assertThat(bound(Map.of("casejourney.journey.return-window-days", "45")).journey().returnWindowDays()).isEqualTo(45);
    }

    @Test
    void aWindowOutsideOneToTenYearsStopsTheStartNamingTheSetting() {
        assertThatThrownBy(() -> bound(Map.of("casejourney.journey.return-window-days", "0")))
                .isInstanceOf(BindException.class).hasStackTraceContaining("casejourney.journey.return-window-days must be 1 to 3650");
        assertThatThrownBy(() -> bound(Map.of("casejourney.journey.return-window-days", "3651")))
                .isInstanceOf(BindException.class).hasStackTraceContaining("got 3651");
    }

    private static CaseJourneyProperties bound(Map<String, String> settings) {
        return new Binder(new MapConfigurationPropertySource(settings)).bindOrCreate("casejourney", CaseJourneyProperties.class);
    }
}
