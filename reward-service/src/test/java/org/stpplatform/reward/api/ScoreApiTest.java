package org.stpplatform.reward.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

class ScoreApiTest extends RewardServiceHttpTest {

    @Test
    void countdownBatchScoresEachItem() {
        Reply reply = post("/v1/score", Map.of("task", "countdown", "items", List.of(
                Map.of("completion", "<reasoning>88+32=120, 120/4=30</reasoning>\n<answer>\n60 - (88 + 32) / 4\n</answer>",
                        "reference", "{\"numbers\":[88,4,32,60],\"target\":30}"),
                Map.of("completion", "<answer>88 - 60 + 4 - 32</answer>", "numbers", List.of(88, 4, 32, 60),
                        "target", 30),
                Map.of("completion", "no tags at all", "numbers", List.of(88, 4, 32, 60), "target", 30))));

        assertThat(reply.status()).isEqualTo(200);
        JsonNode results = reply.body().get("results");
        assertThat(results.size()).isEqualTo(3);
        assertThat(results.get(0).get("outcome").asString()).isEqualTo("CORRECT");
        assertThat(results.get(0).get("reward").asDouble()).isEqualTo(1.0);
        assertThat(results.get(1).get("outcome").asString()).isEqualTo("WRONG");
        assertThat(results.get(1).get("reward").asDouble()).isEqualTo(0.1);
        assertThat(results.get(2).get("reward").asDouble()).isEqualTo(0.0);
        assertThat(results.get(2).get("index").asInt()).isEqualTo(2);
    }

    @Test
    void gsm8kBatchGivesCorrectnessAndFormat() {
        String correct = "<reasoning>\n6 * 7 = 42\n</reasoning>\n<answer>\n42\n</answer>\n";
        String wrong = "<reasoning>\n6 * 7 = 41\n</reasoning>\n<answer>\n41\n</answer>\n";
        Reply reply = post("/v1/score", Map.of("task", "gsm8k", "items", List.of(
                Map.of("completion", correct, "reference", "Six sevens.\n#### 42"),
                Map.of("completion", wrong, "reference", "42"))));

        assertThat(reply.status()).isEqualTo(200);
        JsonNode right = reply.body().get("results").get(0);
        JsonNode other = reply.body().get("results").get(1);
        assertThat(right.get("outcome").asString()).isEqualTo("CORRECT");
        assertThat(right.get("reward").asDouble()).isGreaterThanOrEqualTo(2.0).isLessThanOrEqualTo(4.0);
        assertThat(other.get("outcome").asString()).isEqualTo("WRONG");
        assertThat(other.get("reward").asDouble()).isLessThanOrEqualTo(2.0);
        assertThat(right.get("reward").asDouble() - other.get("reward").asDouble()).isCloseTo(2.0, within(1e-9));
        assertThat(sumOfBreakdown(right)).isCloseTo(right.get("reward").asDouble(), within(1e-9));
    }

    @Test
    void mathBatchComparesByValue() {
        Reply reply = post("/v1/score", Map.of("task", "math", "mode", "strict", "items", List.of(
                Map.of("completion", "<answer>The answer is \\boxed{0.75}</answer>", "reference", "\\frac{3}{4}"),
                Map.of("completion", "<answer>\\boxed{\\frac{1}{5}}</answer>", "reference", "\\frac{1}{2}"))));

        assertThat(reply.status()).isEqualTo(200);
        JsonNode results = reply.body().get("results");
        assertThat(results.get(0).get("outcome").asString()).isEqualTo("CORRECT");
        assertThat(results.get(0).get("reward").asDouble()).isGreaterThanOrEqualTo(2.0);
        assertThat(results.get(1).get("outcome").asString()).isEqualTo("WRONG");
        assertThat(sumOfBreakdown(results.get(0))).isCloseTo(results.get(0).get("reward").asDouble(), within(1e-9));
    }

    @Test
    void hostileMathInputEndsWithinDeadline() {
        long start = System.nanoTime();
        Reply reply = post("/v1/score", Map.of("task", "math", "items", List.of(
                Map.of("completion", "\\boxed{7^{7^{7^{7^7}}}}", "reference", "7"),
                Map.of("completion", "\\boxed{[__import__('os').system('true')]}", "reference", "3"))));
        double seconds = (System.nanoTime() - start) / 1e9;

        assertThat(reply.status()).isEqualTo(200);
        assertThat(reply.body().get("results").get(0).get("outcome").asString()).isIn("WRONG", "TIMEOUT");
        assertThat(reply.body().get("results").get(1).get("outcome").asString()).isIn("WRONG", "UNPARSEABLE");
        assertThat(seconds).isLessThan(5.0);
    }

    @Test
    void invalidBatchNamesFields() {
        List<Map<String, Object>> items = new ArrayList<>();
        items.add(Map.of("completion", "<answer>1</answer>", "reference", "1"));
        items.add(Map.of("reference", "2"));
        Reply missingCompletion = post("/v1/score", Map.of("task", "gsm8k", "items", items));
        Reply unknownTask = post("/v1/score", "{\"task\":\"chess\",\"items\":[{\"completion\":\"x\",\"reference\":\"1\"}]}");
        Reply noItems = post("/v1/score", Map.of("task", "math", "items", List.of()));
        Reply unknownMode = post("/v1/score", Map.of("task", "math", "mode", "lenient",
                "items", List.of(Map.of("completion", "x", "reference", "1"))));

        assertThat(missingCompletion.status()).isEqualTo(400);
        assertThat(missingCompletion.body().get("type").asString())
                .isEqualTo("https://stp-platform.dev/problems/validation");
        assertThat(errorFields(missingCompletion)).containsExactly("items[1].completion");
        assertThat(unknownTask.status()).isEqualTo(400);
        assertThat(errorFields(unknownTask)).containsExactly("task");
        assertThat(noItems.status()).isEqualTo(400);
        assertThat(errorFields(noItems)).containsExactly("items");
        assertThat(unknownMode.status()).isEqualTo(400);
        assertThat(errorFields(unknownMode)).containsExactly("mode");
    }

    @Test
    void limitsAndReferencesAreChecked() {
        List<Map<String, Object>> tooMany = new ArrayList<>();
        for (int i = 0; i < 65; i++) {
            tooMany.add(Map.of("completion", "x", "reference", "1"));
        }
        Reply batchTooLarge = post("/v1/score", Map.of("task", "gsm8k", "items", tooMany));
        Reply completionTooLong = post("/v1/score", Map.of("task", "gsm8k", "items", List.of(
                Map.of("completion", "9".repeat(4097), "reference", "1"))));
        Reply badCountdown = post("/v1/score", Map.of("task", "countdown", "items", List.of(
                Map.of("completion", "<answer>1+2</answer>", "reference", "{\"numbers\":[1,2]}"),
                Map.of("completion", "<answer>1+2</answer>", "numbers", List.of(1, 2)),
                Map.of("completion", "<answer>1+2</answer>", "reference", "3"),
                Map.of("completion", "<answer>1+2</answer>", "numbers", List.of(1, 2), "target", 3,
                        "reference", "{\"numbers\":[5],\"target\":5}"),
                Map.of("completion", "<answer>1+2</answer>", "numbers", List.of(2, 1), "target", 3,
                        "reference", "{\"numbers\":[1,2],\"target\":3}"))));
        Reply wrongType = post("/v1/score", "{\"task\":\"countdown\",\"items\":[{\"completion\":\"x\",\"numbers\":[1,\"two\"],\"target\":3}]}");

        assertThat(batchTooLarge.status()).isEqualTo(400);
        assertThat(errorFields(batchTooLarge)).containsExactly("items");
        assertThat(completionTooLong.status()).isEqualTo(400);
        assertThat(errorFields(completionTooLong)).containsExactly("items[0].completion");
        assertThat(badCountdown.status()).isEqualTo(400);
        assertThat(errorFields(badCountdown)).containsExactly("items[0].reference", "items[1].target",
                "items[2].reference", "items[3].reference");
        assertThat(wrongType.status()).isEqualTo(400);
        assertThat(errorFields(wrongType)).containsExactly("items[0].numbers[1]");
    }

    @Test
    void oversizedBodyIsRejected() {
        Reply reply = post("/v1/score", Map.of("task", "gsm8k", "items", List.of(
                Map.of("completion", "x".repeat(250_000), "reference", "1"))));

        assertThat(reply.status()).isEqualTo(413);
        assertThat(reply.body().get("type").asString()).isEqualTo("https://stp-platform.dev/problems/payload-too-large");
        assertThat(reply.body().get("detail").asString()).contains("200000");
    }

    @Test
    void tasksListFunctionsAndPoints() {
        Reply reply = get("/v1/tasks");

        assertThat(reply.status()).isEqualTo(200);
        assertThat(reply.body().get("mode").asString()).isEqualTo("strict");
        Map<String, Double> maxRewards = new java.util.HashMap<>();
        reply.body().get("tasks").forEach(task -> maxRewards.put(task.get("task").asString(),
                task.get("maxReward").asDouble()));
        assertThat(maxRewards).containsEntry("gsm8k", 4.0).containsEntry("countdown", 1.0);
        assertThat(reply.body().get("tasks").get(0).get("functions").get(0).get("name").asString()).isNotBlank();
        assertThat(reply.body().get("tasks").get(0).get("functions").get(0).get("maxPoints").asDouble()).isPositive();
    }

    @Test
    void tasksInReferenceModeUsePublishedPoints() {
        Reply reply = get("/v1/tasks?mode=reference");

        assertThat(reply.status()).isEqualTo(200);
        assertThat(reply.body().get("mode").asString()).isEqualTo("reference");
        Map<String, Double> maxRewards = new java.util.HashMap<>();
        reply.body().get("tasks").forEach(task -> maxRewards.put(task.get("task").asString(),
                task.get("maxReward").asDouble()));
        assertThat(maxRewards).containsEntry("gsm8k", 4.0).containsEntry("math", 2.75).containsEntry("countdown", 1.0);
    }

    @Test
    void openApiDocumentListsEndpoints() {
        Reply reply = get("/v3/api-docs");

        assertThat(reply.status()).isEqualTo(200);
        JsonNode paths = reply.body().get("paths");
        assertThat(paths.has("/v1/score")).isTrue();
        assertThat(paths.has("/v1/groups")).isTrue();
        assertThat(paths.has("/v1/groups/claim")).isTrue();
        assertThat(paths.has("/v1/groups/ack")).isTrue();
        assertThat(paths.has("/v1/tasks")).isTrue();
        assertThat(paths.has("/v1/runs/{runId}/queue")).isTrue();
    }

    @Test
    void prometheusScrapeHasRewardMetrics() {
        post("/v1/score", Map.of("task", "countdown", "items", List.of(
                Map.of("completion", "<answer>60 - (88 + 32) / 4</answer>", "numbers", List.of(88, 4, 32, 60),
                        "target", 30))));
        Reply health = get("/actuator/health");
        Reply readiness = get("/actuator/health/readiness");
        Reply liveness = get("/actuator/health/liveness");
        Reply scrape = get("/actuator/prometheus");

        assertThat(health.status()).isEqualTo(200);
        assertThat(health.body().get("status").asString()).isEqualTo("UP");
        assertThat(readiness.status()).isEqualTo(200);
        assertThat(liveness.status()).isEqualTo(200);
        assertThat(scrape.status()).isEqualTo(200);
        assertThat(scrape.raw())
                .containsPattern("stp_reward_scores_total\\{[^}]*outcome=\"CORRECT\"[^}]*task=\"countdown\"[^}]*} [1-9]")
                .contains("stp_reward_scoring_latency_seconds_count{")
                .contains("stp_reward_queue_depth{")
                .contains("stp_reward_groups_submitted_total{")
                .contains("stp_reward_claims_total")
                .contains("stp_reward_lease_expiries_total")
                .contains("application=\"reward-service\"");
    }

    @Test
    void requestIdIsEchoedInProblems() {
        Reply reply = post("/v1/score", "{\"task\":");

        assertThat(reply.status()).isEqualTo(400);
        assertThat(reply.body().get("type").asString()).isEqualTo("https://stp-platform.dev/problems/malformed-request");
        assertThat(reply.body().get("requestId").asString()).isNotBlank();
    }

    private static double sumOfBreakdown(JsonNode result) {
        double sum = 0.0;
        for (JsonNode value : result.get("breakdown")) {
            sum += value.asDouble();
        }
        return sum;
    }
}
