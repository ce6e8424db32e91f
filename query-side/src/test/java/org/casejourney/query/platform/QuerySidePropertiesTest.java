package org.casejourney.query.platform;

import jakarta.validation.Validation;
import org.casejourney.platform.health.HealthProperties;
import org.casejourney.platform.pseudonyms.PseudonymsProperties;
import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.bind.BindException;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.bind.handler.IgnoreTopLevelConverterNotFoundBindHandler;
import org.springframework.boot.context.properties.bind.validation.ValidationBindHandler;
import org.springframework.boot.context.properties.source.ConfigurationPropertySources;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;
import org.springframework.boot.env.YamlPropertySourceLoader;
import org.springframework.core.io.ClassPathResource;
import org.springframework.validation.beanvalidation.SpringValidatorAdapter;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class QuerySidePropertiesTest {

    @Test
    void theRecordsDefaultsAreTheOnesApplicationYmlDocuments() throws Exception {
        var yaml = new YamlPropertySourceLoader().load("application", new ClassPathResource("application.yml"));
        QuerySideProperties fromYaml = new Binder(ConfigurationPropertySources.from(yaml)).bindOrCreate("casejourney", QuerySideProperties.class);

        assertThat(fromYaml).usingRecursiveComparison().isEqualTo(TestProperties.with());
        // the shared settings the query side's application.yml documents too
        Binder shared = new Binder(ConfigurationPropertySources.from(yaml));
        // the secret has no default anywhere: it comes from the environment
        assertThat(shared.bindOrCreate("casejourney.pseudonyms", PseudonymsProperties.class).secret()).isBlank();
        assertThat(shared.bindOrCreate("casejourney.health", HealthProperties.class))
                .isEqualTo(new Binder(new MapConfigurationPropertySource(Map.of())).bindOrCreate("casejourney.health", HealthProperties.class));
        assertThat(fromYaml.journey().returnWindowDays()).isEqualTo(90);
        assertThat(fromYaml.topic().name()).isEqualTo("casejourney.events");
    }

    @Test
    void anInvalidSettingStopsTheStartNamingIt() {
        assertThatThrownBy(() -> validated(Map.of("casejourney.journey.return-window-days", "0")))
                .isInstanceOf(BindException.class).hasStackTraceContaining("returnWindowDays");
        assertThatThrownBy(() -> validated(Map.of("casejourney.journey.return-window-days", "3651")))
                .isInstanceOf(BindException.class).hasStackTraceContaining("returnWindowDays");
        assertThatThrownBy(() -> validated(Map.of("casejourney.projections.rebuild.workers", "0")))
                .isInstanceOf(BindException.class).hasStackTraceContaining("workers");
        assertThatThrownBy(() -> validated(Map.of("casejourney.topic.name", " ")))
                .isInstanceOf(BindException.class).hasStackTraceContaining("name");
        assertThat(validated(Map.of("casejourney.journey.kept-events", "-1")).journey().keptEvents()).isEqualTo(-1);
    }

    private static QuerySideProperties validated(Map<String, String> settings) {
        var validator = new SpringValidatorAdapter(Validation.buildDefaultValidatorFactory().getValidator());
        return new Binder(new MapConfigurationPropertySource(settings))
                .bindOrCreate("casejourney", Bindable.of(QuerySideProperties.class), new ValidationBindHandler(new IgnoreTopLevelConverterNotFoundBindHandler(), validator));
    }
}
