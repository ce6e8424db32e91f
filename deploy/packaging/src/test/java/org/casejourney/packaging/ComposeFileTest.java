package org.casejourney.packaging;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * deploy/compose/compose.yaml: valid against the Compose Specification's JSON Schema (the copy in
 * docs/standards), every file it mounts present in the repository, and both apps given every setting
 * they cannot start without, by environment or by the config tree the "keys" service writes.
 */
class ComposeFileTest {

    private static final Path COMPOSE_DIR = Repository.path("deploy/compose");
    private static final Path COMPOSE = COMPOSE_DIR.resolve("compose.yaml");
    /** Files another change brings (issue 14's dashboards and alert rules); until then their mounts are not checked. */
    private static final Set<String> PENDING = Set.of("deploy/observability/grafana/casejourney.json",
            "deploy/observability/prometheus/alerts.yml");

    private static JsonNode compose() {
        List<JsonNode> documents = Repository.documents(Repository.read(COMPOSE));
        assertThat(documents).hasSize(1);
        return documents.get(0);
    }

    private static JsonSchema schema() throws Exception {
        ObjectNode schema = (ObjectNode) new ObjectMapper().readTree(Repository.path("docs/standards/compose-spec.json").toFile());
        // "https://json-schema.org/draft-07/schema" is not the IRI the validator knows draft-07 by; the
        // factory is draft-07 already, so the declaration is dropped instead of fetched
        assertThat(schema.remove("$schema").asText()).contains("draft-07");
        // its $id, "compose_spec.json", is relative: resolve it against the file's own location
        return JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V7)
                .getSchema(Repository.path("docs/standards/compose-spec.json").toUri(), schema);
    }

    @Test
    void theComposeFileIsValidAgainstTheComposeSpecification() throws Exception {
        Set<ValidationMessage> problems = schema().validate(compose());
        assertThat(problems).isEmpty();
    }

    @Test
    void theSchemaCatchesAMisspelledKey() throws Exception {
        ObjectNode broken = compose().deepCopy();
        ObjectNode kafka = (ObjectNode) broken.path("services").path("kafka");
        kafka.set("imagee", kafka.remove("image"));
        ((ObjectNode) broken.path("services").path("postgres")).put("restart", 3);
        Set<ValidationMessage> problems = schema().validate(broken);
        assertThat(problems).extracting(ValidationMessage::getMessage)
                .anySatisfy(m -> assertThat(m).contains("imagee"))
                .anySatisfy(m -> assertThat(m).contains("restart"));
    }

    @Test
    void everyFileComposeMountsIsInTheRepository() {
        List<String> missing = new ArrayList<>();
        Set<String> pending = new TreeSet<>();
        int mounts = 0;
        for (Map.Entry<String, JsonNode> service : fields(compose().path("services"))) {
            for (JsonNode volume : service.getValue().path("volumes")) {
                String source = volume.isTextual() ? volume.asText().split(":")[0] : volume.path("source").asText();
                if (!(source.startsWith(".") || source.startsWith("/"))) {
                    continue; // a named volume
                }
                mounts++;
                Path file = COMPOSE_DIR.resolve(source).normalize();
                String relative = Repository.root().relativize(file).toString();
                assertThat(file.startsWith(Repository.root())).as("%s mounts %s, outside the repository", service.getKey(), source).isTrue();
                if (!Files.exists(file)) {
                    if (PENDING.contains(relative)) {
                        pending.add(relative);
                    } else {
                        missing.add(service.getKey() + ": " + source);
                    }
                }
            }
        }
        assertThat(mounts).isEqualTo(6);
        assertThat(missing).isEmpty();
        assumeTrue(pending.isEmpty(), "not there yet, brought by another change: " + pending);
    }

    @Test
    void theAppsGetEverySettingTheyRequire() {
        JsonNode services = compose().path("services");
        // the properties keys.sh writes, one file each, per app directory of the config tree
        String keys = Repository.read(COMPOSE_DIR.resolve("keys.sh"));
        Map<String, RequiredSettings> apps = Map.of("command-side", RequiredSettings.COMMAND_SIDE, "query-side", RequiredSettings.QUERY_SIDE);
        String init = Repository.read(COMPOSE_DIR.resolve("postgres-init/10-casejourney.sh"));
        apps.forEach((app, required) -> {
            JsonNode environment = services.path(app).path("environment");
            Set<String> given = new HashSet<>();
            fields(environment).forEach(e -> given.add(e.getKey()));
            String tree = environment.path("SPRING_CONFIG_IMPORT").asText();
            Matcher dir = Pattern.compile("^configtree:/run/casejourney/([a-z]+)/$").matcher(tree);
            assertThat(dir.matches()).as("%s reads its secrets from the keys volume's config tree: %s", app, tree).isTrue();
            Matcher written = Pattern.compile("put \"\\$DIR/" + dir.group(1) + "/([a-z.-]+)\"").matcher(keys);
            while (written.find()) {
                given.add(written.group(1));
            }
            assertThat(services.path(app).path("volumes").toString()).contains("keys:/run/casejourney:ro");
            assertThat(required.missing(given)).as(app).isEmpty();
            assertThat(environment.path("SERVER_ADDRESS").asText()).isEqualTo("0.0.0.0");
            // the roles and the database it connects to are the ones the init script creates
            for (String role : List.of(environment.path("SPRING_DATASOURCE_USERNAME").asText(), environment.path("SPRING_FLYWAY_USER").asText())) {
                assertThat(init).contains("create role " + role + " login");
            }
            String database = environment.path("SPRING_DATASOURCE_URL").asText().replaceAll(".*/", "");
            assertThat(init).contains("create database " + database + " owner " + environment.path("SPRING_FLYWAY_USER").asText());
            assertThat(environment.path("SPRING_KAFKA_BOOTSTRAP_SERVERS").asText()).isEqualTo("kafka:9092");
        });
        assertThat(init).contains("grant casejourney_query to casejourney_owner");
        // and the issuer the apps trust is the one keys.sh signs tokens as
        Matcher issuer = Pattern.compile("ISSUER=(\\S+)").matcher(keys);
        assertThat(issuer.find()).isTrue();
        apps.keySet().forEach(app -> assertThat(services.path(app).path("environment").path("CASEJOURNEY_SECURITY_JWT_ISSUER").asText())
                .isEqualTo(issuer.group(1)));
    }

    @Test
    void theImagesArePinnedAndTheAppsAreTheOnesJibBuilds() {
        for (Map.Entry<String, JsonNode> service : fields(compose().path("services"))) {
            String image = service.getValue().path("image").asText();
            assertThat(image).as(service.getKey()).contains(":");
            if (service.getKey().endsWith("-side")) {
                assertThat(image).startsWith("casejourney/" + service.getKey() + ":");
            } else {
                assertThat(image).as("%s is pinned", service.getKey()).doesNotEndWith(":latest");
            }
        }
        assertThat(compose().at("/services/postgres/image").asText()).isEqualTo("postgres:18");
        assertThat(compose().at("/services/kafka/image").asText()).startsWith("apache/kafka:4.");
    }

    private static List<Map.Entry<String, JsonNode>> fields(JsonNode node) {
        List<Map.Entry<String, JsonNode>> out = new ArrayList<>();
        node.fields().forEachRemaining(out::add);
        return out;
    }
}
