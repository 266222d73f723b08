package org.stpplatform.deploytests;

import java.util.List;
import java.util.Map;

/**
 * Applies a Kubernetes strategic merge patch, limited to the fields this repository patches.
 * Maps merge key by key and a null value deletes the key. Lists of containers, volumes, env
 * entries, ports and volume mounts merge by their merge key, and every other list is replaced.
 * Directives such as {@code $patch: delete} are not supported.
 */
final class StrategicMergePatch {

    /** Merge keys of the Kubernetes API for the lists that the overlays patch. */
    private static final Map<String, String> MERGE_KEYS = Map.of(
            "containers", "name",
            "initContainers", "name",
            "volumes", "name",
            "env", "name",
            "ports", "containerPort",
            "volumeMounts", "mountPath");

    private StrategicMergePatch() {}

    static void apply(Map<String, Object> target, Map<String, Object> patch) {
        for (Map.Entry<String, Object> entry : patch.entrySet()) {
            String key = entry.getKey();
            Object patchValue = entry.getValue();
            Object current = target.get(key);
            if (patchValue == null) {
                target.remove(key);
            } else if (patchValue instanceof Map<?, ?> && current instanceof Map<?, ?>) {
                apply(Maps.asMap(current, key), Maps.asMap(patchValue, key));
            } else if (patchValue instanceof List<?> && current instanceof List<?> && MERGE_KEYS.containsKey(key)) {
                mergeList(Maps.asList(current, key), Maps.asList(patchValue, key), MERGE_KEYS.get(key));
            } else {
                target.put(key, Maps.deepCopy(patchValue));
            }
        }
    }

    /** Merges list items by key. New items go first, in patch order, where kustomize 5 puts them. */
    private static void mergeList(List<Object> target, List<Object> patch, String mergeKey) {
        int insertAt = 0;
        for (Object item : patch) {
            Map<String, Object> patchItem = Maps.asMap(item, mergeKey + " list item");
            Object key = patchItem.get(mergeKey);
            Map<String, Object> existing = null;
            for (Object candidate : target) {
                Map<String, Object> candidateMap = Maps.asMap(candidate, mergeKey + " list item");
                if (String.valueOf(candidateMap.get(mergeKey)).equals(String.valueOf(key))) {
                    existing = candidateMap;
                }
            }
            if (existing == null) {
                target.add(insertAt++, Maps.deepCopy(patchItem));
            } else {
                apply(existing, patchItem);
            }
        }
    }
}
