package org.casejourney.packaging;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

import java.util.List;

/**
 * A kustomization.yaml (kind Kustomization or Component), read strictly: fabric8 has no model of
 * Kustomize's files, so this record holds the fields of Kustomize's schema the manifests may use, and
 * any other field (a typo such as {@code resource:}) fails the read.
 */
@JsonIgnoreProperties(ignoreUnknown = false)
record Kustomization(String apiVersion, String kind, String namespace, List<String> resources,
                     List<String> components, List<Patch> patches, List<Generator> configMapGenerator,
                     List<Image> images) {

    List<String> resourcesOrEmpty() {
        return resources == null ? List.of() : resources;
    }

    List<String> componentsOrEmpty() {
        return components == null ? List.of() : components;
    }

    List<Patch> patchesOrEmpty() {
        return patches == null ? List.of() : patches;
    }

    List<Generator> generatorsOrEmpty() {
        return configMapGenerator == null ? List.of() : configMapGenerator;
    }

    @JsonIgnoreProperties(ignoreUnknown = false)
    record Patch(String path, String patch, Target target) {
    }

    @JsonIgnoreProperties(ignoreUnknown = false)
    record Target(String group, String version, String kind, String name, String namespace,
                  String labelSelector, String annotationSelector) {
    }

    @JsonIgnoreProperties(ignoreUnknown = false)
    record Generator(String name, String behavior, List<String> files, List<String> literals, List<String> envs) {
    }

    @JsonIgnoreProperties(ignoreUnknown = false)
    record Image(String name, String newName, String newTag, String digest) {
    }
}
