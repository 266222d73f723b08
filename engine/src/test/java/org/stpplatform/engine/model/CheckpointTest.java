package org.stpplatform.engine.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.stpplatform.engine.io.Safetensors;

class CheckpointTest {

    static final ModelConfig CONFIG = LladaReferenceTest.CONFIG;
    static final int[][] TOKENS = LladaReferenceTest.TOKENS;

    @TempDir
    Path dir;

    @Test
    void savedModelLoadsWithIdenticalLogits() throws IOException {
        try (LladaModel model = LladaModel.create(CONFIG, null, Device.cpu(), 31);
                NDManager manager = NDManager.newBaseManager(Device.cpu())) {
            model.save(dir, "task-v1");

            try (LladaModel loaded = LladaModel.load(dir, null, Device.cpu())) {
                NDArray tokens = LladaReferenceTest.tokens(manager, TOKENS);
                assertThat(loaded.config()).isEqualTo(CONFIG);
                assertThat(loaded.logits(tokens, null).contentEquals(model.logits(tokens, null))).isTrue();
            }
            assertThat(Checkpoints.readTokenizerName(dir)).isEqualTo("task-v1");
            assertThat(dir.resolve("config.json")).content().contains("\"d_model\" : 32");
        }
    }

    @Test
    void loadsSingleSafetensorsFile() throws IOException {
        try (LladaModel model = LladaModel.create(CONFIG, null, Device.cpu(), 32);
                NDManager manager = NDManager.newBaseManager(Device.cpu())) {
            model.save(dir);

            try (LladaModel loaded = LladaModel.load(dir.resolve("model.safetensors"), null, Device.cpu())) {
                NDArray tokens = LladaReferenceTest.tokens(manager, TOKENS);
                assertThat(loaded.logits(tokens, null).contentEquals(model.logits(tokens, null))).isTrue();
            }
        }
    }

    @Test
    void loadsShardedBfloat16Checkpoint() throws IOException {
        try (LladaModel model = LladaModel.create(CONFIG, null, Device.cpu(), 33);
                NDManager manager = NDManager.newBaseManager(Device.cpu())) {
            Map<String, NDArray> first = new LinkedHashMap<>();
            Map<String, NDArray> second = new LinkedHashMap<>();
            StringBuilder weightMap = new StringBuilder();
            for (Map.Entry<String, NDArray> entry : model.namedParameters().entrySet()) {
                boolean inFirst = entry.getKey().contains("blocks.0.") || entry.getKey().contains("wte");
                (inFirst ? first : second).put(entry.getKey(), entry.getValue());
                String shard = inFirst ? "model-00001-of-00002.safetensors" : "model-00002-of-00002.safetensors";
                weightMap.append(weightMap.length() == 0 ? "" : ",")
                        .append('"').append(entry.getKey()).append("\":\"").append(shard).append('"');
            }
            Safetensors.write(dir.resolve("model-00001-of-00002.safetensors"), first, Map.of(), DataType.BFLOAT16);
            Safetensors.write(dir.resolve("model-00002-of-00002.safetensors"), second, Map.of(), DataType.BFLOAT16);
            Files.writeString(dir.resolve("model.safetensors.index.json"),
                    "{\"metadata\":{\"total_size\":0},\"weight_map\":{" + weightMap + "}}");
            Files.writeString(dir.resolve("config.json"), Checkpoints.configJson(CONFIG, null).toString());

            try (LladaModel loaded = LladaModel.load(dir, null, Device.cpu())) {
                for (Map.Entry<String, NDArray> entry : model.namedParameters().entrySet()) {
                    float[] original = entry.getValue().toFloatArray();
                    float[] restored = loaded.namedParameters().get(entry.getKey()).toFloatArray();
                    for (int i = 0; i < original.length; i++) {
                        float rounded = Safetensors.bfloat16ToFloat(Safetensors.floatToBfloat16(original[i]));
                        assertThat(restored[i]).as("%s[%d]", entry.getKey(), i).isEqualTo(rounded);
                    }
                }
            }
        }
    }

    @Test
    void loadRejectsMissingTensor() throws IOException {
        try (LladaModel model = LladaModel.create(CONFIG, null, Device.cpu(), 34)) {
            Map<String, NDArray> partial = new LinkedHashMap<>(model.namedParameters());
            partial.remove("model.transformer.ln_f.weight");
            Safetensors.write(dir.resolve("model.safetensors"), partial);
            Files.writeString(dir.resolve("config.json"), Checkpoints.configJson(CONFIG, null).toString());

            assertThatThrownBy(() -> LladaModel.load(dir, null, Device.cpu()))
                    .isInstanceOf(IOException.class)
                    .hasMessageContaining("missing tensor 'model.transformer.ln_f.weight'");
        }
    }

    @Test
    void loadRejectsShapeThatDisagreesWithConfig() throws IOException {
        try (LladaModel model = LladaModel.create(CONFIG, null, Device.cpu(), 35)) {
            model.save(dir);
            ModelConfig wider = new ModelConfig(40, 32, 2, 4, 64, 100.0, 16, 1e-5, 1, 0);
            Files.writeString(dir.resolve("config.json"), Checkpoints.configJson(wider, null).toString());

            assertThatThrownBy(() -> LladaModel.load(dir, null, Device.cpu()))
                    .isInstanceOf(IOException.class)
                    .hasMessageContaining("ff_proj.weight")
                    .hasMessageContaining("(48, 32)")
                    .hasMessageContaining("(64, 32)");
        }
    }

    @Test
    void readsPublishedLladaConfigKeys() throws IOException {
        Files.writeString(dir.resolve("config.json"), """
                {"architectures": ["LLaDAModelLM"], "d_model": 4096, "n_heads": 32, "n_kv_heads": 32,
                 "n_layers": 32, "mlp_hidden_size": 12288, "vocab_size": 126464,
                 "embedding_size": 126464, "mask_token_id": 126336, "eos_token_id": 126081,
                 "rope_theta": 500000.0, "max_sequence_length": 4096, "rms_norm_eps": 1e-05,
                 "include_bias": false, "weight_tying": false}
                """);

        assertThat(Checkpoints.readConfig(dir.resolve("config.json"))).isEqualTo(ModelConfig.llada8b());
    }

    @Test
    void loadWeightsRejectsUnknownNameAndKeepsWeights() {
        try (LladaModel model = LladaModel.create(CONFIG, null, Device.cpu(), 36);
                NDManager manager = NDManager.newBaseManager(Device.cpu())) {
            float[] before = model.namedParameters().get("model.transformer.ln_f.weight").toFloatArray();
            Map<String, NDArray> update = new LinkedHashMap<>();
            update.put("model.transformer.ln_f.weight", manager.full(new Shape(32), 9f));
            update.put("model.transformer.blocks.7.q_proj.weight", manager.zeros(new Shape(32, 32)));

            assertThatThrownBy(() -> model.loadWeights(update))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("unknown tensor 'model.transformer.blocks.7.q_proj.weight'");
            assertThat(model.namedParameters().get("model.transformer.ln_f.weight").toFloatArray())
                    .containsExactly(before);
        }
    }

    @Test
    void frozenCopyRecordsNoGradients() {
        try (LladaModel model = LladaModel.create(CONFIG, null, Device.cpu(), 38);
                LladaModel frozen = model.frozenCopy();
                NDManager manager = NDManager.newBaseManager(Device.cpu())) {
            NDArray tokens = LladaReferenceTest.tokens(manager, TOKENS);

            assertThat(frozen.logits(tokens, null).contentEquals(model.logits(tokens, null))).isTrue();
            for (NDArray parameter : frozen.namedParameters().values()) {
                assertThat(parameter.hasGradient()).isFalse();
            }
        }
    }

    @Test
    void copyIsIndependentOfOriginal() {
        try (LladaModel model = LladaModel.create(CONFIG, null, Device.cpu(), 37);
                NDManager manager = NDManager.newBaseManager(Device.cpu())) {
            NDArray tokens = LladaReferenceTest.tokens(manager, TOKENS);
            float[] originalLogits = model.logits(tokens, null).toFloatArray();

            try (LladaModel copy = model.copy()) {
                model.loadWeights(Map.of("model.transformer.ln_f.weight", manager.full(new Shape(32), 2f)));

                assertThat(copy.logits(tokens, null).toFloatArray()).containsExactly(originalLogits);
                assertThat(model.logits(tokens, null).toFloatArray()).isNotEqualTo(originalLogits);
                assertThat(copy.trainableParameters().get("model.transformer.wte.weight").hasGradient()).isTrue();
            }
        }
    }
}
