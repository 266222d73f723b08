package org.stpplatform.deploytests;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Typed access to the nested maps and lists that SnakeYAML returns. */
final class Maps {

    private Maps() {}

    @SuppressWarnings("unchecked")
    static Map<String, Object> asMap(Object value, String where) {
        if (value instanceof Map<?, ?> map) {
            return (Map<String, Object>) map;
        }
        throw new IllegalStateException(where + " must be a mapping, found " + describe(value));
    }

    @SuppressWarnings("unchecked")
    static List<Object> asList(Object value, String where) {
        if (value instanceof List<?> list) {
            return (List<Object>) list;
        }
        throw new IllegalStateException(where + " must be a list, found " + describe(value));
    }

    /** Follows a dotted path of map keys; returns null when any step is missing. */
    static Object at(Map<String, Object> root, String dottedPath) {
        Object current = root;
        for (String key : dottedPath.split("\\.")) {
            if (!(current instanceof Map<?, ?> map)) {
                return null;
            }
            current = map.get(key);
        }
        return current;
    }

    static Map<String, Object> mapAt(Map<String, Object> root, String dottedPath) {
        Object value = at(root, dottedPath);
        return value == null ? Map.of() : asMap(value, dottedPath);
    }

    static List<Map<String, Object>> mapsAt(Map<String, Object> root, String dottedPath) {
        Object value = at(root, dottedPath);
        List<Map<String, Object>> maps = new ArrayList<>();
        if (value != null) {
            for (Object item : asList(value, dottedPath)) {
                maps.add(asMap(item, dottedPath + "[]"));
            }
        }
        return maps;
    }

    static String stringAt(Map<String, Object> root, String dottedPath) {
        Object value = at(root, dottedPath);
        return value == null ? null : value.toString();
    }

    /** Returns a deep copy, so that patches applied to it leave the original untouched. */
    @SuppressWarnings("unchecked")
    static <T> T deepCopy(T value) {
        if (value instanceof Map<?, ?> map) {
            Map<String, Object> copy = new LinkedHashMap<>();
            map.forEach((k, v) -> copy.put(String.valueOf(k), deepCopy(v)));
            return (T) copy;
        }
        if (value instanceof List<?> list) {
            List<Object> copy = new ArrayList<>();
            list.forEach(item -> copy.add(deepCopy(item)));
            return (T) copy;
        }
        return value;
    }

    private static String describe(Object value) {
        return value == null ? "nothing" : value.getClass().getSimpleName() + " " + value;
    }
}
