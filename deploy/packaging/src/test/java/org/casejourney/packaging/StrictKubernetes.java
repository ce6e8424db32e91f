package org.casejourney.packaging;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.core.JsonProcessingException;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.KubernetesResource;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscaler;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;

/**
 * Kubernetes YAML read into fabric8's typed model, refusing what the model does not know. fabric8's
 * classes keep an unknown field in {@code additionalProperties} instead of failing (Jackson's
 * FAIL_ON_UNKNOWN_PROPERTIES does not apply to a class with a {@code @JsonAnySetter}), so after reading,
 * the whole object graph is walked and any non-empty {@code additionalProperties} is an error, named by
 * its path ({@code spec.template.spec.containers[0].readinessProbes}).
 */
final class StrictKubernetes {

    /** The kinds the manifests may use, each with its apiVersion and model class. */
    static final Map<String, Class<? extends KubernetesResource>> KINDS = Map.of(
            "v1/ConfigMap", ConfigMap.class,
            "v1/Service", Service.class,
            "v1/Namespace", Namespace.class,
            "v1/Secret", Secret.class,
            "apps/v1/Deployment", Deployment.class,
            "batch/v1/Job", Job.class,
            "policy/v1/PodDisruptionBudget", PodDisruptionBudget.class,
            "networking.k8s.io/v1/NetworkPolicy", NetworkPolicy.class,
            "autoscaling/v2/HorizontalPodAutoscaler", HorizontalPodAutoscaler.class);

    private StrictKubernetes() {
    }

    /** Reads one document into its model class; fails on an unknown kind or an unknown field anywhere. */
    static KubernetesResource read(JsonNode document, String where) {
        String key = document.path("apiVersion").asText() + "/" + document.path("kind").asText();
        Class<? extends KubernetesResource> type = KINDS.get(key);
        if (type == null) {
            throw new IllegalArgumentException(where + ": unknown apiVersion/kind " + key);
        }
        KubernetesResource resource;
        try {
            resource = Repository.YAML.treeToValue(document, type);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException(where + ": " + e.getOriginalMessage(), e);
        }
        List<String> unknown = unknownFields(resource);
        if (!unknown.isEmpty()) {
            throw new IllegalArgumentException(where + ": fields the " + key + " model does not know: " + unknown);
        }
        return resource;
    }

    /** The paths of every field some object in the graph kept as an additional property. */
    static List<String> unknownFields(Object root) {
        List<String> found = new ArrayList<>();
        walk(root, "", found);
        return found;
    }

    private static void walk(Object value, String path, List<String> found) {
        if (value == null || value instanceof String || value instanceof Number || value instanceof Boolean
                || value instanceof Enum<?> || value.getClass().isPrimitive()) {
            return;
        }
        if (value instanceof Map<?, ?> map) {
            map.forEach((k, v) -> walk(v, path + "[" + k + "]", found));
            return;
        }
        if (value instanceof Collection<?> items) {
            int i = 0;
            for (Object item : items) {
                walk(item, path + "[" + i++ + "]", found);
            }
            return;
        }
        if (!value.getClass().getName().startsWith("io.fabric8.")) {
            return;
        }
        for (Method getter : value.getClass().getMethods()) {
            if (getter.getParameterCount() != 0 || Modifier.isStatic(getter.getModifiers())
                    || getter.getDeclaringClass() == Object.class) {
                continue;
            }
            String name = getter.getName();
            String field;
            if (name.startsWith("get") && name.length() > 3) {
                field = Character.toLowerCase(name.charAt(3)) + name.substring(4);
            } else if (name.startsWith("is") && name.length() > 2) {
                field = Character.toLowerCase(name.charAt(2)) + name.substring(3);
            } else {
                continue;
            }
            Object child;
            try {
                child = getter.invoke(value);
            } catch (IllegalAccessException | InvocationTargetException e) {
                continue;
            }
            if (field.equals("additionalProperties")) {
                if (child instanceof Map<?, ?> extra && !extra.isEmpty()) {
                    for (Object key : extra.keySet()) {
                        found.add(path.isEmpty() ? key.toString() : path + "." + key);
                    }
                }
                continue;
            }
            walk(child, path.isEmpty() ? field : path + "." + field, found);
        }
    }
}
