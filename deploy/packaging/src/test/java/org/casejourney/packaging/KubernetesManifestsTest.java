package org.casejourney.packaging;

import com.fasterxml.jackson.databind.JsonNode;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.EnvFromSource;
import io.fabric8.kubernetes.api.model.HTTPGetAction;
import io.fabric8.kubernetes.api.model.KubernetesResource;
import io.fabric8.kubernetes.api.model.LabelSelector;
import io.fabric8.kubernetes.api.model.LabelSelectorRequirement;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.api.model.Probe;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretKeySelector;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscaler;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Every YAML document under deploy/kubernetes (base, overlay, component, their patches and
 * kustomization files) read into a typed model that refuses unknown fields, and the checks a reviewer
 * makes on it: probes, resources and a locked-down security context on every workload, every reference
 * of a kustomization present, selectors that select, Secrets referenced and documented but never
 * defined, and the migration Jobs running exactly the apps' scripts.
 */
class KubernetesManifestsTest {

    private static final Path KUBERNETES = Repository.path("deploy/kubernetes");
    private static final Path BASE = KUBERNETES.resolve("base");
    private static final Path PRODUCTION = KUBERNETES.resolve("overlays/production");
    /** Kinds with no model in fabric8's core (CRDs): allowed only in optional components, checked by hand. */
    private static final Set<String> CUSTOM_KINDS = Set.of("monitoring.coreos.com/v1/ServiceMonitor");

    record Manifest(Path file, JsonNode node, Object model) {
        String kind() {
            return node.path("kind").asText();
        }

        String name() {
            return node.path("metadata").path("name").asText();
        }
    }

    // ---------------------------------------------------------------- reading

    private static List<Path> yamlFiles() throws IOException {
        try (Stream<Path> files = Files.walk(KUBERNETES)) {
            return files.filter(f -> f.toString().endsWith(".yaml") || f.toString().endsWith(".yml")).sorted().toList();
        }
    }

    private static List<Manifest> read(Path file) {
        List<Manifest> manifests = new ArrayList<>();
        String where = KUBERNETES.relativize(file).toString();
        for (JsonNode document : Repository.documents(Repository.read(file))) {
            String kind = document.path("kind").asText();
            Object model;
            if (kind.equals("Kustomization") || kind.equals("Component")) {
                model = kustomization(document, where);
            } else if (CUSTOM_KINDS.contains(document.path("apiVersion").asText() + "/" + kind)) {
                assertThat(where).as("a custom resource outside an optional component").contains("components/");
                model = document;
            } else {
                model = StrictKubernetes.read(document, where);
            }
            manifests.add(new Manifest(file, document, model));
        }
        return manifests;
    }

    private static Kustomization kustomization(JsonNode document, String where) {
        try {
            return Repository.YAML.treeToValue(document, Kustomization.class);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalArgumentException(where + ": " + e.getOriginalMessage(), e);
        }
    }

    private static List<Manifest> all() throws IOException {
        List<Manifest> all = new ArrayList<>();
        for (Path file : yamlFiles()) {
            all.addAll(read(file));
        }
        return all;
    }

    /** The documents a kustomization directory lists as resources (its own files, not its patches). */
    private static List<Manifest> resourcesOf(Path dir) {
        Kustomization k = (Kustomization) read(dir.resolve("kustomization.yaml")).get(0).model();
        List<Manifest> out = new ArrayList<>();
        for (String resource : k.resourcesOrEmpty()) {
            Path target = dir.resolve(resource).normalize();
            if (Files.isDirectory(target)) {
                out.addAll(resourcesOf(target));
            } else {
                out.addAll(read(target));
            }
        }
        return out;
    }

    private static <T> List<T> ofType(List<Manifest> manifests, Class<T> type) {
        return manifests.stream().map(Manifest::model).filter(type::isInstance).map(type::cast).toList();
    }

    // ---------------------------------------------------------------- the typed model and its strictness

    @Test
    void everyDocumentParsesIntoTheTypedModelWithNoUnknownField() throws IOException {
        List<Path> files = yamlFiles();
        assertThat(files).hasSizeGreaterThan(15);
        List<String> failures = new ArrayList<>();
        int documents = 0;
        for (Path file : files) {
            try {
                documents += read(file).size();
            } catch (RuntimeException e) {
                failures.add(e.getMessage());
            }
        }
        assertThat(failures).isEmpty();
        assertThat(documents).isGreaterThanOrEqualTo(files.size());
    }

    @Test
    void aTypoInAFieldNameFailsTheCheck() {
        String deployment = """
                apiVersion: apps/v1
                kind: Deployment
                metadata:
                  name: typo
                spec:
                  replica: 2
                  selector:
                    matchLabels:
                      app: typo
                  template:
                    metadata:
                      labels:
                        app: typo
                    spec:
                      containers:
                        - name: app
                          image: casejourney/command-side
                          readinessProbes:
                            httpGet:
                              path: /actuator/health/readiness
                              port: 8080
                """;
        JsonNode document = Repository.documents(deployment).get(0);
        assertThatThrownBy(() -> StrictKubernetes.read(document, "typo.yaml"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("spec.replica")
                .hasMessageContaining("spec.template.spec.containers[0].readinessProbes");
        // the same document, spelled right, passes
        JsonNode fixed = Repository.documents(deployment.replace("replica:", "replicas:").replace("readinessProbes:", "readinessProbe:")).get(0);
        assertThat(StrictKubernetes.read(fixed, "fixed.yaml")).isInstanceOf(Deployment.class);
    }

    @Test
    void aTypoInAKustomizationOrAnUnknownKindOrADuplicateKeyFailsToo() {
        JsonNode kustomization = Repository.documents("""
                apiVersion: kustomize.config.k8s.io/v1beta1
                kind: Kustomization
                resource:
                  - deployment.yaml
                """).get(0);
        assertThatThrownBy(() -> kustomization(kustomization, "kustomization.yaml"))
                .hasMessageContaining("resource");
        JsonNode unknownKind = Repository.documents("""
                apiVersion: apps/v1
                kind: Deploymnet
                metadata:
                  name: x
                """).get(0);
        assertThatThrownBy(() -> StrictKubernetes.read(unknownKind, "x.yaml")).hasMessageContaining("apps/v1/Deploymnet");
        assertThatThrownBy(() -> Repository.documents("""
                kind: ConfigMap
                kind: Secret
                """)).hasMessageContaining("Duplicate field 'kind'");
    }

    // ---------------------------------------------------------------- kustomizations

    @Test
    void everyKustomizationReferenceExists() throws IOException {
        List<Manifest> kustomizations = all().stream().filter(m -> m.model() instanceof Kustomization).toList();
        assertThat(kustomizations).extracting(m -> KUBERNETES.relativize(m.file()).toString())
                .contains("base/kustomization.yaml", "overlays/production/kustomization.yaml",
                        "components/service-monitor/kustomization.yaml");
        List<String> missing = new ArrayList<>();
        for (Manifest m : kustomizations) {
            Kustomization k = (Kustomization) m.model();
            Path dir = m.file().getParent();
            for (String resource : k.resourcesOrEmpty()) {
                Path target = dir.resolve(resource).normalize();
                if (!(Files.isRegularFile(target) || Files.isRegularFile(target.resolve("kustomization.yaml")))) {
                    missing.add(m.file() + ": resource " + resource);
                }
            }
            for (String component : k.componentsOrEmpty()) {
                if (!Files.isRegularFile(dir.resolve(component).resolve("kustomization.yaml"))) {
                    missing.add(m.file() + ": component " + component);
                }
            }
            for (Kustomization.Patch patch : k.patchesOrEmpty()) {
                if (patch.path() != null && !Files.isRegularFile(dir.resolve(patch.path()))) {
                    missing.add(m.file() + ": patch " + patch.path());
                }
            }
            for (Kustomization.Generator generator : k.generatorsOrEmpty()) {
                for (String file : generator.files() == null ? List.<String>of() : generator.files()) {
                    if (!Files.isRegularFile(dir.resolve(file))) {
                        missing.add(m.file() + ": generator file " + file);
                    }
                }
            }
        }
        assertThat(missing).isEmpty();
    }

    @Test
    void everyOverlayPatchNamesAResourceOfTheBase() {
        Set<String> base = resourcesOf(BASE).stream().map(m -> m.kind() + "/" + m.name()).collect(Collectors.toSet());
        Kustomization production = (Kustomization) read(PRODUCTION.resolve("kustomization.yaml")).get(0).model();
        assertThat(production.patchesOrEmpty()).isNotEmpty();
        for (Kustomization.Patch patch : production.patchesOrEmpty()) {
            for (Manifest m : read(PRODUCTION.resolve(patch.path()))) {
                assertThat(base).as("the patch %s", patch.path()).contains(m.kind() + "/" + m.name());
            }
        }
    }

    // ---------------------------------------------------------------- workloads

    private static Map<String, PodTemplateSpec> workloads(List<Manifest> manifests) {
        Map<String, PodTemplateSpec> pods = new LinkedHashMap<>();
        ofType(manifests, Deployment.class).forEach(d -> pods.put("Deployment/" + d.getMetadata().getName(), d.getSpec().getTemplate()));
        ofType(manifests, Job.class).forEach(j -> pods.put("Job/" + j.getMetadata().getName(), j.getSpec().getTemplate()));
        return pods;
    }

    @Test
    void everyWorkloadRunsAsNonRootOnAReadOnlyRootWithNoPrivilegeAndHasResources() {
        Map<String, PodTemplateSpec> pods = workloads(resourcesOf(BASE));
        assertThat(pods.keySet()).containsExactlyInAnyOrder("Deployment/casejourney-command-side", "Deployment/casejourney-query-side",
                "Job/casejourney-command-side-migration", "Job/casejourney-query-side-migration");
        pods.forEach((name, template) -> {
            PodSpec pod = template.getSpec();
            assertThat(pod.getAutomountServiceAccountToken()).as("%s automountServiceAccountToken", name).isFalse();
            assertThat(pod.getSecurityContext().getRunAsNonRoot()).as("%s runAsNonRoot", name).isTrue();
            assertThat(pod.getSecurityContext().getSeccompProfile().getType()).as("%s seccomp", name).isEqualTo("RuntimeDefault");
            for (Container c : pod.getContainers()) {
                String what = name + " container " + c.getName();
                var security = c.getSecurityContext();
                assertThat(security).as(what).isNotNull();
                assertThat(security.getRunAsNonRoot()).as("%s runAsNonRoot", what).isTrue();
                assertThat(security.getReadOnlyRootFilesystem()).as("%s readOnlyRootFilesystem", what).isTrue();
                assertThat(security.getAllowPrivilegeEscalation()).as("%s allowPrivilegeEscalation", what).isFalse();
                assertThat(security.getCapabilities().getDrop()).as("%s drops", what).containsExactly("ALL");
                assertThat(security.getPrivileged()).as("%s privileged", what).isNotEqualTo(Boolean.TRUE);
                for (String kind : List.of("requests", "limits")) {
                    Map<String, Quantity> amounts = kind.equals("requests") ? c.getResources().getRequests() : c.getResources().getLimits();
                    assertThat(amounts).as("%s %s", what, kind).containsKeys("cpu", "memory");
                }
                // the read-only root needs a writable /tmp, from an emptyDir
                var tmp = c.getVolumeMounts().stream().filter(v -> v.getMountPath().equals("/tmp")).findFirst();
                assertThat(tmp).as("%s /tmp", what).isPresent();
                Volume volume = pod.getVolumes().stream().filter(v -> v.getName().equals(tmp.get().getName())).findFirst().orElseThrow();
                assertThat(volume.getEmptyDir()).as("%s /tmp is an emptyDir", what).isNotNull();
            }
        });
    }

    @Test
    void everyDeploymentProbesTheActuatorsHealthGroups() {
        for (Deployment d : ofType(resourcesOf(BASE), Deployment.class)) {
            for (Container c : d.getSpec().getTemplate().getSpec().getContainers()) {
                String what = d.getMetadata().getName() + "/" + c.getName();
                Set<String> ports = c.getPorts().stream().map(p -> p.getName()).collect(Collectors.toSet());
                assertThat(path(c.getLivenessProbe(), ports, what)).isEqualTo("/actuator/health/liveness");
                assertThat(path(c.getReadinessProbe(), ports, what)).isEqualTo("/actuator/health/readiness");
                assertThat(path(c.getStartupProbe(), ports, what)).isEqualTo("/actuator/health/liveness");
                // the startup probe gives the app time; liveness then takes over
                Probe startup = c.getStartupProbe();
                assertThat(startup.getFailureThreshold() * startup.getPeriodSeconds()).as("%s start-up allowance", what).isGreaterThanOrEqualTo(60);
            }
        }
    }

    private static String path(Probe probe, Set<String> ports, String what) {
        assertThat(probe).as("%s probe", what).isNotNull();
        HTTPGetAction get = probe.getHttpGet();
        assertThat(get).as("%s probe is an HTTP GET", what).isNotNull();
        assertThat(ports).as("%s probe port", what).contains(get.getPort().getStrVal());
        return get.getPath();
    }

    @Test
    void theCommandSideRunsTwiceOrMoreAndTheQuerySideNoMoreThanThePartitions() {
        int partitions = Integer.parseInt(configMap(resourcesOf(BASE), "casejourney-infrastructure").getData().get("topic-partitions"));
        for (Path dir : List.of(BASE, PRODUCTION)) {
            List<Manifest> manifests = new ArrayList<>(resourcesOf(dir));
            if (dir.equals(PRODUCTION)) {
                Kustomization k = (Kustomization) read(dir.resolve("kustomization.yaml")).get(0).model();
                k.patchesOrEmpty().forEach(p -> manifests.addAll(read(dir.resolve(p.path()))));
                String overlayPartitions = configMap(read(dir.resolve("infrastructure.yaml")), "casejourney-infrastructure").getData().get("topic-partitions");
                partitions = Integer.parseInt(overlayPartitions);
            }
            for (Deployment d : ofType(manifests, Deployment.class)) {
                Integer replicas = d.getSpec().getReplicas();
                if (replicas == null) {
                    continue;
                }
                if (d.getMetadata().getName().equals("casejourney-command-side")) {
                    assertThat(replicas).as("command side replicas in %s", dir).isGreaterThanOrEqualTo(2);
                } else {
                    assertThat(replicas).as("query side replicas in %s", dir).isBetween(2, partitions);
                }
            }
            for (HorizontalPodAutoscaler hpa : ofType(manifests, HorizontalPodAutoscaler.class)) {
                assertThat(hpa.getSpec().getScaleTargetRef().getName()).isEqualTo("casejourney-query-side");
                assertThat(hpa.getSpec().getMaxReplicas()).as("the autoscaler stops at the partitions").isLessThanOrEqualTo(partitions);
                assertThat(hpa.getSpec().getMinReplicas()).isGreaterThanOrEqualTo(2);
            }
        }
    }

    @Test
    void theAppsGetEverySettingTheyRequire() {
        List<Manifest> base = resourcesOf(BASE);
        Map<String, RequiredSettings> apps = Map.of("casejourney-command-side", RequiredSettings.COMMAND_SIDE,
                "casejourney-query-side", RequiredSettings.QUERY_SIDE);
        for (Deployment d : ofType(base, Deployment.class)) {
            Container c = d.getSpec().getTemplate().getSpec().getContainers().get(0);
            Set<String> given = new HashSet<>();
            for (EnvVar env : c.getEnv()) {
                var from = env.getValueFrom();
                boolean optional = from != null && ((from.getSecretKeyRef() != null && Boolean.TRUE.equals(from.getSecretKeyRef().getOptional()))
                        || (from.getConfigMapKeyRef() != null && Boolean.TRUE.equals(from.getConfigMapKeyRef().getOptional())));
                if (!optional) {
                    given.add(env.getName());
                }
                // a required ConfigMap key exists in the base's ConfigMap
                if (from != null && from.getConfigMapKeyRef() != null && !optional) {
                    assertThat(configMap(base, from.getConfigMapKeyRef().getName()).getData())
                            .as("%s: %s", d.getMetadata().getName(), env.getName()).containsKey(from.getConfigMapKeyRef().getKey());
                }
            }
            for (EnvFromSource from : c.getEnvFrom()) {
                given.addAll(configMap(base, from.getConfigMapRef().getName()).getData().keySet());
            }
            assertThat(apps.get(d.getMetadata().getName()).missing(given)).as(d.getMetadata().getName()).isEmpty();
        }
    }

    private static ConfigMap configMap(List<Manifest> manifests, String name) {
        return ofType(manifests, ConfigMap.class).stream().filter(c -> c.getMetadata().getName().equals(name)).findFirst()
                .orElseThrow(() -> new AssertionError("no ConfigMap " + name));
    }

    // ---------------------------------------------------------------- selectors

    private static boolean selects(LabelSelector selector, Map<String, String> labels) {
        if (selector == null) {
            return false;
        }
        if (selector.getMatchLabels() != null) {
            for (var e : selector.getMatchLabels().entrySet()) {
                if (!e.getValue().equals(labels.get(e.getKey()))) {
                    return false;
                }
            }
        }
        if (selector.getMatchExpressions() != null) {
            for (LabelSelectorRequirement r : selector.getMatchExpressions()) {
                String value = labels.get(r.getKey());
                boolean ok = switch (r.getOperator()) {
                    case "In" -> value != null && r.getValues().contains(value);
                    case "NotIn" -> value == null || !r.getValues().contains(value);
                    case "Exists" -> value != null;
                    case "DoesNotExist" -> value == null;
                    default -> throw new AssertionError("operator " + r.getOperator());
                };
                if (!ok) {
                    return false;
                }
            }
        }
        return true;
    }

    @Test
    void deploymentsServicesAndDisruptionBudgetsSelectTheSamePods() {
        List<Manifest> base = resourcesOf(BASE);
        List<Deployment> deployments = ofType(base, Deployment.class);
        for (Deployment d : deployments) {
            Map<String, String> labels = d.getSpec().getTemplate().getMetadata().getLabels();
            assertThat(selects(d.getSpec().getSelector(), labels)).as("%s selects its own pods", d.getMetadata().getName()).isTrue();
            List<PodDisruptionBudget> budgets = ofType(base, PodDisruptionBudget.class).stream()
                    .filter(p -> selects(p.getSpec().getSelector(), labels)).toList();
            assertThat(budgets).as("the disruption budget of %s", d.getMetadata().getName()).hasSize(1);
            List<Service> services = ofType(base, Service.class).stream()
                    .filter(s -> selects(new LabelSelector(null, s.getSpec().getSelector()), labels)).toList();
            assertThat(services).as("the Service of %s", d.getMetadata().getName()).hasSize(1);
            Set<String> ports = d.getSpec().getTemplate().getSpec().getContainers().get(0).getPorts().stream()
                    .map(p -> p.getName()).collect(Collectors.toSet());
            services.get(0).getSpec().getPorts().forEach(p -> assertThat(ports).contains(p.getTargetPort().getStrVal()));
        }
        // and no budget or Service selects pods of another app
        for (PodDisruptionBudget p : ofType(base, PodDisruptionBudget.class)) {
            assertThat(deployments.stream().filter(d -> selects(p.getSpec().getSelector(), d.getSpec().getTemplate().getMetadata().getLabels()))).hasSize(1);
        }
    }

    @Test
    void networkPoliciesDenyByDefaultAndLetOnlyTheAppsReachTheDatastores() {
        List<Manifest> base = resourcesOf(BASE);
        Map<String, Map<String, String>> pods = new LinkedHashMap<>();
        workloads(base).forEach((name, template) -> pods.put(name, template.getMetadata().getLabels()));
        Map<String, NetworkPolicy> policies = ofType(base, NetworkPolicy.class).stream()
                .collect(Collectors.toMap(p -> p.getMetadata().getName(), p -> p));

        NetworkPolicy deny = policies.get("casejourney-default-deny");
        assertThat(deny.getSpec().getPodSelector().getMatchLabels()).isNullOrEmpty();
        assertThat(deny.getSpec().getPodSelector().getMatchExpressions()).isNullOrEmpty();
        assertThat(deny.getSpec().getPolicyTypes()).containsExactlyInAnyOrder("Ingress", "Egress");
        assertThat(deny.getSpec().getIngress()).isNullOrEmpty();
        assertThat(deny.getSpec().getEgress()).isNullOrEmpty();

        // every other policy selects some workload
        for (NetworkPolicy p : policies.values()) {
            if (p != deny) {
                assertThat(pods.values().stream().anyMatch(l -> selects(p.getSpec().getPodSelector(), l)))
                        .as("%s selects a workload", p.getMetadata().getName()).isTrue();
            }
        }
        // who may open connections to PostgreSQL (5432) and Kafka (9092)
        assertThat(egressTo(policies.values(), pods, 5432)).containsExactlyInAnyOrder("Deployment/casejourney-command-side",
                "Deployment/casejourney-query-side", "Job/casejourney-command-side-migration", "Job/casejourney-query-side-migration");
        assertThat(egressTo(policies.values(), pods, 9092)).containsExactlyInAnyOrder("Deployment/casejourney-command-side",
                "Deployment/casejourney-query-side");
        // who may be reached: the apps, on their own ports only; nothing reaches the Jobs
        assertThat(ingressTo(policies.values(), pods)).containsExactlyInAnyOrder("Deployment/casejourney-command-side:8080",
                "Deployment/casejourney-query-side:8081");

        // the production overlay narrows the datastores' egress to given networks
        for (String patch : List.of("apps-egress.yaml", "migration-egress.yaml")) {
            NetworkPolicy p = (NetworkPolicy) read(PRODUCTION.resolve(patch)).get(0).model();
            assertThat(policies).containsKey(p.getMetadata().getName());
            p.getSpec().getEgress().forEach(rule -> assertThat(rule.getTo()).as("%s: every rule names its destination", patch).isNotEmpty());
        }
    }

    private static Set<String> egressTo(Collection<NetworkPolicy> policies, Map<String, Map<String, String>> pods, int port) {
        Set<String> who = new TreeSet<>();
        for (NetworkPolicy p : policies) {
            if (p.getSpec().getEgress() == null) {
                continue;
            }
            boolean opens = p.getSpec().getEgress().stream().anyMatch(rule -> rule.getPorts() != null
                    && rule.getPorts().stream().anyMatch(np -> np.getPort() != null && Objects.equals(np.getPort().getIntVal(), port)));
            if (opens) {
                pods.forEach((name, labels) -> {
                    if (selects(p.getSpec().getPodSelector(), labels)) {
                        who.add(name);
                    }
                });
            }
        }
        return who;
    }

    private static Set<String> ingressTo(Collection<NetworkPolicy> policies, Map<String, Map<String, String>> pods) {
        Set<String> who = new TreeSet<>();
        for (NetworkPolicy p : policies) {
            if (p.getSpec().getIngress() == null) {
                continue;
            }
            for (var rule : p.getSpec().getIngress()) {
                assertThat(rule.getPorts()).as("%s: ingress names its ports", p.getMetadata().getName()).isNotEmpty();
                assertThat(rule.getFrom()).as("%s: ingress names who may come in", p.getMetadata().getName()).isNotEmpty();
                pods.forEach((name, labels) -> {
                    if (selects(p.getSpec().getPodSelector(), labels)) {
                        rule.getPorts().forEach(np -> who.add(name + ":" + np.getPort().getIntVal()));
                    }
                });
            }
        }
        return who;
    }

    @Test
    void theOptionalServiceMonitorScrapesBothServicesOnTheirHttpPort() {
        Path component = KUBERNETES.resolve("components/service-monitor");
        Kustomization k = (Kustomization) read(component.resolve("kustomization.yaml")).get(0).model();
        assertThat(k.kind()).isEqualTo("Component");
        JsonNode monitor = (JsonNode) read(component.resolve("servicemonitor.yaml")).get(0).model();
        Map<String, String> selector = Repository.YAML.convertValue(monitor.path("spec").path("selector").path("matchLabels"),
                new com.fasterxml.jackson.core.type.TypeReference<Map<String, String>>() { });
        List<Service> services = ofType(resourcesOf(BASE), Service.class);
        assertThat(services).hasSize(2).allSatisfy(s -> {
            assertThat(selects(new LabelSelector(null, selector), s.getMetadata().getLabels())).isTrue();
            assertThat(s.getSpec().getPorts()).anySatisfy(p -> assertThat(p.getName()).isEqualTo(monitor.at("/spec/endpoints/0/port").asText()));
        });
        assertThat(monitor.at("/spec/endpoints/0/path").asText()).isEqualTo("/actuator/prometheus");
        // fields the check looks at, and no others, so a typo there cannot pass unseen
        assertThat(iterable(monitor.path("spec").fieldNames())).containsExactlyInAnyOrder("selector", "endpoints");
        assertThat(iterable(monitor.at("/spec/endpoints/0").fieldNames())).containsExactlyInAnyOrder("port", "path", "interval");
    }

    private static List<String> iterable(java.util.Iterator<String> names) {
        List<String> out = new ArrayList<>();
        names.forEachRemaining(out::add);
        return out;
    }

    // ---------------------------------------------------------------- secrets

    @Test
    void secretsAreReferencedAndDocumentedButNeverDefined() throws IOException {
        List<Manifest> all = all();
        assertThat(ofType(all, Secret.class)).as("no Secret is committed, not even an empty one").isEmpty();
        // every Secret key referenced is named in docs/operations.md, in the Kubernetes section
        String operations = Repository.read(Repository.path("docs/operations.md"));
        int start = operations.indexOf("## Kubernetes");
        assertThat(start).as("docs/operations.md has a Kubernetes section").isNotNegative();
        int end = operations.indexOf("\n## ", start + 3);
        String section = operations.substring(start, end < 0 ? operations.length() : end);
        Map<String, Set<String>> referenced = new LinkedHashMap<>();
        List<Manifest> base = resourcesOf(BASE);
        for (PodTemplateSpec pod : workloads(base).values()) {
            for (Container c : pod.getSpec().getContainers()) {
                assertThat(c.getEnvFrom()).noneMatch(f -> f.getSecretRef() != null);
                for (EnvVar env : c.getEnv()) {
                    assertThat(env.getValue() == null || !env.getName().matches(".*(PASSWORD|SECRET|MASTERKEYS).*"))
                            .as("%s is given a literal value", env.getName()).isTrue();
                    if (env.getValueFrom() != null && env.getValueFrom().getSecretKeyRef() != null) {
                        SecretKeySelector ref = env.getValueFrom().getSecretKeyRef();
                        referenced.computeIfAbsent(ref.getName(), n -> new TreeSet<>()).add(ref.getKey());
                    }
                }
            }
        }
        assertThat(referenced.keySet()).containsExactlyInAnyOrder("casejourney-command-db", "casejourney-query-db",
                "casejourney-db-owner", "casejourney-pseudonyms", "casejourney-master-keys");
        referenced.forEach((secret, keys) -> {
            assertThat(section).as("docs/operations.md names the Secret %s", secret).contains("`" + secret + "`");
            keys.forEach(key -> assertThat(section).as("docs/operations.md names %s's key %s", secret, key).contains("`" + key + "`"));
        });
        // the query side never holds the master keys
        Deployment query = ofType(base, Deployment.class).stream()
                .filter(d -> d.getMetadata().getName().equals("casejourney-query-side")).findFirst().orElseThrow();
        assertThat(query.getSpec().getTemplate().getSpec().getContainers().get(0).getEnv())
                .noneMatch(e -> e.getValueFrom() != null && e.getValueFrom().getSecretKeyRef() != null
                        && e.getValueFrom().getSecretKeyRef().getName().equals("casejourney-master-keys"));
    }

    // ---------------------------------------------------------------- migrations

    @Test
    void theMigrationJobsRunTheAppsOwnImageToMigrateAsTheOwnerAndTheAppsStartWithoutTheOwnersLogin() throws IOException {
        List<Manifest> base = resourcesOf(BASE);
        for (String side : List.of("command-side", "query-side")) {
            Job job = ofType(base, Job.class).stream().filter(j -> j.getMetadata().getName().equals("casejourney-" + side + "-migration"))
                    .findFirst().orElseThrow();
            Container migrate = job.getSpec().getTemplate().getSpec().getContainers().get(0);
            assertThat(migrate.getImage()).as("the app's own image: its own scripts, settings and Flyway").isEqualTo("casejourney/" + side);
            assertThat(migrate.getArgs()).containsExactly("--casejourney.migrate-only=true", "--spring.main.web-application-type=none");
            Map<String, EnvVar> env = migrate.getEnv().stream().collect(Collectors.toMap(EnvVar::getName, e -> e));
            assertThat(env.get("SPRING_FLYWAY_USER").getValueFrom().getSecretKeyRef().getName()).isEqualTo("casejourney-db-owner");
            assertThat(env.get("SPRING_FLYWAY_PASSWORD").getValueFrom().getSecretKeyRef().getName()).isEqualTo("casejourney-db-owner");
            String appSecret = side.equals("command-side") ? "casejourney-command-db" : "casejourney-query-db";
            assertThat(env.get("SPRING_DATASOURCE_USERNAME").getValueFrom().getSecretKeyRef().getName())
                    .as("the app's role, whose name the grants use").isEqualTo(appSecret);
            assertThat(env).as("the Job never holds the app's password").doesNotContainKey("SPRING_DATASOURCE_PASSWORD");
            assertThat(job.getSpec().getTemplate().getSpec().getRestartPolicy()).isEqualTo("Never");
            assertThat(job.getSpec().getBackoffLimit()).isNotNull();
            assertThat(job.getSpec().getActiveDeadlineSeconds()).isNotNull();

            Deployment app = ofType(base, Deployment.class).stream().filter(d -> d.getMetadata().getName().equals("casejourney-" + side))
                    .findFirst().orElseThrow();
            Map<String, EnvVar> appEnv = app.getSpec().getTemplate().getSpec().getContainers().get(0).getEnv().stream()
                    .collect(Collectors.toMap(EnvVar::getName, e -> e));
            assertThat(appEnv.get("SPRING_DATASOURCE_URL").getValueFrom().getConfigMapKeyRef().getKey())
                    .as("the Job migrates the database the app uses")
                    .isEqualTo(env.get("SPRING_DATASOURCE_URL").getValueFrom().getConfigMapKeyRef().getKey());
            assertThat(appEnv.get("SPRING_FLYWAY_ENABLED").getValue()).isEqualTo("false");
            assertThat(appEnv.values()).as("the app holds no owner login")
                    .noneMatch(e -> e.getValueFrom() != null && e.getValueFrom().getSecretKeyRef() != null
                            && e.getValueFrom().getSecretKeyRef().getName().equals("casejourney-db-owner"));
        }
    }
}
