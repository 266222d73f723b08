package org.stpplatform.trainer.dataset;

import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.stpplatform.common.api.TaskName;
import org.stpplatform.trainer.dataset.countdown.CountdownInstance;
import org.stpplatform.trainer.dataset.countdown.CountdownJsonl;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Reads the public JSON Lines formats of the tasks:
 * <ul>
 *   <li>GSM8K: {@code {"question": ..., "answer": "... #### 72"}}; the reference is the text after
 *       {@code ####}.</li>
 *   <li>MATH (MATH500 / PRM800K split): {@code {"problem": ..., "solution": ..., "answer": ...}};
 *       without {@code answer} the reference is the content of the last {@code \boxed{}} of the
 *       solution.</li>
 *   <li>Countdown: the forms of {@link CountdownJsonl}; the reference is the JSON
 *       {@code {"numbers":[..],"target":..}}.</li>
 * </ul>
 */
public final class JsonlTaskReader {

    private static final JsonMapper MAPPER = JsonMapper.builder().build();
    private static final String GSM8K_ANSWER_MARK = "####";

    private JsonlTaskReader() {
    }

    /**
     * Reads every non-blank line of a file.
     *
     * @param idPrefix prefix of the example ids, which continue with the 0-based line index
     * @param countdownQuestion formats a Countdown instance as question text
     * @throws IllegalArgumentException naming the file and line of the first invalid record
     */
    public static List<TaskExample> read(Path file, TaskName task, String idPrefix,
            java.util.function.Function<CountdownInstance, String> countdownQuestion) throws IOException {
        List<TaskExample> examples = new ArrayList<>();
        try (BufferedReader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            String line;
            int lineNumber = 0;
            while ((line = reader.readLine()) != null) {
                lineNumber++;
                if (line.isBlank()) {
                    continue;
                }
                String id = idPrefix + examples.size();
                try {
                    examples.add(parse(task, line, id, countdownQuestion));
                } catch (IllegalArgumentException | JacksonException e) {
                    throw new IllegalArgumentException(file + " line " + lineNumber + ": " + e.getMessage(), e);
                }
            }
        }
        return examples;
    }

    static TaskExample parse(TaskName task, String line, String id,
            java.util.function.Function<CountdownInstance, String> countdownQuestion) {
        if (task == TaskName.COUNTDOWN) {
            CountdownInstance instance = CountdownJsonl.parseLine(line);
            return new TaskExample(id, countdownQuestion.apply(instance), instance.referenceJson());
        }
        JsonNode node = MAPPER.readTree(line);
        if (node == null || !node.isObject()) {
            throw new IllegalArgumentException("not a JSON object");
        }
        if (task == TaskName.GSM8K) {
            String question = requireText(node, "question", "GSM8K records need {\"question\", \"answer\"}");
            String answer = requireText(node, "answer", "GSM8K records need {\"question\", \"answer\"}");
            return new TaskExample(id, question, gsm8kGold(answer));
        }
        String problem = requireText(node, "problem", "MATH records need {\"problem\", \"solution\" or \"answer\"}");
        String answer = node.hasNonNull("answer") ? node.get("answer").asString() : null;
        if (answer == null) {
            String solution = requireText(node, "solution", "MATH records need \"answer\" or a \"solution\" with \\boxed{}");
            answer = lastBoxed(solution);
            if (answer == null) {
                throw new IllegalArgumentException("MATH record has no \"answer\" and its solution has no \\boxed{}");
            }
        }
        return new TaskExample(id, problem, answer);
    }

    /** Returns the text after the last {@code ####}, trimmed, or the whole text when there is no mark. */
    static String gsm8kGold(String answer) {
        int mark = answer.lastIndexOf(GSM8K_ANSWER_MARK);
        return (mark >= 0 ? answer.substring(mark + GSM8K_ANSWER_MARK.length()) : answer).trim();
    }

    /** Returns the content of the last {@code \boxed{...}} with balanced braces, or null. */
    static String lastBoxed(String text) {
        int start = text.lastIndexOf("\\boxed{");
        if (start < 0) {
            return null;
        }
        int depth = 0;
        int contentStart = start + "\\boxed{".length();
        for (int i = contentStart; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '{') {
                depth++;
            } else if (c == '}') {
                if (depth == 0) {
                    return text.substring(contentStart, i);
                }
                depth--;
            }
        }
        return null;
    }

    private static String requireText(JsonNode node, String field, String hint) {
        JsonNode value = node.get(field);
        if (value == null || !value.isString()) {
            throw new IllegalArgumentException("missing string field '" + field + "'; " + hint);
        }
        return value.asString();
    }
}
