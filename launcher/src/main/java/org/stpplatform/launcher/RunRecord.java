package org.stpplatform.launcher;

import java.util.ArrayList;
import java.util.List;
import java.util.OptionalDouble;
import java.util.function.ToDoubleFunction;
import tools.jackson.databind.JsonNode;

/**
 * Data the demo collected about one run: its final status, step metrics and evaluations as the
 * trainer returned them.
 *
 * @param algorithm stp, elbo-grpo or diffu-grpo
 * @param seed the run's seed of prompts, rollouts and masks
 * @param runId the trainer's run id
 * @param status final {@code GET /v1/runs/{id}} body
 * @param steps {@code GET /v1/runs/{id}/steps} entries in step order
 * @param evaluations {@code GET /v1/runs/{id}/evaluations} entries in step order
 * @param wallSeconds time from start request to the terminal state
 */
record RunRecord(String algorithm, long seed, String runId, JsonNode status, List<JsonNode> steps,
        List<JsonNode> evaluations, double wallSeconds) {

    RunRecord {
        steps = List.copyOf(steps);
        evaluations = List.copyOf(evaluations);
    }

    static List<JsonNode> elements(JsonNode array) {
        List<JsonNode> list = new ArrayList<>();
        if (array != null && array.isArray()) {
            array.forEach(list::add);
        }
        return list;
    }

    String state() {
        return status.path("state").asString("unknown");
    }

    /** Returns the evaluation at the lowest step (the base checkpoint when evaluated before training). */
    JsonNode firstEvaluation() {
        return evaluations.isEmpty() ? null : evaluations.get(0);
    }

    JsonNode lastEvaluation() {
        return evaluations.isEmpty() ? null : evaluations.get(evaluations.size() - 1);
    }

    /** Returns the mean of a numeric step field over the steps that report it. */
    OptionalDouble meanOfSteps(String field) {
        return steps.stream()
                .filter(step -> step.hasNonNull(field) && step.get(field).isNumber())
                .mapToDouble(step -> step.get(field).asDouble())
                .average();
    }

    /** Returns the mean of {@code value} over the first (or last) {@code count} steps. */
    OptionalDouble meanOfSteps(ToDoubleFunction<JsonNode> value, int count, boolean last) {
        if (steps.isEmpty()) {
            return OptionalDouble.empty();
        }
        int from = last ? Math.max(0, steps.size() - count) : 0;
        int to = last ? steps.size() : Math.min(steps.size(), count);
        return steps.subList(from, to).stream().mapToDouble(value).average();
    }

    /** Returns the mean wall time of one step in seconds: rollout + scoring + update + push. */
    OptionalDouble meanStepSeconds() {
        return steps.stream().mapToDouble(RunRecord::stepSeconds).average();
    }

    static double stepSeconds(JsonNode step) {
        return (step.path("rolloutMillis").asDouble() + step.path("scoringMillis").asDouble()
                + step.path("updateMillis").asDouble() + step.path("pushMillis").asDouble()) / 1000.0;
    }
}
