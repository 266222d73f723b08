package org.stpplatform.trainer.dataset.countdown;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Reads Countdown instances from JSON Lines. Each non-blank line is one of
 * {@code {"input": "30,100,93", "output": "23"}} (the format of the d1 Countdown test set) or
 * {@code {"nums": [30, 100, 93], "target": 23}} ({@code numbers} is accepted for {@code nums}).
 */
public final class CountdownJsonl {

    private static final JsonMapper MAPPER = JsonMapper.builder().build();

    private CountdownJsonl() {
    }

    public static List<CountdownInstance> read(Path path) throws IOException {
        try (Reader reader = Files.newBufferedReader(path, StandardCharsets.UTF_8)) {
            return read(reader, path.toString());
        }
    }

    /**
     * Reads every line of {@code reader}.
     *
     * @param sourceName the file name used in error messages
     * @throws IllegalArgumentException naming the line when a line is not a valid instance
     */
    public static List<CountdownInstance> read(Reader reader, String sourceName) throws IOException {
        BufferedReader lines = new BufferedReader(reader);
        List<CountdownInstance> instances = new ArrayList<>();
        String line;
        int lineNumber = 0;
        while ((line = lines.readLine()) != null) {
            lineNumber++;
            if (line.isBlank()) {
                continue;
            }
            try {
                instances.add(parseLine(line));
            } catch (IllegalArgumentException | JacksonException e) {
                throw new IllegalArgumentException(sourceName + " line " + lineNumber + ": " + e.getMessage()
                        + "; expected {\"input\": \"30,100,93\", \"output\": \"23\"} or"
                        + " {\"nums\": [30, 100, 93], \"target\": 23}", e);
            }
        }
        return instances;
    }

    /** Parses one JSON object in either accepted form. */
    public static CountdownInstance parseLine(String json) {
        JsonNode node = MAPPER.readTree(json);
        if (node == null || !node.isObject()) {
            throw new IllegalArgumentException("not a JSON object");
        }
        if (node.has("input")) {
            List<Integer> numbers = new ArrayList<>();
            for (String part : node.get("input").asString().split(",")) {
                numbers.add(parseInteger(part, "input"));
            }
            return new CountdownInstance(numbers, parseInteger(requireField(node, "output").asString(), "output"));
        }
        JsonNode numbersNode = node.has("nums") ? node.get("nums") : node.get("numbers");
        if (numbersNode == null || !numbersNode.isArray()) {
            throw new IllegalArgumentException("missing field 'input' or array field 'nums'");
        }
        List<Integer> numbers = new ArrayList<>();
        for (JsonNode element : numbersNode) {
            if (!element.isIntegralNumber()) {
                throw new IllegalArgumentException("nums must contain integers, got " + element);
            }
            numbers.add(element.intValue());
        }
        JsonNode target = requireField(node, "target");
        int targetValue = target.isIntegralNumber() ? target.intValue() : parseInteger(target.asString(), "target");
        return new CountdownInstance(numbers, targetValue);
    }

    private static JsonNode requireField(JsonNode node, String field) {
        JsonNode value = node.get(field);
        if (value == null || value.isNull()) {
            throw new IllegalArgumentException("missing field '" + field + "'");
        }
        return value;
    }

    private static int parseInteger(String text, String field) {
        try {
            return Integer.parseInt(text.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("field '" + field + "' has non-integer value '" + text + "'", e);
        }
    }
}
