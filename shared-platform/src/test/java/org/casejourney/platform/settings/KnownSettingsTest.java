package org.casejourney.platform.settings;

import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/** The settings both apps bind from shared-platform's records are in docs/operations.md (each app checks its own). */
class KnownSettingsTest {

    @Test
    void everySharedSettingIsInTheOperationsGuide() throws Exception {
        String guide = Files.readString(Path.of("..", "docs", "operations.md"));

        assertThat(KnownSettings.shared()).contains("casejourney.security.jwt.issuer", "casejourney.health.kafka-timeout",
                "casejourney.pseudonyms.secret", "casejourney.migrate-only");
        assertThat(KnownSettings.shared()).allSatisfy(setting -> assertThat(guide).as("docs/operations.md names " + setting)
                .contains("`" + setting + "`"));
    }
}
