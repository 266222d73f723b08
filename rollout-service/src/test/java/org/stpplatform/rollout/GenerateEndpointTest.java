package org.stpplatform.rollout;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.Device;
import java.io.IOException;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.stpplatform.engine.io.Safetensors;
import org.stpplatform.engine.model.LladaModel;
import org.stpplatform.engine.tokenizer.TaskTokenizer;
import tools.jackson.databind.JsonNode;

/** {@code POST /v1/generate} over HTTP with the tiny built-in model started from a checkpoint. */
class GenerateEndpointTest extends DefaultServiceTest {

    private static List<List<Integer>> tokenIds(JsonNode body) {
        List<List<Integer>> all = new ArrayList<>();
        for (JsonNode result : body.get("results")) {
            for (JsonNode completion : result.get("completions")) {
                List<Integer> ids = new ArrayList<>();
                completion.get("tokenIds").forEach(id -> ids.add(id.asInt()));
                all.add(ids);
            }
        }
        return all;
    }

    @Test
    void generateReturnsGroupsOfFullCompletions() {
        HttpJson.Response response = http.post("/v1/generate",
                TestRequests.generate(List.of(TestRequests.PROMPT, "nums 1 2 3 target 6"), 3,
                        TestRequests.settings(0.9, 11L)));

        assertThat(response.status()).isEqualTo(200);
        JsonNode body = response.body();
        assertThat(body.get("policyVersion").asLong()).isEqualTo(0);
        assertThat(body.get("results")).hasSize(2);
        assertThat(body.get("results").get(1).get("promptIndex").asInt()).isEqualTo(1);
        JsonNode completion = body.get("results").get(0).get("completions").get(0);
        assertThat(body.get("results").get(0).get("completions")).hasSize(3);
        assertThat(completion.get("tokenIds")).hasSize(32);
        assertThat(completion.get("stepMap")).hasSize(32);
        assertThat(completion.get("nfe").asInt()).isEqualTo(8);
        assertThat(completion.get("earlyExit").asBoolean()).isFalse();
        assertThat(completion.get("anchorCount").asInt()).isZero();
        assertThat(completion.get("completionLength").asInt()).isBetween(1, 32);
        assertThat(completion.get("text").isString()).isTrue();
        assertThat(completion.get("timingsMs").get("generation").asLong()).isGreaterThanOrEqualTo(0);
        // Every position was committed at some step (random weights may still sample the MASK id).
        for (JsonNode step : completion.get("stepMap")) {
            assertThat(step.asInt()).isBetween(0, 7);
        }
    }

    @Test
    void startCheckpointIsServedWithItsChecksum() throws IOException {
        byte[] bytes = Files.readAllBytes(checkpointDir.resolve("model.safetensors"));
        JsonNode weights = http.get("/v1/weights").body();
        List<List<Integer>> expected;
        try (LladaModel model = LladaModel.load(checkpointDir, null, Device.cpu())) {
            expected = WeightPushTest.generateLocally(model);
        }

        assertThat(weights.get("sha256").asString()).isEqualTo(Safetensors.sha256(bytes));
        assertThat(weights.get("policyVersion").asLong()).isZero();
        assertThat(WeightPushTest.generateSeeded(http)).isEqualTo(expected);
    }

    @Test
    void sameSeedGivesSameCompletions() {
        Map<String, Object> request = TestRequests.generate(List.of(TestRequests.PROMPT), 4,
                TestRequests.settings(1.0, 1234L));

        List<List<Integer>> first = tokenIds(http.post("/v1/generate", request).body());
        List<List<Integer>> second = tokenIds(http.post("/v1/generate", request).body());
        List<List<Integer>> otherSeed = tokenIds(http.post("/v1/generate",
                TestRequests.generate(List.of(TestRequests.PROMPT), 4, TestRequests.settings(1.0, 99L))).body());

        assertThat(second).isEqualTo(first);
        assertThat(otherSeed).isNotEqualTo(first);
        // Completions of one group use different noise.
        assertThat(first.get(1)).isNotEqualTo(first.get(0));
    }

    @Test
    void temperatureZeroIsGreedyWhateverTheSeed() {
        List<List<Integer>> seedOne = tokenIds(http.post("/v1/generate",
                TestRequests.generate(List.of(TestRequests.PROMPT), 2, TestRequests.settings(0.0, 1L))).body());
        List<List<Integer>> seedTwo = tokenIds(http.post("/v1/generate",
                TestRequests.generate(List.of(TestRequests.PROMPT), 2, TestRequests.settings(0.0, 2L))).body());
        Map<String, Object> defaults = TestRequests.settings(0.0, null);
        defaults.remove("temperature");
        defaults.remove("remasking");
        List<List<Integer>> defaultSettings = tokenIds(http.post("/v1/generate",
                TestRequests.generate(List.of(TestRequests.PROMPT), 2, defaults)).body());

        assertThat(seedTwo).isEqualTo(seedOne);
        assertThat(seedOne.get(1)).isEqualTo(seedOne.get(0));
        assertThat(defaultSettings).isEqualTo(seedOne);
    }

    @Test
    void canvasAnchorsAreKept() {
        int n = 32;
        List<Integer> canvasTokens = new ArrayList<>();
        List<Boolean> anchors = new ArrayList<>();
        int[] answer = TaskTokenizer.instance().encode("<answer>");
        // Anchors: the answer tag at the start and one more copy of its first token at position 20.
        for (int i = 0; i < n; i++) {
            int token = TaskTokenizer.MASK_ID;
            if (i < answer.length) {
                token = answer[i];
            } else if (i == 20) {
                token = answer[0];
            }
            anchors.add(token != TaskTokenizer.MASK_ID);
            canvasTokens.add(token);
        }
        Map<String, Object> prompt = new LinkedHashMap<>();
        prompt.put("text", TestRequests.PROMPT);
        prompt.put("canvas", Map.of("tokenIds", canvasTokens, "anchors", anchors));
        Map<String, Object> request = new LinkedHashMap<>();
        request.put("prompts", List.of(prompt));
        request.put("groupSize", 2);
        request.put("settings", TestRequests.settings(0.9, 5L));

        HttpJson.Response response = http.post("/v1/generate", request);

        assertThat(response.status()).isEqualTo(200);
        JsonNode completion = response.body().get("results").get(0).get("completions").get(1);
        assertThat(completion.get("anchorCount").asInt()).isEqualTo(answer.length + 1);
        for (int i = 0; i < n; i++) {
            if (anchors.get(i)) {
                assertThat(completion.get("tokenIds").get(i).asInt()).as("token at anchor %d", i)
                        .isEqualTo(canvasTokens.get(i));
                assertThat(completion.get("stepMap").get(i).asInt()).as("step of anchor %d", i).isEqualTo(-1);
            } else {
                assertThat(completion.get("stepMap").get(i).asInt()).as("step of position %d", i)
                        .isBetween(0, 7);
            }
        }
    }

    @Test
    void earlyExitSavesForwardPasses() {
        Map<String, Object> settings = TestRequests.settings(0.9, 3L);
        settings.put("generationLength", 32);
        settings.put("blockLength", 32);
        settings.put("steps", 16);
        settings.put("earlyExitTau", 0.5);

        HttpJson.Response response = http.post("/v1/generate",
                TestRequests.generate(List.of(TestRequests.PROMPT), 2, settings));

        assertThat(response.status()).isEqualTo(200);
        JsonNode completion = response.body().get("results").get(0).get("completions").get(0);
        assertThat(completion.get("earlyExit").asBoolean()).isTrue();
        // K_stop = 16 of 32 positions at 2 per step takes 8 passes, plus one fill pass.
        assertThat(completion.get("nfe").asInt()).isEqualTo(9);
        for (JsonNode step : completion.get("stepMap")) {
            assertThat(step.asInt()).isBetween(0, 8);
        }
        String metrics = http.getText("/actuator/prometheus").raw().body();
        assertThat(metrics).contains("stp_rollout_early_exit_saved_forwards_total");
    }

    @Test
    void versionMismatchReturnsConflictWithServedVersion() {
        Map<String, Object> request = TestRequests.generate(List.of(TestRequests.PROMPT), 1,
                TestRequests.settings(0.0, 1L));
        request.put("expectedPolicyVersion", 5);

        HttpJson.Response response = http.post("/v1/generate", request);

        assertThat(response.status()).isEqualTo(409);
        assertThat(response.header("Content-Type")).startsWith("application/problem+json");
        assertThat(response.body().get("type").asString())
                .isEqualTo("https://stp-platform.dev/problems/policy-version-conflict");
        assertThat(response.body().get("servedVersion").asLong()).isZero();
        assertThat(response.body().get("expectedVersion").asLong()).isEqualTo(5);
    }

    @Test
    void matchingExpectedVersionIsServed() {
        Map<String, Object> request = TestRequests.generate(List.of(TestRequests.PROMPT), 1,
                TestRequests.settings(0.0, 1L));
        request.put("expectedPolicyVersion", 0);

        assertThat(http.post("/v1/generate", request).status()).isEqualTo(200);
    }

    /** Each case: a settings or request change, and the field the 400 problem must name. */
    @Test
    void invalidSettingsReturnProblemNamingTheField() {
        List<Object[]> cases = List.of(
                new Object[] {"blockLength", 7, "settings.blockLength"},
                new Object[] {"steps", 6, "settings.steps"},
                new Object[] {"steps", 64, "settings.steps"},
                new Object[] {"earlyExitTau", 1.5, "settings.earlyExitTau"},
                new Object[] {"earlyExitTau", -0.1, "settings.earlyExitTau"},
                new Object[] {"temperature", -1.0, "settings.temperature"},
                new Object[] {"remasking", "top_k", "settings.remasking"},
                new Object[] {"generationLength", 5000, "settings.generationLength"},
                new Object[] {"generationLength", null, "settings.generationLength"});
        for (Object[] testCase : cases) {
            Map<String, Object> settings = TestRequests.settings(0.0, 1L);
            settings.put((String) testCase[0], testCase[1]);

            HttpJson.Response response = http.post("/v1/generate",
                    TestRequests.generate(List.of(TestRequests.PROMPT), 1, settings));

            assertThat(response.status()).as("status for %s=%s", testCase[0], testCase[1]).isEqualTo(400);
            assertThat(response.header("Content-Type")).startsWith("application/problem+json");
            List<String> fields = new ArrayList<>();
            response.body().get("errors").forEach(error -> fields.add(error.get("field").asString()));
            assertThat(fields).as("fields for %s=%s", testCase[0], testCase[1]).contains((String) testCase[2]);
        }
    }

    @Test
    void invalidGroupSizeAndPromptsReturnProblem() {
        HttpJson.Response zeroGroup = http.post("/v1/generate",
                TestRequests.generate(List.of(TestRequests.PROMPT), 0, TestRequests.settings(0.0, 1L)));
        HttpJson.Response hugeGroup = http.post("/v1/generate",
                TestRequests.generate(List.of(TestRequests.PROMPT), 1000, TestRequests.settings(0.0, 1L)));
        Map<String, Object> bothForms = TestRequests.generate(List.of(), 1, TestRequests.settings(0.0, 1L));
        bothForms.put("prompts", List.of(Map.of("text", "1+1", "tokenIds", List.of(3, 4))));
        HttpJson.Response ambiguous = http.post("/v1/generate", bothForms);
        Map<String, Object> outOfVocabulary = TestRequests.generate(List.of(), 1, TestRequests.settings(0.0, 1L));
        outOfVocabulary.put("prompts", List.of(Map.of("tokenIds", List.of(3, 100000))));
        HttpJson.Response badToken = http.post("/v1/generate", outOfVocabulary);

        assertThat(zeroGroup.status()).isEqualTo(400);
        assertThat(zeroGroup.body().get("errors").get(0).get("field").asString()).isEqualTo("groupSize");
        assertThat(hugeGroup.status()).isEqualTo(400);
        assertThat(hugeGroup.body().get("errors").get(0).get("field").asString()).isEqualTo("groupSize");
        assertThat(ambiguous.status()).isEqualTo(400);
        assertThat(ambiguous.body().get("errors").get(0).get("field").asString()).isEqualTo("prompts[0]");
        assertThat(badToken.status()).isEqualTo(400);
        assertThat(badToken.body().get("errors").get(0).get("field").asString()).isEqualTo("prompts[0].tokenIds[1]");
    }

    @Test
    void oversizedBodyReturnsContentTooLarge() {
        String longText = "1".repeat(100_000);

        HttpJson.Response response = http.post("/v1/generate",
                TestRequests.generate(List.of(longText), 1, TestRequests.settings(0.0, 1L)));

        assertThat(response.status()).isEqualTo(413);
        assertThat(response.body().get("type").asString())
                .isEqualTo("https://stp-platform.dev/problems/request-too-large");
    }

    @Test
    void prometheusScrapeHasRolloutMetrics() {
        http.post("/v1/generate", TestRequests.generate(List.of(TestRequests.PROMPT), 2,
                TestRequests.settings(0.0, 1L)));

        HttpJson.Response scrape = http.getText("/actuator/prometheus");

        assertThat(scrape.status()).isEqualTo(200);
        String text = scrape.raw().body();
        assertThat(text).contains("stp_rollout_tokens_generated_tokens_total");
        assertThat(text).contains("stp_rollout_nfe_count");
        assertThat(text).contains("stp_rollout_anchor_fraction_count");
        assertThat(text).contains("stp_rollout_tokens_per_step_count");
        assertThat(text).contains("stp_rollout_batch_size_count");
        assertThat(text).contains("stp_rollout_queue_depth");
        assertThat(text).contains("stp_rollout_policy_version{application=\"rollout-service\"} 0.0");
        assertThat(text).contains("stp_rollout_weight_swap_seconds_count");
    }

    @Test
    void healthProbesAndOpenApiAreServed() {
        HttpJson.Response readiness = http.get("/actuator/health/readiness");
        HttpJson.Response liveness = http.get("/actuator/health/liveness");
        HttpJson.Response openApi = http.get("/v3/api-docs");

        assertThat(readiness.status()).isEqualTo(200);
        assertThat(readiness.body().get("status").asString()).isEqualTo("UP");
        assertThat(liveness.status()).isEqualTo(200);
        assertThat(openApi.status()).isEqualTo(200);
        assertThat(openApi.body().get("paths").has("/v1/generate")).isTrue();
        assertThat(openApi.body().get("paths").has("/v1/weights")).isTrue();
        assertThat(openApi.body().get("paths").has("/v1/jobs")).isTrue();
    }
}
