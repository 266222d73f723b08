package org.stpplatform.reward.score;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;
import org.stpplatform.common.api.TaskName;
import org.stpplatform.common.web.ApiException;
import org.stpplatform.common.web.FieldViolation;
import org.stpplatform.common.web.ProblemTypes;
import org.stpplatform.reward.config.RewardProperties;
import org.stpplatform.reward.scoring.ScoringMode;
import org.stpplatform.reward.scoring.TaskInstance;

/**
 * Checks requests against the configured limits and turns references into {@link TaskInstance}s.
 * Every method collects all violations and throws one 400 problem naming each field.
 */
@Component
public class ScoringRequests {

    private final RewardProperties.Limits limits;
    private final ScoringMode defaultMode;

    public ScoringRequests(RewardProperties properties) {
        this.limits = properties.limits();
        this.defaultMode = properties.scoring().mode();
    }

    public RewardProperties.Limits limits() {
        return limits;
    }

    /** Parses a mode name, ignoring case; null selects the configured default. */
    public ScoringMode mode(String field, String name) {
        if (name == null || name.isBlank()) {
            return defaultMode;
        }
        for (ScoringMode mode : ScoringMode.values()) {
            if (mode.name().equalsIgnoreCase(name.trim())) {
                return mode;
            }
        }
        String supported = Arrays.stream(ScoringMode.values())
                .map(mode -> mode.name().toLowerCase(Locale.ROOT)).collect(Collectors.joining(", "));
        throw ApiException.invalidField(field, "unknown scoring mode '" + truncate(name) + "', expected one of "
                + supported);
    }

    /** Builds the scoring jobs of a {@code POST /v1/score} request. */
    List<ScoringJob> jobs(ScoreBatchRequest request) {
        List<FieldViolation> errors = new ArrayList<>();
        if (request.items().size() > limits.maxBatchSize()) {
            errors.add(new FieldViolation("items", "has " + request.items().size() + " items; the limit is "
                    + limits.maxBatchSize() + " (stp.reward.limits.max-batch-size), so split the batch"));
            throw validation(errors);
        }
        List<ScoringJob> jobs = new ArrayList<>(request.items().size());
        for (int i = 0; i < request.items().size(); i++) {
            ScoreBatchRequest.ScoreItem item = request.items().get(i);
            String path = "items[" + i + "]";
            checkLength(errors, path + ".completion", item.completion(), limits.maxCompletionChars(),
                    "stp.reward.limits.max-completion-chars");
            checkLength(errors, path + ".reference", item.reference(), limits.maxReferenceChars(),
                    "stp.reward.limits.max-reference-chars");
            TaskInstance instance = instance(errors, path, request.task(), item.reference(), item.numbers(),
                    item.target());
            if (instance != null) {
                jobs.add(new ScoringJob(i, instance, item.completion()));
            }
        }
        if (!errors.isEmpty()) {
            throw validation(errors);
        }
        return jobs;
    }

    /**
     * Builds the task instance of one reference, adding a violation under {@code path} when it is
     * unusable.
     *
     * @return the instance, or null when a violation was added
     */
    public TaskInstance instance(List<FieldViolation> errors, String path, TaskName task, String reference,
            List<Integer> numbers, Integer target) {
        String referenceField = path.isEmpty() ? "reference" : path + ".reference";
        if (task != TaskName.COUNTDOWN) {
            if (reference == null || reference.isBlank()) {
                errors.add(new FieldViolation(referenceField, "must not be blank: send the gold answer"));
                return null;
            }
            return TaskInstance.parse(task, reference);
        }
        if (numbers != null || target != null) {
            return countdownFromFields(errors, path, reference, numbers, target);
        }
        if (reference == null || !reference.strip().startsWith("{")) {
            errors.add(new FieldViolation(referenceField, "countdown needs the numbers and target, either as JSON"
                    + " text like {\"numbers\":[88,4,32,60],\"target\":30} or in the numbers and target fields"));
            return null;
        }
        try {
            return TaskInstance.parse(task, reference);
        } catch (IllegalArgumentException e) {
            errors.add(new FieldViolation(referenceField, truncate(e.getMessage())));
            return null;
        }
    }

    private static TaskInstance countdownFromFields(List<FieldViolation> errors, String path, String reference,
            List<Integer> numbers, Integer target) {
        String prefix = path.isEmpty() ? "" : path + ".";
        int before = errors.size();
        if (numbers == null || numbers.isEmpty()) {
            errors.add(new FieldViolation(prefix + "numbers", "countdown needs a non-empty list of numbers"));
        } else if (numbers.size() > 64) {
            errors.add(new FieldViolation(prefix + "numbers", "has " + numbers.size() + " numbers; at most 64"));
        }
        if (target == null) {
            errors.add(new FieldViolation(prefix + "target", "countdown needs the integer target"));
        }
        if (errors.size() > before) {
            return null;
        }
        if (reference != null && reference.strip().startsWith("{") && !agrees(reference, numbers, target)) {
            errors.add(new FieldViolation(prefix + "reference", "names other numbers or another target than the"
                    + " numbers and target fields; send only one of the two, or make them agree"));
            return null;
        }
        return new TaskInstance(TaskName.COUNTDOWN, reference, numbers, target);
    }

    /** Tells whether a JSON countdown reference names the same multiset of numbers and the same target. */
    private static boolean agrees(String reference, List<Integer> numbers, int target) {
        TaskInstance fromReference;
        try {
            fromReference = TaskInstance.parse(TaskName.COUNTDOWN, reference);
        } catch (IllegalArgumentException e) {
            return false;
        }
        return fromReference.target() != null && fromReference.target() == target
                && sorted(fromReference.numbers()).equals(sorted(numbers));
    }

    private static List<Integer> sorted(List<Integer> values) {
        return values == null ? List.of() : values.stream().sorted().toList();
    }

    /** Adds a violation when {@code text} is longer than {@code max} characters. */
    public static void checkLength(List<FieldViolation> errors, String field, String text, int max, String property) {
        if (text != null && text.length() > max) {
            errors.add(new FieldViolation(field, "has " + text.length() + " characters; the limit is " + max
                    + " (" + property + ")"));
        }
    }

    /** Creates the 400 problem for a list of violations. */
    public static ApiException validation(List<FieldViolation> errors) {
        String fields = errors.stream().map(FieldViolation::field).distinct().collect(Collectors.joining(", "));
        return new ApiException(HttpStatus.BAD_REQUEST, ProblemTypes.VALIDATION, "Invalid request",
                "Invalid request: check " + fields + ".", errors, java.util.Map.of());
    }

    private static String truncate(String text) {
        return text == null || text.length() <= 200 ? text : text.substring(0, 200) + "...";
    }
}
