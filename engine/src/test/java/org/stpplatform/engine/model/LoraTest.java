package org.stpplatform.engine.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.djl.Device;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LoraTest {

    static final ModelConfig CONFIG = LladaReferenceTest.CONFIG;
    static final LoraConfig LORA = new LoraConfig(4, 8.0, 0.1, Set.of("q_proj", "v_proj", "ff_out"));

    @TempDir
    Path dir;

    @Test
    void newAdapterLeavesLogitsUnchanged() {
        try (LladaModel base = LladaModel.create(CONFIG, null, Device.cpu(), 41);
                LladaModel adapted = LladaModel.create(CONFIG, LORA, Device.cpu(), 41);
                NDManager manager = NDManager.newBaseManager(Device.cpu())) {
            NDArray tokens = LladaReferenceTest.tokens(manager, LladaReferenceTest.TOKENS);
            NDArray expected = base.logits(tokens, null);

            assertThat(adapted.logits(tokens, null, false).contentEquals(expected)).isTrue();
            assertThat(adapted.logits(tokens, null, true).contentEquals(expected)).isTrue();
        }
    }

    @Test
    void nonzeroAdapterChangesLogitsOnlyWhenEnabled() {
        try (LladaModel base = LladaModel.create(CONFIG, null, Device.cpu(), 42);
                LladaModel adapted = LladaModel.create(CONFIG, LORA, Device.cpu(), 42);
                NDManager manager = NDManager.newBaseManager(Device.cpu())) {
            setAdapterB(adapted, manager, 0.05f);
            NDArray tokens = LladaReferenceTest.tokens(manager, LladaReferenceTest.TOKENS);
            NDArray expected = base.logits(tokens, null);

            assertThat(adapted.logits(tokens, null, false).contentEquals(expected)).isTrue();
            float difference = adapted.logits(tokens, null, true).sub(expected).abs().max().getFloat();
            assertThat(difference).isGreaterThan(1e-3f);
        }
    }

    @Test
    void adapterNamesAndShapesFollowPeft() {
        try (LladaModel model = LladaModel.create(CONFIG, LORA, Device.cpu(), 43)) {
            Map<String, NDArray> adapters = model.adapterParameters();

            assertThat(adapters).hasSize(2 * 3 * 2);
            assertThat(adapters.get("base_model.model.model.transformer.blocks.1.ff_out.lora_A.weight")
                    .getShape()).isEqualTo(new Shape(4, 48));
            assertThat(adapters.get("base_model.model.model.transformer.blocks.1.ff_out.lora_B.weight")
                    .getShape()).isEqualTo(new Shape(32, 4));
            assertThat(adapters.get("base_model.model.model.transformer.blocks.0.q_proj.lora_B.weight")
                    .abs().sum().getFloat()).isZero();
            assertThat(model.trainableParameters()).isSameAs(adapters);
            assertThat(model.namedParameters()).hasSize(adapters.size() + 21);
        }
    }

    @Test
    void backwardReachesOnlyAdapters() {
        try (LladaModel model = LladaModel.create(CONFIG, LORA, Device.cpu(), 44);
                NDManager manager = NDManager.newBaseManager(Device.cpu())) {
            setAdapterB(model, manager, 0.05f);
            NDArray tokens = LladaReferenceTest.tokens(manager, LladaReferenceTest.TOKENS);
            try (GradientCollector collector = Engine.getInstance().newGradientCollector()) {
                NDArray logits = model.logits(tokens, null, true, true);
                collector.backward(logits.logSoftmax(-1).get(":, :, 3").mean().neg());
            }

            for (Map.Entry<String, NDArray> entry : model.adapterParameters().entrySet()) {
                float norm = entry.getValue().getGradient().abs().sum().getFloat();
                assertThat(norm).as(entry.getKey()).isGreaterThan(0f);
            }
            assertThat(model.baseParameters().get("model.transformer.wte.weight").hasGradient()).isFalse();
        }
    }

    @Test
    void dropoutAppliesOnlyInTraining() {
        try (LladaModel model = LladaModel.create(CONFIG, LORA, Device.cpu(), 45);
                NDManager manager = NDManager.newBaseManager(Device.cpu())) {
            setAdapterB(model, manager, 0.05f);
            NDArray tokens = LladaReferenceTest.tokens(manager, LladaReferenceTest.TOKENS);

            NDArray evaluation = model.logits(tokens, null, true, false);
            NDArray again = model.logits(tokens, null, true, false);
            NDArray training = model.logits(tokens, null, true, true);

            assertThat(again.contentEquals(evaluation)).isTrue();
            assertThat(training.sub(evaluation).abs().max().getFloat()).isGreaterThan(0f);
        }
    }

    @Test
    void adapterExportRoundTrips() throws IOException {
        try (LladaModel source = LladaModel.create(CONFIG, LORA, Device.cpu(), 46);
                LladaModel target = LladaModel.create(CONFIG, LORA, Device.cpu(), 46);
                NDManager manager = NDManager.newBaseManager(Device.cpu())) {
            setAdapterB(source, manager, 0.07f);
            source.saveAdapter(dir.resolve("adapter.safetensors"));

            target.loadAdapter(dir.resolve("adapter.safetensors"));

            NDArray tokens = LladaReferenceTest.tokens(manager, LladaReferenceTest.TOKENS);
            assertThat(target.logits(tokens, null).contentEquals(source.logits(tokens, null))).isTrue();
        }
    }

    @Test
    void loadAdapterRejectsBaseTensors() throws IOException {
        try (LladaModel model = LladaModel.create(CONFIG, LORA, Device.cpu(), 47)) {
            model.save(dir);

            assertThatThrownBy(() -> model.loadAdapter(dir.resolve("model.safetensors")))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("is not an adapter of this model");
        }
    }

    @Test
    void savedLoraModelLoadsWithAdapters() throws IOException {
        try (LladaModel model = LladaModel.create(CONFIG, LORA, Device.cpu(), 48);
                NDManager manager = NDManager.newBaseManager(Device.cpu())) {
            setAdapterB(model, manager, 0.03f);
            model.save(dir);

            try (LladaModel loaded = LladaModel.load(dir, LORA, Device.cpu())) {
                NDArray tokens = LladaReferenceTest.tokens(manager, LladaReferenceTest.TOKENS);
                assertThat(loaded.logits(tokens, null).contentEquals(model.logits(tokens, null))).isTrue();
                assertThat(loaded.logits(tokens, null, false).contentEquals(model.logits(tokens, null, false)))
                        .isTrue();
            }
            assertThat(dir.resolve("adapter_config.json")).content().contains("\"r\" : 4");
        }
    }

    @Test
    void configRejectsUnknownTarget() {
        assertThatThrownBy(() -> new LoraConfig(4, 8, 0, Set.of("o_proj")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'o_proj'")
                .hasMessageContaining("attn_out");
    }

    /** Sets every lora_B to a constant so that the adapters change the output. */
    static void setAdapterB(LladaModel model, NDManager manager, float value) {
        Map<String, NDArray> update = new LinkedHashMap<>();
        for (Map.Entry<String, NDArray> entry : model.adapterParameters().entrySet()) {
            if (entry.getKey().endsWith("lora_B.weight")) {
                update.put(entry.getKey(), manager.full(entry.getValue().getShape(), value));
            }
        }
        model.loadWeights(update);
    }
}
