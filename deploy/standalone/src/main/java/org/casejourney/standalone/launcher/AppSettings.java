package org.casejourney.standalone.launcher;

import org.casejourney.infrastructure.supervisor.ChildJvm;

import java.net.URI;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What the launcher tells each app at start: port, database, broker and migration owner as Spring
 * properties on the command line; passwords and keys in the environment, so no process listing shows them. The
 * launcher's own variables ({@code CASEJOURNEY_DATA_DIR}, ...) are not passed on.
 */
record AppSettings(StandaloneConfig config, LocalKeys keys, String kafkaBootstrapServers, URI commandSideUrl, URI webAppUrl,
                   URI signInIssuer) {

    static final String COMMAND_SIDE = "command-side";
    static final String QUERY_SIDE = "query-side";
    /**
     * The query side's young generation a third of its heap, as its image sets it: G1 otherwise keeps it small to meet
     * its pause goal, and a catch-up's or rebuild's records in flight are then copied in a collection every second
     * (docs/performance.md, "A young generation of a third of the heap").
     */
    static final String QUERY_SIDE_YOUNG_GENERATION = "-XX:NewRatio=2";
    /**
     * The command side's objects that outlive two young collections (mostly the caches' entries of the people it has
     * written) moved to the old generation then, as its image sets it, instead of being copied between survivor spaces
     * up to fifteen times: its young pauses, which every request in flight waits out, were about a third as long
     * (docs/performance.md, "Nineteenth pass").
     */
    static final String COMMAND_SIDE_TENURING = "-XX:MaxTenuringThreshold=2";

    ChildJvm.Spec spec(String name, Path jar, int port, StandaloneSystem.Database database, Map<String, String> extraEnvironment) {
        Map<String, String> properties = new LinkedHashMap<>();
        properties.put("server.port", String.valueOf(port));
        properties.put("spring.datasource.url", database.url());
        properties.put("spring.datasource.username", database.user());
        if (database.owner() != null) {
            properties.put("spring.flyway.user", database.owner());
        }
        properties.put("spring.kafka.bootstrap-servers", kafkaBootstrapServers);
        Path logFile = config.appLogsToFiles() ? config.dataDir().resolve("logs").resolve(name + ".log") : null;
        Map<String, String> environment = new LinkedHashMap<>(keys.environment(name.equals(COMMAND_SIDE)));
        environment.put("SPRING_DATASOURCE_PASSWORD", database.password());
        if (database.owner() != null) {
            environment.put("SPRING_FLYWAY_PASSWORD", database.ownerPassword());
        }
        if (name.equals(COMMAND_SIDE)) {
            // the web application's auditor view reads the command side from the query side's page
            environment.put("CASEJOURNEY_SECURITY_CORSALLOWEDORIGINS", webAppUrl.toString());
            environment.putAll(config.commandSideEnvironment());
        } else {
            environment.put("CASEJOURNEY_WEB_OIDCISSUER", signInIssuer.toString());
            environment.put("CASEJOURNEY_WEB_LOCALSIGNIN", "true");
            environment.put("CASEJOURNEY_WEB_COMMANDSIDEURL", commandSideUrl.toString());
        }
        environment.putAll(extraEnvironment);
        // the launcher's own variables are not the apps' settings: CASEJOURNEY_EVENTSTORE_URL would be refused as one
        // as the images run them: an OutOfMemoryError ends the app, and the launcher says so and stops the system,
        // instead of a JVM that lives on with its Kafka listener stopped (docs/performance.md); given options come after
        List<String> javaOptions = new ArrayList<>();
        javaOptions.add("-XX:+ExitOnOutOfMemoryError");
        javaOptions.add(name.equals(QUERY_SIDE) ? QUERY_SIDE_YOUNG_GENERATION : COMMAND_SIDE_TENURING);
        javaOptions.addAll(config.javaOptions());
        return ChildJvm.Spec.app(name, jar, port, javaOptions, properties, environment, logFile)
                .withholding(StandaloneConfig.SETTINGS.stream().map(StandaloneConfig.Setting::name).toList());
    }
}
