package org.stpplatform.deploytests;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Builds a kustomization the way {@code kubectl kustomize} does, for the features that this
 * repository uses: {@code resources} (files and folders), {@code namespace}, {@code images} and
 * {@code patches} (strategic merge patches from a file and JSON 6902 patches with a target).
 * Any other field fails the build, so that a new feature cannot pass unchecked.
 */
final class Kustomize {

    private static final Set<String> SUPPORTED_FIELDS =
            Set.of("apiVersion", "kind", "namespace", "resources", "images", "patches");

    /** Cluster-scoped kinds, which the namespace field leaves unchanged. */
    private static final Set<String> CLUSTER_SCOPED = Set.of(
            "Namespace", "ClusterRole", "ClusterRoleBinding", "CustomResourceDefinition",
            "PersistentVolume", "StorageClass", "PriorityClass");

    private Kustomize() {}

    /** Returns the resources of the kustomization in {@code dir}, with its patches and transformers applied. */
    static List<Map<String, Object>> build(Path dir) {
        Path file = dir.resolve("kustomization.yaml");
        Map<String, Object> kustomization = RepositoryFiles.yaml(file);
        for (String field : kustomization.keySet()) {
            if (!SUPPORTED_FIELDS.contains(field)) {
                throw new IllegalStateException(file + ": field '" + field
                        + "' is not understood by this resolver; supported fields are " + SUPPORTED_FIELDS);
            }
        }

        List<Map<String, Object>> resources = new ArrayList<>();
        for (Object entry : Maps.asList(kustomization.getOrDefault("resources", List.of()), file + " resources")) {
            Path path = dir.resolve(entry.toString()).normalize();
            if (Files.isDirectory(path)) {
                resources.addAll(build(path));
            } else if (Files.isRegularFile(path)) {
                resources.addAll(Maps.deepCopy(RepositoryFiles.yamlDocuments(path)));
            } else {
                throw new IllegalStateException(file + ": resource " + entry + " does not exist at " + path);
            }
        }

        for (Map<String, Object> patch : Maps.mapsAt(kustomization, "patches")) {
            applyPatch(dir, file, patch, resources);
        }
        for (Map<String, Object> image : Maps.mapsAt(kustomization, "images")) {
            resources.forEach(resource -> setImages(resource, image));
        }
        String namespace = Maps.stringAt(kustomization, "namespace");
        if (namespace != null) {
            for (Map<String, Object> resource : resources) {
                if (!CLUSTER_SCOPED.contains(Maps.stringAt(resource, "kind"))) {
                    Maps.asMap(resource.get("metadata"), "metadata").put("namespace", namespace);
                }
            }
        }
        return resources;
    }

    private static void applyPatch(Path dir, Path file, Map<String, Object> entry, List<Map<String, Object>> resources) {
        String text = entry.containsKey("path")
                ? RepositoryFiles.read(dir.resolve(entry.get("path").toString()))
                : Objects.requireNonNull(Maps.stringAt(entry, "patch"), file + ": a patch needs 'path' or 'patch'");
        Object patch = RepositoryFiles.yamlText(text);
        Map<String, Object> target = Maps.mapAt(entry, "target");

        if (patch instanceof List<?> operations) {
            if (target.isEmpty()) {
                throw new IllegalStateException(file + ": a JSON 6902 patch needs a target");
            }
            List<Map<String, Object>> matches = select(resources, target);
            requireMatch(file, target, matches);
            for (Map<String, Object> resource : matches) {
                for (Object operation : operations) {
                    JsonPatch.apply(resource, Maps.asMap(operation, file + " patch operation"));
                }
            }
            return;
        }

        Map<String, Object> mergePatch = Maps.asMap(patch, file + " patch");
        if (target.isEmpty()) {
            target = Map.of("kind", Maps.stringAt(mergePatch, "kind"), "name", Maps.stringAt(mergePatch, "metadata.name"));
        }
        List<Map<String, Object>> matches = select(resources, target);
        requireMatch(file, target, matches);
        for (Map<String, Object> resource : matches) {
            StrategicMergePatch.apply(resource, mergePatch);
        }
    }

    private static void requireMatch(Path file, Map<String, Object> target, List<Map<String, Object>> matches) {
        if (matches.isEmpty()) {
            throw new IllegalStateException(file + ": patch target " + target + " matches no resource");
        }
    }

    private static List<Map<String, Object>> select(List<Map<String, Object>> resources, Map<String, Object> target) {
        List<Map<String, Object>> matches = new ArrayList<>();
        for (Map<String, Object> resource : resources) {
            String apiVersion = Maps.stringAt(resource, "apiVersion");
            String group = apiVersion.contains("/") ? apiVersion.substring(0, apiVersion.indexOf('/')) : "";
            String version = apiVersion.substring(apiVersion.indexOf('/') + 1);
            boolean matchesTarget = matchesField(target, "kind", Maps.stringAt(resource, "kind"))
                    && matchesField(target, "name", Maps.stringAt(resource, "metadata.name"))
                    && matchesField(target, "group", group)
                    && matchesField(target, "version", version);
            if (matchesTarget) {
                matches.add(resource);
            }
        }
        return matches;
    }

    private static boolean matchesField(Map<String, Object> target, String field, String actual) {
        Object expected = target.get(field);
        return expected == null || expected.toString().equals(actual);
    }

    /** Rewrites {@code image} fields of containers whose image name equals the entry's {@code name}. */
    private static void setImages(Object node, Map<String, Object> image) {
        if (node instanceof Map<?, ?> map) {
            for (String listKey : List.of("containers", "initContainers")) {
                if (map.get(listKey) instanceof List<?> containers) {
                    for (Object container : containers) {
                        rewriteImage(Maps.asMap(container, listKey), image);
                    }
                }
            }
            map.values().forEach(child -> setImages(child, image));
        } else if (node instanceof List<?> list) {
            list.forEach(child -> setImages(child, image));
        }
    }

    private static void rewriteImage(Map<String, Object> container, Map<String, Object> image) {
        String current = Maps.stringAt(container, "image");
        if (current == null) {
            return;
        }
        ImageReference reference = ImageReference.parse(current);
        if (!reference.name().equals(image.get("name"))) {
            return;
        }
        String name = image.containsKey("newName") ? image.get("newName").toString() : reference.name();
        String tag = image.containsKey("newTag") ? image.get("newTag").toString() : reference.tag();
        container.put("image", tag == null ? name : name + ":" + tag);
    }

    /** An image reference split into name and tag; the tag is null when the reference has none. */
    record ImageReference(String name, String tag) {

        static ImageReference parse(String image) {
            int slash = image.lastIndexOf('/');
            int colon = image.lastIndexOf(':');
            if (colon > slash) {
                return new ImageReference(image.substring(0, colon), image.substring(colon + 1));
            }
            return new ImageReference(image, null);
        }
    }
}
