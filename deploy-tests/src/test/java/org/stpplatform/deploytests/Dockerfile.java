package org.stpplatform.deploytests;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The instructions of a Dockerfile that the checks need: stages, EXPOSE, ENV and the full text. */
record Dockerfile(Path path, String text, List<String> instructions) {

    private static final Pattern ENV_PAIR = Pattern.compile("([A-Za-z_][A-Za-z0-9_]*)=(\"[^\"]*\"|\\S*)");

    static Dockerfile read(Path path) {
        String text = RepositoryFiles.read(path);
        List<String> instructions = new ArrayList<>();
        StringBuilder current = new StringBuilder();
        for (String line : text.split("\n")) {
            String trimmed = line.strip();
            if (trimmed.startsWith("#") || trimmed.isEmpty()) {
                continue;
            }
            if (trimmed.endsWith("\\")) {
                current.append(trimmed, 0, trimmed.length() - 1).append(' ');
            } else {
                instructions.add(current.append(trimmed).toString());
                current.setLength(0);
            }
        }
        return new Dockerfile(path, text, instructions);
    }

    Set<Integer> exposedPorts() {
        Set<Integer> ports = new TreeSet<>();
        for (String instruction : withKeyword("EXPOSE")) {
            for (String port : instruction.split("\\s+")) {
                ports.add(Integer.parseInt(port.replace("/tcp", "")));
            }
        }
        return ports;
    }

    /** Returns the ENV variables of all stages in order, so a later stage overrides an earlier one. */
    Map<String, String> env() {
        Map<String, String> env = new LinkedHashMap<>();
        for (String instruction : withKeyword("ENV")) {
            Matcher matcher = ENV_PAIR.matcher(instruction);
            while (matcher.find()) {
                env.put(matcher.group(1), matcher.group(2));
            }
        }
        return env;
    }

    /** Returns the exec form of the last ENTRYPOINT, for example {@code ["java", "-Xss1m", "Main"]}. */
    List<String> entrypoint() {
        List<String> entrypoints = withKeyword("ENTRYPOINT");
        if (entrypoints.isEmpty()) {
            throw new IllegalStateException(path + " has no ENTRYPOINT");
        }
        Object parsed = RepositoryFiles.yamlText(entrypoints.get(entrypoints.size() - 1));
        List<String> arguments = new ArrayList<>();
        Maps.asList(parsed, path + " ENTRYPOINT in exec form").forEach(argument -> arguments.add(argument.toString()));
        return arguments;
    }

    Set<String> stageNames() {
        Set<String> names = new TreeSet<>();
        for (String instruction : withKeyword("FROM")) {
            String[] words = instruction.split("\\s+");
            if (words.length == 3 && words[1].equalsIgnoreCase("AS")) {
                names.add(words[2]);
            }
        }
        return names;
    }

    List<String> withKeyword(String keyword) {
        List<String> arguments = new ArrayList<>();
        for (String instruction : instructions) {
            String[] parts = instruction.split("\\s+", 2);
            if (parts[0].equalsIgnoreCase(keyword)) {
                arguments.add(parts.length > 1 ? parts[1] : "");
            }
        }
        return arguments;
    }
}
