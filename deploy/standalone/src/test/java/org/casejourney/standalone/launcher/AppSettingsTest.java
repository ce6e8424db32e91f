package org.casejourney.standalone.launcher;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.URI;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class AppSettingsTest {

    @TempDir
    Path dataDir;

    @Test
    void theLaunchersOwnVariablesAreWithheldFromTheAppsWhichWouldRefuseThemAsUnknownSettings() {
        var settings = new AppSettings(StandaloneConfig.isolated(dataDir), LocalKeys.in(dataDir), "localhost:9092",
                URI.create("http://localhost:8080"), URI.create("http://localhost:8081"), URI.create("http://localhost:8082"));
        var database = new StandaloneSystem.Database("jdbc:postgresql://localhost/x", "app", "secret", "owner", "owner-secret");

        var spec = settings.spec(AppSettings.COMMAND_SIDE, dataDir.resolve("app.jar"), 8080, database, Map.of());

        assertThat(spec.withheld()).contains("CASEJOURNEY_EVENTSTORE_URL", "CASEJOURNEY_DB_PASSWORD", "CASEJOURNEY_DATA_DIR")
                .hasSameSizeAs(StandaloneConfig.SETTINGS);
        assertThat(spec.environment()).containsKey("CASEJOURNEY_PSEUDONYMS_SECRET");
    }

    @Test
    void eachAppEndsOnAnOutOfMemoryErrorUnlessTheGivenOptionsSayOtherwise() {
        var database = new StandaloneSystem.Database("jdbc:postgresql://localhost/x", "app", "secret", "owner", "owner-secret");
        var plain = new AppSettings(StandaloneConfig.isolated(dataDir), LocalKeys.in(dataDir), "localhost:9092",
                URI.create("http://localhost:8080"), URI.create("http://localhost:8081"), URI.create("http://localhost:8082"));
        var given = new AppSettings(StandaloneConfig.isolated(dataDir).withJavaOptions(List.of("-Xmx512m", "-XX:-ExitOnOutOfMemoryError")),
                LocalKeys.in(dataDir), "localhost:9092",
                URI.create("http://localhost:8080"), URI.create("http://localhost:8081"), URI.create("http://localhost:8082"));

        assertThat(plain.spec(AppSettings.QUERY_SIDE, dataDir.resolve("q.jar"), 8081, database, Map.of()).javaOptions())
                .containsExactly("-XX:+ExitOnOutOfMemoryError");
        // the JVM takes the last of two contradicting flags: the given ones come after
        assertThat(given.spec(AppSettings.COMMAND_SIDE, dataDir.resolve("c.jar"), 8080, database, Map.of()).javaOptions())
                .containsExactly("-XX:+ExitOnOutOfMemoryError", "-Xmx512m", "-XX:-ExitOnOutOfMemoryError");
    }
}
