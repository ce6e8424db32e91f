package org.casejourney.standalone.launcher;

import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class StandaloneConfigTest {

    private static final Path WORK = Path.of("/srv/work");

    @Test
    void withoutEnvironmentEverythingIsEmbeddedUnderTheWorkingDirectory() {
        StandaloneConfig config = StandaloneConfig.fromEnvironment(Map.of(), WORK);
        assertThat(config.dataDir()).isEqualTo(Path.of("/srv/work/.casejourney"));
        assertThat(config.needsEmbeddedPostgres()).isTrue();
        assertThat(config.kafkaBootstrapServers()).isNull();
        assertThat(List.of(config.commandPort(), config.queryPort(), config.postgresPort(), config.kafkaPort()))
                .containsExactly(8080, 8081, 54329, 9092);
        assertThat(config.appsDir()).isNull();
        assertThat(config.startTimeout()).isEqualTo(Duration.ofSeconds(180));
    }

    @Test
    void externalDatabasesAndBrokerReplaceTheEmbeddedOnes() {
        StandaloneConfig config = StandaloneConfig.fromEnvironment(Map.of(
                "CASEJOURNEY_EVENTSTORE_URL", "jdbc:postgresql://db:5432/events",
                "CASEJOURNEY_READMODEL_URL", "jdbc:postgresql://db:5432/read",
                "CASEJOURNEY_DB_USER", "cj", "CASEJOURNEY_DB_PASSWORD", "secret",
                "CASEJOURNEY_KAFKA_BOOTSTRAP_SERVERS", "kafka:9092",
                "CASEJOURNEY_DATA_DIR", "data", "CASEJOURNEY_APPS_DIR", "/opt/apps",
                "CASEJOURNEY_JAVA_OPTS", " -Xmx512m  -XX:+UseSerialGC ",
                "CASEJOURNEY_COMMAND_PORT", "9000"), WORK);
        assertThat(config.needsEmbeddedPostgres()).isFalse();
        assertThat(config.kafkaBootstrapServers()).isEqualTo("kafka:9092");
        assertThat(config.dataDir()).isEqualTo(Path.of("/srv/work/data"));
        assertThat(config.appsDir()).isEqualTo(Path.of("/opt/apps"));
        assertThat(config.javaOptions()).containsExactly("-Xmx512m", "-XX:+UseSerialGC");
        assertThat(config.commandPort()).isEqualTo(9000);
        assertThat(config.dbUser()).isEqualTo("cj");
    }

    @Test
    void oneExternalDatabaseStillNeedsTheEmbeddedPostgresForTheOther() {
        assertThat(StandaloneConfig.fromEnvironment(Map.of("CASEJOURNEY_EVENTSTORE_URL", "jdbc:postgresql://db/e"), WORK)
                .needsEmbeddedPostgres()).isTrue();
    }

    @Test
    void extraCommandSideEnvironmentIsEmptyUnlessGivenAndSurvivesTheOtherChanges() {
        StandaloneConfig isolated = StandaloneConfig.isolated(WORK.resolve("bench"));
        assertThat(isolated.commandSideEnvironment()).isEmpty();
        StandaloneConfig peer = isolated.withCommandSideEnvironment(Map.of("CASEJOURNEY_INGESTION_AXONDEFAULTS", "true"))
                .withJavaOptions(List.of("-Xmx512m")).withAppLogsToFiles(true);
        assertThat(peer.commandSideEnvironment()).containsExactly(Map.entry("CASEJOURNEY_INGESTION_AXONDEFAULTS", "true"));
    }

    @Test
    void aPortThatIsNotANumberIsRefusedByName() {
        assertThatThrownBy(() -> StandaloneConfig.fromEnvironment(Map.of("CASEJOURNEY_QUERY_PORT", "http"), WORK))
                .hasMessageContaining("CASEJOURNEY_QUERY_PORT");
        assertThatThrownBy(() -> StandaloneConfig.fromEnvironment(Map.of("CASEJOURNEY_KAFKA_PORT", "70000"), WORK))
                .hasMessageContaining("CASEJOURNEY_KAFKA_PORT");
    }

    @Test
    void everySettingIsDocumentedInTheReadme() throws Exception {
        String readme = Files.readString(Path.of("README.md"));
        StandaloneConfig.SETTINGS.forEach(s -> assertThat(readme).contains(s.name()));
    }
}
