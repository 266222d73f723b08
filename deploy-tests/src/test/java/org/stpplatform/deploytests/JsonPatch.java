package org.stpplatform.deploytests;

import java.util.List;
import java.util.Map;

/** Applies one RFC 6902 operation ({@code add}, {@code replace} or {@code remove}) to a YAML tree. */
final class JsonPatch {

    private JsonPatch() {}

    static void apply(Map<String, Object> document, Map<String, Object> operation) {
        String op = Maps.stringAt(operation, "op");
        String path = Maps.stringAt(operation, "path");
        if (path == null || !path.startsWith("/")) {
            throw new IllegalStateException("JSON patch path must start with '/': " + path);
        }
        String[] tokens = path.substring(1).split("/");
        Object parent = document;
        for (int i = 0; i < tokens.length - 1; i++) {
            parent = child(parent, unescape(tokens[i]), path);
        }
        String last = unescape(tokens[tokens.length - 1]);
        Object value = Maps.deepCopy(operation.get("value"));

        switch (op) {
            case "add" -> add(parent, last, value, path);
            case "replace" -> {
                remove(parent, last, path);
                add(parent, last, value, path);
            }
            case "remove" -> remove(parent, last, path);
            default -> throw new IllegalStateException(
                    "JSON patch operation '" + op + "' is not supported; use add, replace or remove");
        }
    }

    private static Object child(Object parent, String token, String path) {
        Object child = parent instanceof List<?> list ? list.get(Integer.parseInt(token))
                : Maps.asMap(parent, path).get(token);
        if (child == null) {
            throw new IllegalStateException("JSON patch path " + path + " does not exist at '" + token + "'");
        }
        return child;
    }

    private static void add(Object parent, String token, Object value, String path) {
        if (parent instanceof List<?>) {
            List<Object> list = Maps.asList(parent, path);
            list.add("-".equals(token) ? list.size() : Integer.parseInt(token), value);
        } else {
            Maps.asMap(parent, path).put(token, value);
        }
    }

    private static void remove(Object parent, String token, String path) {
        Object removed = parent instanceof List<?> ? Maps.asList(parent, path).remove(Integer.parseInt(token))
                : Maps.asMap(parent, path).remove(token);
        if (removed == null) {
            throw new IllegalStateException("JSON patch path " + path + " does not exist");
        }
    }

    private static String unescape(String token) {
        return token.replace("~1", "/").replace("~0", "~");
    }
}
