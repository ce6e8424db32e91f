package org.casejourney.infrastructure;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ExtraSettingsTest {

    @AfterEach
    void clear() {
        System.clearProperty(EmbeddedPostgresServer.SETTINGS_PROPERTY);
    }

    @Test
    void noPropertyMeansNoExtraSettings() {
        assertThat(EmbeddedPostgresServer.extraSettings()).isEmpty();
    }

    @Test
    void pairsSeparatedBySemicolonsBecomeSettingsInTheirOrder() {
        System.setProperty(EmbeddedPostgresServer.SETTINGS_PROPERTY,
                "shared_preload_libraries=pg_stat_statements; pg_stat_statements.track = all");
        assertThat(EmbeddedPostgresServer.extraSettings()).containsExactly(
                Map.entry("shared_preload_libraries", "pg_stat_statements"), Map.entry("pg_stat_statements.track", "all"));
    }

    @Test
    void aPairWithoutANameIsRefusedNamingTheProperty() {
        System.setProperty(EmbeddedPostgresServer.SETTINGS_PROPERTY, "work_mem");
        assertThatThrownBy(EmbeddedPostgresServer::extraSettings)
                .hasMessageContaining(EmbeddedPostgresServer.SETTINGS_PROPERTY).hasMessageContaining("work_mem");
    }
}
