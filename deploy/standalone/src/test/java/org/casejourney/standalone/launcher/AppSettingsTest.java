package org.casejourney.standalone.launcher;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.URI;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class AppSettingsTest {

    private static final StandaloneSystem.Database DATABASE =
            new StandaloneSystem.Database("jdbc:postgresql://localhost/x", "app", "secret", "owner", "owner-secret");

    @TempDir
    Path dataDir;

    @Test
    void theLaunchersOwnVariablesAreWithheldFromTheAppsWhichWouldRefuseThemAsUnknownSettings() {
        var spec = settings(StandaloneConfig.isolated(dataDir)).spec(AppSettings.COMMAND_SIDE, dataDir.resolve("app.jar"), 8080, DATABASE, Map.of());

        assertThat(spec.withheld()).contains("CASEJOURNEY_EVENTSTORE_URL", "CASEJOURNEY_DB_PASSWORD", "CASEJOURNEY_DATA_DIR")
                .hasSameSizeAs(StandaloneConfig.SETTINGS);
        assertThat(spec.environment()).containsKey("CASEJOURNEY_PSEUDONYMS_SECRET");
    }

    @Test
    void eachAppEndsOnAnOutOfMemoryErrorTheQuerySideHasAFixedYoungGenerationAndTheCommandSidePromotesSoonerUnlessTheGivenOptionsSayOtherwise() {
        var plain = settings(StandaloneConfig.isolated(dataDir));
        var given = settings(StandaloneConfig.isolated(dataDir).withJavaOptions(List.of("-Xmx512m", "-XX:-ExitOnOutOfMemoryError")));

        assertThat(plain.spec(AppSettings.QUERY_SIDE, dataDir.resolve("q.jar"), 8081, DATABASE, Map.of()).javaOptions())
                .containsExactly("-XX:+ExitOnOutOfMemoryError", "-XX:NewRatio=2");
        assertThat(plain.spec(AppSettings.COMMAND_SIDE, dataDir.resolve("c.jar"), 8080, DATABASE, Map.of()).javaOptions())
                .containsExactly("-XX:+ExitOnOutOfMemoryError", "-XX:MaxTenuringThreshold=2");
        // the JVM takes the last of two contradicting flags: the given ones come after
        assertThat(given.spec(AppSettings.COMMAND_SIDE, dataDir.resolve("c.jar"), 8080, DATABASE, Map.of()).javaOptions())
                .containsExactly("-XX:+ExitOnOutOfMemoryError", "-XX:MaxTenuringThreshold=2", "-Xmx512m", "-XX:-ExitOnOutOfMemoryError");
        assertThat(given.spec(AppSettings.QUERY_SIDE, dataDir.resolve("q.jar"), 8081, DATABASE, Map.of()).javaOptions())
                .containsExactly("-XX:+ExitOnOutOfMemoryError", "-XX:NewRatio=2", "-Xmx512m", "-XX:-ExitOnOutOfMemoryError");
    }

    private AppSettings settings(StandaloneConfig config) {
        return new AppSettings(config, LocalKeys.in(dataDir), "localhost:9092",
                URI.create("http://localhost:8080"), URI.create("http://localhost:8081"), URI.create("http://localhost:8082"));
    }
}
