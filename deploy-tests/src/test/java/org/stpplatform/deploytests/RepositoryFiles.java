package org.stpplatform.deploytests;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;

/** Locates the repository root and reads its YAML and JSON files as plain maps and trees. */
final class RepositoryFiles {

    private static final ObjectMapper JSON = new ObjectMapper();

    private RepositoryFiles() {}

    /** Returns the repository root: the nearest folder above the working directory with docker-compose.yml. */
    static Path root() {
        Path dir = Path.of("").toAbsolutePath();
        while (dir != null) {
            if (Files.isRegularFile(dir.resolve("docker-compose.yml")) && Files.isRegularFile(dir.resolve("mvnw"))) {
                return dir;
            }
            dir = dir.getParent();
        }
        throw new IllegalStateException(
                "repository root not found above " + Path.of("").toAbsolutePath() + ": run the tests inside the repository");
    }

    static Path resolve(String relative) {
        return root().resolve(relative);
    }

    static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
    }

    /** Reads every non-empty document of a YAML file; merge keys ({@code <<}) are resolved. */
    static List<Map<String, Object>> yamlDocuments(Path file) {
        List<Map<String, Object>> documents = new ArrayList<>();
        for (Object document : newYaml().loadAll(read(file))) {
            if (document != null) {
                documents.add(Maps.asMap(document, file.toString()));
            }
        }
        return documents;
    }

    static Map<String, Object> yaml(Path file) {
        List<Map<String, Object>> documents = yamlDocuments(file);
        if (documents.size() != 1) {
            throw new IllegalStateException(file + " must hold exactly one YAML document, found " + documents.size());
        }
        return documents.get(0);
    }

    static Object yamlText(String text) {
        return newYaml().load(text);
    }

    static JsonNode json(Path file) {
        return JSON.readTree(read(file));
    }

    static JsonNode jsonText(String text) {
        return JSON.readTree(text);
    }

    private static Yaml newYaml() {
        LoaderOptions options = new LoaderOptions();
        options.setAllowDuplicateKeys(false);
        return new Yaml(new SafeConstructor(options));
    }
}
