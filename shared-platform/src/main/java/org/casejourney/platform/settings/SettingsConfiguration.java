package org.casejourney.platform.settings;

import org.springframework.beans.factory.config.BeanFactoryPostProcessor;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.core.env.ConfigurableEnvironment;

import java.util.List;

/**
 * Start-up refuses a {@code casejourney.*} setting no app reads (a typo would otherwise be ignored in silence), before
 * any bean is made, naming each and the setting it is nearest to. Values are checked where the records bind them.
 */
@AutoConfiguration
public class SettingsConfiguration {

    @Bean
    static BeanFactoryPostProcessor unknownSettingsRefused(ConfigurableEnvironment environment) {
        return beanFactory -> {
            List<String> unknown = new UnknownSettings(KnownSettings.all()).in(environment);
            if (!unknown.isEmpty()) {
                throw new IllegalStateException("No casejourney app reads " + (unknown.size() == 1 ? "this setting" : "these settings")
                        + ", so the start is refused; correct or remove " + (unknown.size() == 1 ? "it" : "each")
                        + " (every setting is described in docs/operations.md):\n  " + String.join("\n  ", unknown));
            }
        };
    }
}
