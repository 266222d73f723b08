package org.stpplatform.deploytests;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The resources of one built kustomization, with look-ups by kind and name. */
record Manifests(String overlay, List<Map<String, Object>> resources) {

    static Manifests build(String overlay) {
        return new Manifests(overlay, Kustomize.build(RepositoryFiles.resolve("k8s/" + overlay)));
    }

    List<Map<String, Object>> ofKind(String kind) {
        List<Map<String, Object>> matches = new ArrayList<>();
        for (Map<String, Object> resource : resources) {
            if (kind.equals(resource.get("kind"))) {
                matches.add(resource);
            }
        }
        return matches;
    }

    Optional<Map<String, Object>> find(String kind, String name) {
        return ofKind(kind).stream().filter(r -> name.equals(name(r))).findFirst();
    }

    Map<String, Object> get(String kind, String name) {
        return find(kind, name).orElseThrow(() -> new AssertionError(
                overlay + " has no " + kind + " named " + name + "; it has " + ofKind(kind).stream().map(Manifests::name).toList()));
    }

    /** Deployments and StatefulSets: everything that owns a pod template. */
    List<Map<String, Object>> workloads() {
        List<Map<String, Object>> workloads = new ArrayList<>(ofKind("Deployment"));
        workloads.addAll(ofKind("StatefulSet"));
        return workloads;
    }

    static String name(Map<String, Object> resource) {
        return Maps.stringAt(resource, "metadata.name");
    }

    static String describe(Map<String, Object> resource) {
        return resource.get("kind") + "/" + name(resource);
    }

    static Map<String, Object> podLabels(Map<String, Object> workload) {
        return Maps.mapAt(workload, "spec.template.metadata.labels");
    }

    static List<Map<String, Object>> containers(Map<String, Object> workload) {
        return Maps.mapsAt(workload, "spec.template.spec.containers");
    }

    static boolean selects(Map<String, Object> selector, Map<String, Object> labels) {
        return !selector.isEmpty() && labels.entrySet().containsAll(selector.entrySet());
    }
}
