package org.casejourney.packaging;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.apache.commons.compress.compressors.gzip.GzipCompressorInputStream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The apps' container images as Jib wrote them ({@code <app>/target/jib-image.tar}, an OCI image
 * layout, or a Docker archive when built with {@code -Djib.container.format=Docker}; deploy/images/README.md): the settings the Kubernetes manifests rely on (a non-root user, a
 * heap sized from the container's memory, temporary files on /tmp, the port) and Jib's layers built
 * from the module's classes and dependencies rather than the fat jar.
 *
 * <p>The images are built after the README's test command ({@code jib:buildTar}, see .ci/run), so
 * without the tarballs these tests are skipped, except under {@code CASEJOURNEY_IMAGE_TESTS=required},
 * where a missing tarball is a failure.
 */
class ImagesTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
    private static final Path REPOSITORY = Path.of("").toAbsolutePath().resolve("../..").normalize();
    private static final Map<String, Image> IMAGES = new ConcurrentHashMap<>();

    static Stream<Arguments> apps() {
        return Stream.of(
                Arguments.of("command-side", 8080, "org.casejourney.command.CommandSideApplication"),
                Arguments.of("query-side", 8081, "org.casejourney.query.QuerySideApplication"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("apps")
    void isNamedAfterTheAppAndTaggedWithTheProjectVersion(String app, int port, String mainClass) throws IOException {
        Image image = image(app);
        String reference = image.reference;
        String version = image.config.path("config").path("Labels").path("org.opencontainers.image.version").asText();
        assertThat(version).isNotBlank();
        assertThat(reference).isEqualTo("casejourney/" + app + ":" + version);
        assertThat(image.config.path("config").path("Labels").path("org.opencontainers.image.title").asText())
                .isEqualTo("casejourney-" + app);
        assertThat(image.config.path("os").asText()).isEqualTo("linux");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("apps")
    void runsAsANumericNonRootUser(String app, int port, String mainClass) throws IOException {
        String user = image(app).config.path("config").path("User").asText();
        // numeric, so Kubernetes' runAsNonRoot can check it without the image's /etc/passwd
        assertThat(user).matches("[0-9]+(:[0-9]+)?");
        assertThat(Integer.parseInt(user.split(":")[0])).isNotZero();
        assertThat(user.contains(":") ? Integer.parseInt(user.split(":")[1]) : 1).isNotZero();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("apps")
    void runsAsTheUserTheKubernetesManifestsRunItAs(String app, int port, String mainClass) throws IOException {
        String user = image(app).config.path("config").path("User").asText();
        Path deployment = REPOSITORY.resolve("deploy/kubernetes/base").resolve(app).resolve("deployment.yaml");
        Assumptions.assumeTrue(Files.isRegularFile(deployment), "no " + REPOSITORY.relativize(deployment));
        JsonNode pod = YAML.readTree(deployment.toFile()).path("spec").path("template").path("spec");
        JsonNode container = StreamSupport.stream(pod.path("containers").spliterator(), false)
                .filter(c -> c.path("name").asText().equals(app)).findFirst().orElseThrow();
        JsonNode runAsUser = container.path("securityContext").path("runAsUser").isMissingNode()
                ? pod.path("securityContext").path("runAsUser") : container.path("securityContext").path("runAsUser");
        JsonNode runAsGroup = container.path("securityContext").path("runAsGroup").isMissingNode()
                ? pod.path("securityContext").path("runAsGroup") : container.path("securityContext").path("runAsGroup");
        // the same uid in both, so files the image gives its user and the pod's user are one
        assertThat(user).isEqualTo(runAsUser.asText() + ":" + runAsGroup.asText());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("apps")
    void runsJavaWithTheHeapSizedFromTheContainerAndNoShell(String app, int port, String mainClass) throws IOException {
        JsonNode config = image(app).config.path("config");
        List<String> entrypoint = strings(config.path("Entrypoint"));
        assertThat(entrypoint).first().isEqualTo("java");
        assertThat(entrypoint).last().isEqualTo(mainClass);
        assertThat(entrypoint).contains("-XX:MaxRAMPercentage=75", "-XX:+ExitOnOutOfMemoryError", "-Djava.io.tmpdir=/tmp");
        assertThat(entrypoint).noneMatch(argument -> argument.startsWith("-Xmx") || argument.startsWith("-Xms"));
        assertThat(strings(config.path("Cmd"))).isEmpty();
        assertThat(config.path("WorkingDir").asText()).isEqualTo("/app");
        // the apps bind to loopback unless told otherwise, which in a container no one can reach
        assertThat(strings(config.path("Env"))).contains("SERVER_ADDRESS=0.0.0.0");
    }

    @Test
    void theQuerySideAloneRunsWithAYoungGenerationOfAThirdOfItsHeapAsTheLauncherStartsIt() throws IOException {
        // the same flag as the launcher's (AppSettingsTest); why: docs/performance.md, "A young generation of a third of the heap"
        assertThat(strings(image("query-side").config.path("config").path("Entrypoint"))).contains("-XX:NewRatio=2");
        assertThat(strings(image("command-side").config.path("config").path("Entrypoint")))
                .noneMatch(flag -> flag.startsWith("-XX:NewRatio"));
    }

    @Test
    void theCommandSideAlonePromotesWhatOutlivesTwoYoungCollectionsAsTheLauncherStartsIt() throws IOException {
        // the same flag as the launcher's (AppSettingsTest); why: docs/performance.md, "Nineteenth pass"
        List<String> command = strings(image("command-side").config.path("config").path("Entrypoint"));
        assertThat(command).contains("-XX:MaxTenuringThreshold=2");
        // after the shared flags, before the main class: a JVM option, not an argument of the app
        assertThat(command.indexOf("-XX:MaxTenuringThreshold=2")).isGreaterThan(command.indexOf("-XX:+ExitOnOutOfMemoryError"))
                .isLessThan(command.indexOf("org.casejourney.command.CommandSideApplication"));
        assertThat(strings(image("query-side").config.path("config").path("Entrypoint")))
                .noneMatch(flag -> flag.startsWith("-XX:MaxTenuringThreshold"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("apps")
    void exposesTheAppsPort(String app, int port, String mainClass) throws IOException {
        List<String> ports = new ArrayList<>();
        image(app).config.path("config").path("ExposedPorts").fieldNames().forEachRemaining(ports::add);
        assertThat(ports).containsExactly(port + "/tcp");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("apps")
    void layersDependenciesResourcesAndClassesNotTheFatJar(String app, int port, String mainClass) throws IOException {
        Image image = image(app);
        String mainClassFile = "app/classes/" + mainClass.replace('.', '/') + ".class";
        assertThat(image.layer("dependencies")).anyMatch(name -> name.matches("app/libs/spring-boot-[0-9.]+\\.jar"))
                .anyMatch(name -> name.matches("app/libs/postgresql-[0-9.]+\\.jar"))
                .allMatch(name -> name.startsWith("app/libs/"));
        assertThat(image.layer("project dependencies")).anyMatch(name -> name.matches("app/libs/casejourney-shared-events-.+\\.jar"));
        assertThat(image.layer("resources")).contains("app/resources/application.yml");
        assertThat(image.layer("classes")).contains(mainClassFile);
        assertThat(image.layer("jvm arg files")).contains("app/jib-classpath-file", "app/jib-main-class-file");
        assertThat(image.allFiles()).noneMatch(name -> name.startsWith("app/") && name.endsWith("-exec.jar"))
                .noneMatch(name -> name.startsWith("app/") && name.contains("BOOT-INF"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("apps")
    void theAppsFilesAreReadableByItsUserAndNotWritable(String app, int port, String mainClass) throws IOException {
        // Jib writes them owned by root; the app's user reads them, and the root file system is read-only anyway
        assertThat(image(app).appModes).isNotEmpty().allSatisfy((name, mode) -> {
            assertThat(mode & 0004).as("%s readable by others", name).isNotZero();
            assertThat(mode & 0002).as("%s not writable by others", name).isZero();
        });
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("apps")
    void theBaseHoldsAJava17RuntimeAndNothingSetUserId(String app, int port, String mainClass) throws IOException {
        Image image = image(app);
        assertThat(image.allFiles()).anyMatch(name -> name.matches(".*/(jvm/[^/]+|openjdk|java)/bin/java"));
        if (image.config.path("config").path("Labels").has("org.casejourney.base.java")) {
            // deploy/images/build-base.sh's base: the runtime is Debian's OpenJDK 17, and nothing gains privileges
            assertThat(image.config.path("config").path("Labels").path("org.casejourney.base.java").asText()).contains("version \"17.");
            assertThat(image.privileged).isEmpty();
        }
    }

    private static List<String> strings(JsonNode array) {
        return StreamSupport.stream(array.spliterator(), false).map(JsonNode::asText).toList();
    }

    private static Image image(String app) throws IOException {
        Path tarball = REPOSITORY.resolve(app).resolve("target/jib-image.tar");
        if (!Files.isRegularFile(tarball)) {
            String missing = "No image tarball at " + REPOSITORY.relativize(tarball)
                    + " (./mvnw package jib:buildTar -pl command-side,query-side -am -DskipTests; deploy/images/README.md)";
            if ("required".equals(System.getenv("CASEJOURNEY_IMAGE_TESTS"))) {
                throw new IllegalStateException(missing + ", and CASEJOURNEY_IMAGE_TESTS=required");
            }
            Assumptions.abort(missing + ": the image tests are skipped");
        }
        try {
            return IMAGES.computeIfAbsent(app, name -> {
                try {
                    return Image.read(tarball);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
    }

    /** What the tests need of one image: its name, config, each layer's file names by Jib's history comment. */
    private record Image(String reference, JsonNode config, Map<String, List<String>> layers, Map<String, Integer> appModes,
            List<String> privileged) {

        List<String> layer(String comment) {
            assertThat(layers).as("layers by history comment").containsKey(comment);
            return layers.get(comment);
        }

        List<String> allFiles() {
            return layers.values().stream().flatMap(List::stream).toList();
        }

        static Image read(Path tarball) throws IOException {
            Map<String, byte[]> small = new HashMap<>();
            forEachEntry(tarball, (entry, in) -> {
                if (entry.getSize() < 1_000_000) {
                    small.put(entry.getName(), in.readAllBytes());
                }
            });
            // Jib's OCI layout (the poms' format), or Docker's archive (-Djib.container.format=Docker)
            String reference;
            JsonNode config;
            List<String> layerFiles = new ArrayList<>();
            if (small.containsKey("index.json")) {
                JsonNode index = JSON.readTree(small.get("index.json"));
                reference = index.path("manifests").path(0).path("annotations").path("org.opencontainers.image.ref.name").asText();
                JsonNode manifest = JSON.readTree(small.get(blob(index.path("manifests").path(0).path("digest").asText())));
                config = JSON.readTree(small.get(blob(manifest.path("config").path("digest").asText())));
                manifest.path("layers").forEach(layer -> layerFiles.add(blob(layer.path("digest").asText())));
            } else {
                JsonNode manifest = JSON.readTree(small.get("manifest.json")).path(0);
                reference = manifest.path("RepoTags").path(0).asText();
                config = JSON.readTree(small.get(manifest.path("Config").asText()));
                manifest.path("Layers").forEach(layer -> layerFiles.add(layer.asText()));
            }

            // layers and the history entries that made them (those not marked empty_layer) line up one to one
            List<String> comments = new ArrayList<>();
            for (JsonNode step : config.path("history")) {
                if (!step.path("empty_layer").asBoolean(false)) {
                    comments.add(step.path("comment").asText(step.path("created_by").asText()));
                }
            }
            Map<String, String> commentByBlob = new HashMap<>();
            assertThat(comments).as("history entries of non-empty layers").hasSize(layerFiles.size());
            for (int i = 0; i < layerFiles.size(); i++) {
                commentByBlob.put(layerFiles.get(i), comments.get(i));
            }

            Map<String, List<String>> layers = new LinkedHashMap<>();
            Map<String, Integer> appModes = new HashMap<>();
            List<String> privileged = new ArrayList<>();
            forEachEntry(tarball, (entry, in) -> {
                String comment = commentByBlob.get(entry.getName());
                if (comment == null) {
                    return;
                }
                List<String> files = new ArrayList<>();
                try (TarArchiveInputStream layer = new TarArchiveInputStream(new GzipCompressorInputStream(in))) {
                    for (TarArchiveEntry file = layer.getNextEntry(); file != null; file = layer.getNextEntry()) {
                        String name = file.getName().startsWith("./") ? file.getName().substring(2) : file.getName();
                        if (file.isDirectory()) {
                            continue;
                        }
                        files.add(name);
                        if (name.startsWith("app/")) {
                            appModes.put(name, file.getMode());
                        }
                        if (file.isFile() && (file.getMode() & 06000) != 0) {
                            privileged.add(name);
                        }
                    }
                }
                layers.merge(comment, files, (a, b) -> Stream.concat(a.stream(), b.stream()).toList());
            });
            return new Image(reference, config, layers, appModes, privileged);
        }

        private static String blob(String digest) {
            return "blobs/" + digest.replace(':', '/');
        }

        private interface EntryReader {
            void read(TarArchiveEntry entry, InputStream content) throws IOException;
        }

        private static void forEachEntry(Path tarball, EntryReader reader) throws IOException {
            try (TarArchiveInputStream tar = new TarArchiveInputStream(new BufferedInputStream(Files.newInputStream(tarball)))) {
                for (TarArchiveEntry entry = tar.getNextEntry(); entry != null; entry = tar.getNextEntry()) {
                    if (entry.isFile()) {
                        reader.read(entry, nonClosing(tar));
                    }
                }
            }
        }

        private static InputStream nonClosing(InputStream in) {
            return new java.io.FilterInputStream(in) {
                @Override
                public void close() {
                    // the outer tarball's stream stays open for its next entry
                }
            };
        }
    }
}
