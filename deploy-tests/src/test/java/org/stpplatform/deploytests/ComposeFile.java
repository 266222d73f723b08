package org.stpplatform.deploytests;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * docker-compose.yml with the variables of .env.example substituted the way Compose does it:
 * {@code ${NAME}}, {@code ${NAME:-default}}, {@code ${NAME-default}}, {@code ${NAME:?message}}
 * and {@code $$} for a literal dollar sign.
 */
final class ComposeFile {

    static final String FILE = "docker-compose.yml";
    static final String ENV_EXAMPLE = ".env.example";

    private static final Pattern VARIABLE =
            Pattern.compile("\\$\\{([A-Za-z_][A-Za-z0-9_]*)(?:(:?[-?])([^}]*))?}|\\$\\$");

    private final Map<String, Object> document;
    private final Map<String, String> envExample;

    private ComposeFile(Map<String, Object> document, Map<String, String> envExample) {
        this.document = document;
        this.envExample = envExample;
    }

    static ComposeFile load() {
        Properties properties = new Properties();
        for (String line : RepositoryFiles.read(RepositoryFiles.resolve(ENV_EXAMPLE)).split("\n")) {
            String trimmed = line.strip();
            if (!trimmed.isEmpty() && !trimmed.startsWith("#")) {
                int equals = trimmed.indexOf('=');
                if (equals < 1) {
                    throw new IllegalStateException(ENV_EXAMPLE + ": invalid line, expected NAME=value: " + line);
                }
                properties.put(trimmed.substring(0, equals), trimmed.substring(equals + 1));
            }
        }
        Map<String, String> env = new LinkedHashMap<>();
        properties.forEach((k, v) -> env.put(k.toString(), v.toString()));
        return new ComposeFile(RepositoryFiles.yaml(RepositoryFiles.resolve(FILE)), env);
    }

    Map<String, String> envExample() {
        return envExample;
    }

    Map<String, Object> services() {
        return Maps.mapAt(document, "services");
    }

    Map<String, Object> service(String name) {
        Map<String, Object> service = Maps.mapAt(services(), name);
        if (service.isEmpty()) {
            throw new IllegalStateException("service " + name + " not found in " + FILE + ", which defines " + services().keySet());
        }
        return service;
    }

    Map<String, Object> document() {
        return document;
    }

    /** Returns the variables that the raw file reads, split into those with and without a default. */
    static Map<String, Boolean> referencedVariables() {
        String text = RepositoryFiles.read(RepositoryFiles.resolve(FILE));
        Map<String, Boolean> variables = new LinkedHashMap<>();
        Matcher matcher = VARIABLE.matcher(text);
        while (matcher.find()) {
            if (matcher.group(1) != null) {
                boolean hasDefault = matcher.group(2) != null && matcher.group(2).endsWith("-");
                variables.merge(matcher.group(1), hasDefault, Boolean::logicalAnd);
            }
        }
        return variables;
    }

    /** Substitutes the .env.example values into one value of the file. */
    String interpolate(String value) {
        Matcher matcher = VARIABLE.matcher(value);
        StringBuilder result = new StringBuilder();
        while (matcher.find()) {
            String replacement;
            if (matcher.group(1) == null) {
                replacement = "$";
            } else {
                String name = matcher.group(1);
                String operator = matcher.group(2);
                String set = envExample.get(name);
                boolean unset = set == null || (operator != null && operator.startsWith(":") && set.isEmpty());
                if (unset && operator != null && operator.endsWith("?")) {
                    throw new IllegalStateException(FILE + " requires " + name + " but " + ENV_EXAMPLE + " does not set it");
                }
                boolean hasDefault = operator != null && operator.endsWith("-");
                if (!unset) {
                    replacement = set;
                } else if (hasDefault) {
                    replacement = matcher.group(3);
                } else {
                    replacement = "";
                }
            }
            matcher.appendReplacement(result, Matcher.quoteReplacement(replacement));
        }
        matcher.appendTail(result);
        return result.toString();
    }

    /** Returns the environment variable names of a service, from the list form or the map form. */
    static Set<String> environmentNames(Map<String, Object> service) {
        Set<String> names = new TreeSet<>();
        Object environment = service.get("environment");
        if (environment instanceof Map<?, ?> map) {
            map.keySet().forEach(key -> names.add(key.toString()));
        } else if (environment instanceof List<?> list) {
            list.forEach(entry -> names.add(entry.toString().split("=", 2)[0]));
        }
        return names;
    }

    static Set<String> profiles(Map<String, Object> service) {
        Set<String> profiles = new TreeSet<>();
        Object value = service.get("profiles");
        if (value != null) {
            Maps.asList(value, "profiles").forEach(p -> profiles.add(p.toString()));
        }
        return profiles;
    }

    /** Returns the host path of each bind mount that starts with "./", keyed by its container path. */
    Map<String, Path> bindMounts(Map<String, Object> service) {
        Map<String, Path> mounts = new LinkedHashMap<>();
        Object volumes = service.get("volumes");
        if (volumes == null) {
            return mounts;
        }
        for (Object volume : Maps.asList(volumes, "volumes")) {
            String[] parts = interpolate(volume.toString()).split(":");
            if (parts[0].startsWith("./")) {
                mounts.put(parts[1], RepositoryFiles.root().resolve(parts[0].substring(2)).normalize());
            }
        }
        return mounts;
    }
}
