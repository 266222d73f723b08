package org.stpplatform.rollout.generation;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.springframework.http.HttpStatus;
import org.stpplatform.common.web.ApiException;
import org.stpplatform.common.web.FieldViolation;
import org.stpplatform.common.web.ProblemTypes;
import org.stpplatform.engine.model.ModelConfig;
import org.stpplatform.engine.sampling.Canvas;
import org.stpplatform.engine.sampling.DecodingSettings;
import org.stpplatform.engine.sampling.Remasking;
import org.stpplatform.engine.tokenizer.TextTokenizer;
import org.stpplatform.rollout.config.RolloutProperties;

/**
 * Checks generation inputs against the limits and the served model, collecting every invalid field
 * before failing so that one 400 names them all. Field paths are those of the JSON body, e.g.
 * {@code settings.blockLength} or {@code prompts[2].canvas.anchors}.
 */
public class RequestValidator {

    private static final double MAX_TEMPERATURE = 100.0;

    private final RolloutProperties.Limits limits;

    public RequestValidator(RolloutProperties.Limits limits) {
        this.limits = limits;
    }

    /** Collects field violations of one request and throws them together. */
    public static final class Violations {
        private final List<FieldViolation> errors = new ArrayList<>();

        public void add(String field, String message) {
            errors.add(new FieldViolation(field, message));
        }

        public boolean isEmpty() {
            return errors.isEmpty();
        }

        /** Throws a 400 validation problem listing every violation, if there is any. */
        public void throwIfAny() {
            if (errors.isEmpty()) {
                return;
            }
            FieldViolation first = errors.get(0);
            String detail = "Invalid value for '" + first.field() + "': " + first.message()
                    + (errors.size() > 1 ? " (and " + (errors.size() - 1) + " more; see errors)" : "");
            throw new ApiException(HttpStatus.BAD_REQUEST, ProblemTypes.VALIDATION, "Invalid request", detail,
                    errors, Map.of());
        }
    }

    /** Checks the prompt count and the group size. */
    public void checkSizes(int promptCount, Integer groupSize, Violations violations) {
        if (promptCount > limits.maxPrompts()) {
            violations.add("prompts", "has " + promptCount + " prompts but at most " + limits.maxPrompts()
                    + " are allowed per request; split the request");
        }
        if (groupSize == null) {
            violations.add("groupSize", "is missing; give the number of completions per prompt");
        } else if (groupSize < 1 || groupSize > limits.maxGroupSize()) {
            violations.add("groupSize", "is " + groupSize + " but must be between 1 and " + limits.maxGroupSize());
        }
    }

    /**
     * Checks decoding settings, returning null when any of them is invalid. The returned settings
     * carry seed 0; the queue sets the seed of each batch.
     *
     * @param model the served model's configuration, which bounds the generation length
     */
    public DecodingSettings checkSettings(DecodingSettingsInput input, ModelConfig model, Violations violations) {
        int before = violations.errors.size();
        int maxLength = Math.min(limits.maxGenerationLength(), model.maxSequenceLength() - 1);
        Integer n = input.generationLength();
        if (n == null) {
            violations.add("settings.generationLength", "is missing; give the completion length in tokens");
        } else if (n < 1 || n > maxLength) {
            violations.add("settings.generationLength", "is " + n + " but must be between 1 and " + maxLength);
            n = null;
        }
        checkBlockAndSteps(n, input.blockLength(), input.steps(), violations);

        double temperature = input.temperature() == null ? 0.0 : input.temperature();
        if (!(temperature >= 0.0 && temperature <= MAX_TEMPERATURE)) {
            violations.add("settings.temperature", "is " + temperature + " but must be between 0 (greedy) and "
                    + MAX_TEMPERATURE);
        }
        Remasking remasking = parseRemasking(input.remasking(), violations);
        double tau = input.earlyExitTau() == null ? 0.0 : input.earlyExitTau();
        if (!(tau >= 0.0 && tau <= 1.0)) {
            violations.add("settings.earlyExitTau", "is " + tau + " but must be in (0, 1], or 0 or null for no early exit");
        }
        if (violations.errors.size() > before) {
            return null;
        }

        try {
            return new DecodingSettings(n, input.blockLength(), input.steps(), temperature, remasking, tau, 0L);
        } catch (IllegalArgumentException e) {
            // The engine's own checks; the ones above report the same cases with field names.
            violations.add("settings", e.getMessage());
            return null;
        }
    }

    /**
     * Checks that the block length divides N and that the steps are a multiple of the block count.
     *
     * @param n the generation length, or null when it is missing or invalid
     */
    private static void checkBlockAndSteps(Integer n, Integer block, Integer steps, Violations violations) {
        boolean blockValid = false;
        if (block == null) {
            violations.add("settings.blockLength", "is missing; give the block length in tokens");
        } else if (block < 1) {
            violations.add("settings.blockLength", "is " + block + " but must be positive");
        } else if (n != null && n % block != 0) {
            violations.add("settings.blockLength", "is " + block + " but must divide generationLength " + n
                    + "; use a divisor such as " + largestDivisorAtMost(n, block));
        } else {
            blockValid = true;
        }

        if (steps == null) {
            violations.add("settings.steps", "is missing; give the number of denoising steps");
        } else if (steps < 1) {
            violations.add("settings.steps", "is " + steps + " but must be positive");
        } else if (n != null && blockValid) {
            int blocks = n / block;
            if (steps % blocks != 0) {
                violations.add("settings.steps", "is " + steps + " but must be a multiple of the block count "
                        + blocks + " (generationLength / blockLength)");
            } else if (steps > n) {
                violations.add("settings.steps", "is " + steps + " but must not exceed generationLength " + n
                        + ", because each step commits at least one token");
            }
        }
    }

    private static Remasking parseRemasking(String value, Violations violations) {
        if (value == null || value.isBlank()) {
            return Remasking.LOW_CONFIDENCE;
        }
        String normalized = value.trim().toUpperCase(Locale.ROOT).replace('-', '_');
        for (Remasking remasking : Remasking.values()) {
            if (remasking.name().equals(normalized)) {
                return remasking;
            }
        }
        violations.add("settings.remasking", "is '" + value + "' but must be one of "
                + Arrays.stream(Remasking.values()).map(r -> r.name().toLowerCase(Locale.ROOT)).toList());
        return null;
    }

    private static int largestDivisorAtMost(int n, int limit) {
        for (int d = Math.min(n, limit); d > 1; d--) {
            if (n % d == 0) {
                return d;
            }
        }
        return 1;
    }

    /**
     * Checks one prompt and its canvas and turns it into a sequence input.
     *
     * @param field JSON path of the prompt, e.g. {@code prompts[0]}
     * @param generationLength N, or null when the settings were invalid (a canvas is then not checked)
     * @return the sequence, or null when the prompt is invalid
     */
    public SequenceInput checkPrompt(String field, String text, List<Integer> tokenIds, CanvasInput canvas,
            TextTokenizer tokenizer, ModelConfig model, Integer generationLength, Violations violations) {
        int before = violations.errors.size();
        int[] promptIds = null;
        if ((text == null) == (tokenIds == null)) {
            violations.add(field, "must have exactly one of 'text' and 'tokenIds'");
        } else if (text != null) {
            promptIds = tokenizer.encodePrompt(null, text);
        } else {
            promptIds = checkTokenIds(field + ".tokenIds", tokenIds, model, violations);
        }
        if (promptIds != null && promptIds.length == 0) {
            violations.add(field, "is empty; give at least one prompt token");
        }
        if (promptIds != null && generationLength != null
                && promptIds.length + generationLength > model.maxSequenceLength()) {
            violations.add(field, "has " + promptIds.length + " tokens; with generationLength " + generationLength
                    + " that exceeds the model's maximum sequence length " + model.maxSequenceLength());
        }
        int[] canvasTokens = null;
        boolean[] anchors = null;
        if (canvas != null && generationLength == null) {
            return null;
        }
        if (canvas != null) {
            canvasTokens = checkTokenIds(field + ".canvas.tokenIds", canvas.tokenIds(), model, violations);
            if (canvas.tokenIds().size() != generationLength) {
                violations.add(field + ".canvas.tokenIds", "has " + canvas.tokenIds().size()
                        + " entries but must have generationLength " + generationLength);
            }
            if (canvas.anchors().size() != generationLength) {
                violations.add(field + ".canvas.anchors", "has " + canvas.anchors().size()
                        + " entries but must have generationLength " + generationLength);
            }
            if (violations.errors.size() == before) {
                anchors = new boolean[generationLength];
                for (int i = 0; i < generationLength; i++) {
                    anchors[i] = canvas.anchors().get(i);
                    if (!anchors[i]) {
                        canvasTokens[i] = model.maskTokenId();
                    } else if (canvasTokens[i] == model.maskTokenId()) {
                        violations.add(field + ".canvas.tokenIds[" + i + "]",
                                "is the MASK token at an anchor position; anchors must hold real tokens");
                    }
                }
            }
        }
        if (violations.errors.size() > before) {
            return null;
        }
        return new SequenceInput(promptIds, canvasTokens == null ? null : new Canvas(canvasTokens, anchors));
    }

    private static int[] checkTokenIds(String field, List<Integer> ids, ModelConfig model, Violations violations) {
        int[] result = new int[ids.size()];
        for (int i = 0; i < result.length; i++) {
            int id = ids.get(i);
            if (id < 0 || id >= model.vocabularySize()) {
                violations.add(field + "[" + i + "]", "is " + id + " but token ids must be in [0, "
                        + model.vocabularySize() + ")");
                return null;
            }
            result[i] = id;
        }
        return result;
    }
}
