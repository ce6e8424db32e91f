package org.casejourney.query.platform;

import org.casejourney.platform.settings.KnownSettings;
import org.casejourney.platform.settings.SettingNames;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every setting of the query side's properties record has its row in docs/operations.md, under its full name,
 * and the start-up check of unknown settings (shared-platform's KnownSettings) knows exactly these.
 */
class SettingsDocumentedTest {

    @Test
    void everySettingOfThePropertiesRecordIsInTheOperationsGuide() throws Exception {
        String guide = Files.readString(Path.of("..", "docs", "operations.md"));
        List<String> settings = SettingNames.of("casejourney", QuerySideProperties.class);

        assertThat(settings).hasSizeGreaterThan(20);
        assertThat(settings).allSatisfy(setting -> assertThat(guide).as("docs/operations.md names " + setting).contains("`" + setting + "`"));
    }

    @Test
    void theStartUpCheckKnowsExactlyTheSettingsOfThePropertiesRecord() {
        assertThat(KnownSettings.QUERY_SIDE).containsExactlyInAnyOrderElementsOf(SettingNames.of("casejourney", QuerySideProperties.class));
    }
}
