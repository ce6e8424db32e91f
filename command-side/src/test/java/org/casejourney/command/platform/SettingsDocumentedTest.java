package org.casejourney.command.platform;

import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import static org.assertj.core.api.Assertions.assertThat;

/** Every setting of the command side's properties record has its row in docs/operations.md, under its full name. */
class SettingsDocumentedTest {

    @Test
    void everySettingOfThePropertiesRecordIsInTheOperationsGuide() throws Exception {
        String guide = Files.readString(Path.of("..", "docs", "operations.md"));
        List<String> settings = new ArrayList<>();
        collect("casejourney", CaseJourneyProperties.class, settings);

        assertThat(settings).hasSizeGreaterThan(20);
        assertThat(settings).allSatisfy(setting -> assertThat(guide).as("docs/operations.md names " + setting).contains("`" + setting + "`"));
    }

    static void collect(String prefix, Class<?> type, List<String> settings) {
        for (var component : type.getRecordComponents()) {
            String name = prefix + "." + kebab(component.getName());
            if (component.getType().isRecord() && component.getType().getName().startsWith("org.casejourney")) {
                collect(name, component.getType(), settings);
            } else {
                settings.add(name);
            }
        }
    }

    static String kebab(String camel) {
        return camel.replaceAll("([a-z0-9])([A-Z])", "$1-$2").toLowerCase(Locale.ROOT);
    }
}
