package org.stpplatform.deploytests;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Checks that every {@code STP_*} variable that the deployment files set is read by its service:
 * Spring's relaxed binding turns {@code STP_TRAINER_DATA_DIR} into {@code stp.trainer.data-dir},
 * so the variable must match a key of the service's application.yml, a component of one of its
 * {@code @ConfigurationProperties} records, or an {@code ${NAME}} placeholder in application.yml.
 * A renamed property then fails here instead of being ignored in a cluster.
 */
class EnvironmentBindingTest {

    private static final Pattern PROPERTIES_PREFIX =
            Pattern.compile("@ConfigurationProperties\\(\\s*(?:prefix\\s*=\\s*|value\\s*=\\s*)?\"([^\"]+)\"");
    private static final Pattern RECORD_HEADER = Pattern.compile("record\\s+\\w+\\s*\\(([^{]*)\\)\\s*(?:implements[^{]*)?\\{");
    private static final Pattern COMPONENT_NAME = Pattern.compile("(\\w+)\\s*$");
    private static final Pattern PLACEHOLDER = Pattern.compile("\\$\\{([A-Z][A-Z0-9_]*)");

    @Test
    void deployedVariablesBindToServiceProperties() throws IOException {
        for (StpServices service : StpServices.values()) {
            Set<String> readable = readableVariables(service);
            for (String variable : service.env()) {
                if (variable.startsWith("SPRING_")) {
                    continue;
                }
                assertThat(readable).as("docker-compose.yml and k8s/ set %s, but no property of %s binds it",
                        variable, service.module()).contains(canonical(variable));
            }
        }
    }

    @Test
    void canonicalFormFollowsRelaxedBinding() {
        assertThat(canonical("STP_TRAINER_DATA_DIR")).isEqualTo(canonical("stp.trainer.data-dir"));
        assertThat(canonical("stp.trainer.apiToken")).isEqualTo(canonical("STP_TRAINER_API_TOKEN"));
        assertThat(canonical("STP_ROLLOUT_JOBS_ALLOWED_REWARD_HOSTS"))
                .isEqualTo(canonical("stp.rollout.jobs.allowed-reward-hosts"));
    }

    /** Returns the canonical forms of all properties and placeholders that a service reads. */
    private static Set<String> readableVariables(StpServices service) throws IOException {
        Set<String> readable = new TreeSet<>();
        Path module = RepositoryFiles.resolve(service.module());
        Path applicationYml = module.resolve("src/main/resources/application.yml");
        if (Files.isRegularFile(applicationYml)) {
            flatten("", RepositoryFiles.yaml(applicationYml), readable);
            Matcher placeholders = PLACEHOLDER.matcher(RepositoryFiles.read(applicationYml));
            while (placeholders.find()) {
                readable.add(canonical(placeholders.group(1)));
            }
        }
        try (Stream<Path> sources = Files.walk(module.resolve("src/main/java"))) {
            for (Path source : sources.filter(p -> p.toString().endsWith(".java")).toList()) {
                readable.addAll(recordProperties(RepositoryFiles.read(source)));
            }
        }
        return readable;
    }

    /** Returns prefix plus component of a {@code @ConfigurationProperties} record, for each component. */
    private static Set<String> recordProperties(String source) {
        Set<String> properties = new TreeSet<>();
        Matcher prefix = PROPERTIES_PREFIX.matcher(source);
        if (!prefix.find()) {
            return properties;
        }
        Matcher header = RECORD_HEADER.matcher(source);
        if (!header.find(prefix.end())) {
            return properties;
        }
        for (String component : splitTopLevel(header.group(1))) {
            Matcher name = COMPONENT_NAME.matcher(component.strip());
            if (name.find()) {
                properties.add(canonical(prefix.group(1) + "." + name.group(1)));
            }
        }
        return properties;
    }

    /** Splits record components at commas outside of generics and annotation arguments. */
    private static List<String> splitTopLevel(String components) {
        List<String> parts = new ArrayList<>();
        int depth = 0;
        StringBuilder current = new StringBuilder();
        for (char c : components.toCharArray()) {
            if (c == '<' || c == '(') {
                depth++;
            } else if (c == '>' || c == ')') {
                depth--;
            }
            if (c == ',' && depth == 0) {
                parts.add(current.toString());
                current.setLength(0);
            } else {
                current.append(c);
            }
        }
        parts.add(current.toString());
        return parts;
    }

    private static void flatten(String prefix, Map<String, Object> map, Set<String> keys) {
        for (Map.Entry<String, Object> entry : map.entrySet()) {
            String key = prefix.isEmpty() ? entry.getKey() : prefix + "." + entry.getKey();
            keys.add(canonical(key));
            if (entry.getValue() instanceof Map<?, ?> child) {
                flatten(key, Maps.asMap(child, key), keys);
            }
        }
    }

    /**
     * Reduces a property or variable name to lower-case letters and digits.
     * NOTE: this is looser than Spring's relaxed binding, which also tells {@code a.bc} from {@code ab.c}.
     */
    static String canonical(String name) {
        return name.replaceAll("[^A-Za-z0-9]", "").toLowerCase(Locale.ROOT);
    }
}
