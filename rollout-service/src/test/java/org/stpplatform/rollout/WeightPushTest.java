package org.stpplatform.rollout;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.ActiveProfiles;
import org.stpplatform.engine.io.Safetensors;
import org.stpplatform.engine.model.BuiltinModels;
import org.stpplatform.engine.model.LladaModel;
import org.stpplatform.engine.model.LoraConfig;
import org.stpplatform.engine.model.ModelConfig;
import org.stpplatform.engine.sampling.DecodingSettings;
import org.stpplatform.engine.sampling.DiffusionSampler;
import org.stpplatform.engine.sampling.Generation;
import org.stpplatform.engine.sampling.InferenceScope;
import org.stpplatform.engine.sampling.Remasking;
import org.stpplatform.engine.tokenizer.TaskTokenizer;
import tools.jackson.databind.JsonNode;

/**
 * {@code PUT /v1/weights} over HTTP: rejected pushes leave the served outputs unchanged, valid
 * pushes change them to exactly what the engine computes locally with the pushed weights. The
 * tests share one service, so the full push runs before the LoRA push, whose adapters the local
 * computation does not know.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "stp.rollout.lora.rank=4",
        "stp.rollout.lora.alpha=8",
        "stp.security.api-token=test-token"})
@ActiveProfiles("test")
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class WeightPushTest {

    private static final Map<String, String> AUTH = Map.of("Authorization", "Bearer test-token");
    static final long SEED = 2024;
    private static final ModelConfig CONFIG = BuiltinModels.config(BuiltinModels.COUNTDOWN_TINY);
    private static final LoraConfig LORA = new LoraConfig(4, 8, 0.0, LoraConfig.allProjectionsTargets());

    @LocalServerPort
    int port;

    HttpJson http;

    static NDManager manager;
    static LladaModel otherModel;
    static byte[] otherWeights;

    @BeforeAll
    static void buildWeights() {
        manager = NDManager.newBaseManager(Device.cpu());
        otherModel = LladaModel.create(CONFIG, LORA, Device.cpu(), 99);
        otherWeights = Safetensors.toBytes(otherModel.baseParameters());
    }

    @AfterAll
    static void release() {
        otherModel.close();
        manager.close();
    }

    @BeforeEach
    void connect() throws InterruptedException {
        http = new HttpJson(port);
        http.awaitReady();
    }

    static List<List<Integer>> generateSeeded(HttpJson http) {
        HttpJson.Response response = http.post("/v1/generate",
                TestRequests.generate(List.of(TestRequests.PROMPT), 2, TestRequests.settings(0.9, SEED)));
        assertThat(response.status()).isEqualTo(200);
        List<List<Integer>> all = new ArrayList<>();
        for (JsonNode completion : response.body().get("results").get(0).get("completions")) {
            List<Integer> ids = new ArrayList<>();
            completion.get("tokenIds").forEach(id -> ids.add(id.asInt()));
            all.add(ids);
        }
        return all;
    }

    /** Runs the engine in this JVM with the request's prompt, group size and settings. */
    static List<List<Integer>> generateLocally(LladaModel model) {
        int[] prompt = TaskTokenizer.instance().encodePrompt(null, TestRequests.PROMPT);
        DecodingSettings settings = new DecodingSettings(32, 8, 8, 0.9, Remasking.LOW_CONFIDENCE, 0.0, SEED);
        List<Generation> generations;
        try (InferenceScope ignored = InferenceScope.enter()) {
            generations = new DiffusionSampler(model).generate(List.of(prompt, prompt), null, settings);
        }
        List<List<Integer>> all = new ArrayList<>();
        for (Generation generation : generations) {
            all.add(Arrays.stream(generation.tokens()).boxed().toList());
        }
        return all;
    }

    private JsonNode weights() {
        HttpJson.Response response = http.send("/v1/weights", AUTH);
        assertThat(response.status()).isEqualTo(200);
        return response.body();
    }

    private HttpJson.Response push(byte[] body, long version, String sha256, String kind) {
        Map<String, String> headers = new LinkedHashMap<>(AUTH);
        headers.put("X-Policy-Version", Long.toString(version));
        headers.put("X-Weights-Sha256", sha256);
        headers.put("X-Weights-Kind", kind);
        return http.put("/v1/weights", body, headers);
    }

    private static Map<String, NDArray> withReplaced(Map<String, NDArray> tensors, String name, NDArray value) {
        Map<String, NDArray> copy = new LinkedHashMap<>(tensors);
        if (value == null) {
            copy.remove(name);
        } else {
            copy.put(name, value);
        }
        return copy;
    }

    @Test
    @Order(0)
    void startWeightsComeFromShippedBaseCheckpoint() throws Exception {
        JsonNode served = weights();
        byte[] checkpoint;
        try (InputStream stream = getClass().getResourceAsStream("/models/countdown-tiny/model.safetensors")) {
            assertThat(stream).as("base checkpoint on the classpath").isNotNull();
            checkpoint = stream.readAllBytes();
        }
        List<List<Integer>> expected;
        try (LladaModel initial = LladaModel.create(CONFIG, LORA, Device.cpu(), 7);
                NDManager scope = NDManager.newBaseManager(Device.cpu())) {
            initial.loadWeights(Safetensors.fromBytes(checkpoint, scope));
            expected = generateLocally(initial);
        }

        assertThat(served.get("policyVersion").asLong()).isZero();
        assertThat(served.get("sha256").asString()).isEqualTo(Safetensors.sha256(checkpoint));
        assertThat(served.get("kind").asString()).isEqualTo("full");
        assertThat(generateSeeded(http)).isEqualTo(expected);
    }

    @Test
    @Order(1)
    void corruptedPushesAreRejectedAndOldWeightsKeepServing() {
        JsonNode before = weights();
        long version = before.get("policyVersion").asLong();
        List<List<Integer>> baseline = generateSeeded(http);
        Map<String, NDArray> base = otherModel.baseParameters();
        String embedding = "model.transformer.wte.weight";
        byte[] missingTensor = Safetensors.toBytes(withReplaced(base, "model.transformer.ln_f.weight", null));
        byte[] wrongShape = Safetensors.toBytes(withReplaced(base, embedding,
                manager.zeros(new Shape(CONFIG.vocabularySize(), 64))));
        byte[] unknownTensor = Safetensors.toBytes(withReplaced(base, "model.transformer.extra.weight",
                manager.zeros(new Shape(4))));
        byte[] notSafetensors = "definitely not safetensors".getBytes(java.nio.charset.StandardCharsets.UTF_8);

        HttpJson.Response wrongChecksum = push(otherWeights, version + 1, Safetensors.sha256(missingTensor), "full");
        HttpJson.Response missing = push(missingTensor, version + 1, Safetensors.sha256(missingTensor), "full");
        HttpJson.Response shape = push(wrongShape, version + 1, Safetensors.sha256(wrongShape), "full");
        HttpJson.Response unknown = push(unknownTensor, version + 1, Safetensors.sha256(unknownTensor), "full");
        HttpJson.Response malformed = push(notSafetensors, version + 1, Safetensors.sha256(notSafetensors), "full");
        HttpJson.Response fullAsLora = push(otherWeights, version + 1, Safetensors.sha256(otherWeights), "lora");

        assertThat(wrongChecksum.status()).isEqualTo(400);
        assertThat(wrongChecksum.body().get("errors").get(0).get("field").asString()).isEqualTo("X-Weights-Sha256");
        assertThat(missing.status()).isEqualTo(422);
        assertThat(missing.body().get("detail").asString()).contains("model.transformer.ln_f.weight");
        assertThat(shape.status()).isEqualTo(422);
        assertThat(shape.body().get("detail").asString()).contains(embedding).contains("(" + CONFIG.vocabularySize()
                + ", 64)");
        assertThat(unknown.status()).isEqualTo(422);
        assertThat(unknown.body().get("detail").asString()).contains("model.transformer.extra.weight");
        assertThat(malformed.status()).isEqualTo(400);
        assertThat(malformed.body().get("type").asString()).isEqualTo("https://stp-platform.dev/problems/invalid-weights");
        assertThat(fullAsLora.status()).isEqualTo(422);
        assertThat(weights()).isEqualTo(before);
        assertThat(generateSeeded(http)).isEqualTo(baseline);
        assertThat(http.getText("/actuator/prometheus").raw().body())
                .contains("stp_rollout_weight_swap_seconds_count{application=\"rollout-service\",outcome=\"failure\"}");
    }

    @Test
    @Order(2)
    void validFullPushChangesOutputsAndVersion() {
        long version = weights().get("policyVersion").asLong();
        List<List<Integer>> before = generateSeeded(http);
        String sha256 = Safetensors.sha256(otherWeights);

        HttpJson.Response response = push(otherWeights, version + 10, sha256.toUpperCase(), "full");

        assertThat(response.status()).isEqualTo(200);
        assertThat(response.body().get("policyVersion").asLong()).isEqualTo(version + 10);
        assertThat(response.body().get("sha256").asString()).isEqualTo(sha256);
        JsonNode served = weights();
        assertThat(served.get("policyVersion").asLong()).isEqualTo(version + 10);
        assertThat(served.get("sha256").asString()).isEqualTo(sha256);
        assertThat(served.get("kind").asString()).isEqualTo("full");
        List<List<Integer>> after = generateSeeded(http);
        assertThat(after).isNotEqualTo(before);
        assertThat(after).isEqualTo(generateLocally(otherModel));

        HttpJson.Response repeated = push(otherWeights, version + 10, sha256, "full");
        HttpJson.Response older = push(otherWeights, version + 9, sha256, "full");

        assertThat(repeated.status()).isEqualTo(200);
        assertThat(older.status()).isEqualTo(409);
        assertThat(older.body().get("servedVersion").asLong()).isEqualTo(version + 10);
        assertThat(weights().get("policyVersion").asLong()).isEqualTo(version + 10);
        assertThat(generateSeeded(http)).isEqualTo(after);
    }

    @Test
    @Order(3)
    void validLoraPushChangesOutputs() {
        long version = weights().get("policyVersion").asLong();
        List<List<Integer>> before = generateSeeded(http);
        Random random = new Random(5);
        Map<String, NDArray> adapters = new LinkedHashMap<>();
        for (Map.Entry<String, NDArray> entry : otherModel.adapterParameters().entrySet()) {
            Shape shape = entry.getValue().getShape();
            float[] values = new float[Math.toIntExact(shape.size())];
            for (int i = 0; i < values.length; i++) {
                values[i] = (float) (random.nextGaussian() * 0.5);
            }
            adapters.put(entry.getKey(), manager.create(values, shape));
        }
        byte[] bytes = Safetensors.toBytes(adapters);

        HttpJson.Response response = push(bytes, version + 1, Safetensors.sha256(bytes), "lora");

        assertThat(response.status()).isEqualTo(200);
        assertThat(weights().get("kind").asString()).isEqualTo("lora");
        assertThat(generateSeeded(http)).isNotEqualTo(before);
    }

    @Test
    void weightEndpointsRequireBearerToken() {
        HttpJson.Response noToken = http.put("/v1/weights", otherWeights, Map.of(
                "X-Policy-Version", "100", "X-Weights-Sha256", Safetensors.sha256(otherWeights)));
        HttpJson.Response wrongToken = http.send("/v1/weights", Map.of("Authorization", "Bearer wrong"));
        HttpJson.Response jobsWithoutToken = http.post("/v1/jobs", "{}");

        assertThat(noToken.status()).isEqualTo(401);
        assertThat(noToken.header("WWW-Authenticate")).isEqualTo("Bearer");
        assertThat(noToken.body().get("type").asString()).isEqualTo("https://stp-platform.dev/problems/unauthorized");
        assertThat(wrongToken.status()).isEqualTo(401);
        assertThat(jobsWithoutToken.status()).isEqualTo(401);
        assertThat(http.post("/v1/generate", TestRequests.generate(List.of(TestRequests.PROMPT), 1,
                TestRequests.settings(0.0, 1L))).status()).isEqualTo(200);
    }

    @Test
    void invalidPushHeadersReturnProblemNamingThem() {
        Map<String, String> headers = new LinkedHashMap<>(AUTH);
        headers.put("X-Policy-Version", "-3");
        headers.put("X-Weights-Sha256", "xyz");
        headers.put("X-Weights-Kind", "delta");

        HttpJson.Response response = http.put("/v1/weights", otherWeights, headers);

        assertThat(response.status()).isEqualTo(400);
        List<String> fields = new ArrayList<>();
        response.body().get("errors").forEach(error -> fields.add(error.get("field").asString()));
        assertThat(fields).containsExactly("X-Policy-Version", "X-Weights-Sha256", "X-Weights-Kind");
    }
}
