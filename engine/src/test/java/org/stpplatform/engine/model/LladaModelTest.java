package org.stpplatform.engine.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.djl.Device;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.stpplatform.engine.AutogradTest;

class LladaModelTest {

    static final ModelConfig TINY = new ModelConfig(40, 32, 2, 4, 48, 10000.0, 64, 1e-5, 1, 0);

    @Test
    void logitsHaveShapeBatchLengthVocabulary() {
        try (LladaModel model = LladaModel.create(TINY, null, Device.cpu(), 7);
                NDManager manager = NDManager.newBaseManager(Device.cpu())) {
            NDArray tokens = manager.create(new long[] {2, 3, 4, 5, 6, 7, 8, 9}, new Shape(2, 4));

            NDArray logits = model.logits(tokens, null);

            assertThat(logits.getShape()).isEqualTo(new Shape(2, 4, 40));
            assertThat(logits.getDataType()).isEqualTo(DataType.FLOAT32);
            assertThat(logits.isNaN().any().getBoolean()).isFalse();
        }
    }

    @Test
    void logitsRejectTokenOutsideVocabulary() {
        try (LladaModel model = LladaModel.create(TINY, null, Device.cpu(), 7);
                NDManager manager = NDManager.newBaseManager(Device.cpu())) {
            NDArray tokens = manager.create(new long[] {2, 40}, new Shape(1, 2));

            assertThatThrownBy(() -> model.logits(tokens, null))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("[0, 40)");
        }
    }

    @Test
    void sameSeedGivesSameWeights() {
        try (LladaModel first = LladaModel.create(TINY, null, Device.cpu(), 11);
                LladaModel second = LladaModel.create(TINY, null, Device.cpu(), 11)) {
            for (Map.Entry<String, NDArray> entry : first.namedParameters().entrySet()) {
                NDArray other = second.namedParameters().get(entry.getKey());
                assertThat(entry.getValue().contentEquals(other)).as(entry.getKey()).isTrue();
            }
        }
    }

    @Test
    void parameterNamesFollowLladaLayout() {
        try (LladaModel model = LladaModel.create(TINY, null, Device.cpu(), 1)) {
            assertThat(model.namedParameters()).hasSize(2 + 9 * 2 + 1);
            assertThat(model.namedParameters().get("model.transformer.wte.weight").getShape())
                    .isEqualTo(new Shape(40, 32));
            assertThat(model.namedParameters().get("model.transformer.blocks.1.ff_proj.weight")
                    .getShape()).isEqualTo(new Shape(48, 32));
            assertThat(model.namedParameters().get("model.transformer.blocks.1.ff_out.weight")
                    .getShape()).isEqualTo(new Shape(32, 48));
            assertThat(model.namedParameters().get("model.transformer.ff_out.weight").getShape())
                    .isEqualTo(new Shape(40, 32));
        }
    }

    @Test
    void backwardGivesEveryParameterAGradient() {
        try (LladaModel model = LladaModel.create(TINY, null, Device.cpu(), 3);
                NDManager manager = NDManager.newBaseManager(Device.cpu())) {
            NDArray tokens = manager.create(new long[] {2, 1, 4, 5, 1, 7}, new Shape(2, 3));
            try (GradientCollector collector = Engine.getInstance().newGradientCollector()) {
                NDArray logits = model.logits(tokens, null);
                NDArray loss = logits.logSoftmax(-1).get(":, :, 5").mean().neg();
                collector.backward(loss);
            }
            for (Map.Entry<String, NDArray> entry : model.trainableParameters().entrySet()) {
                float gradientNorm = entry.getValue().getGradient().abs().sum().getFloat();
                assertThat(gradientNorm).as(entry.getKey()).isGreaterThan(0f);
            }
        }
    }

    /**
     * Autograd keeps forward tensors for the backward pass after the forward pass has closed its
     * arrays. Memory that only a Java buffer kept alive is freed by the garbage collector, reused
     * here with NaN bytes, and would show up as NaN gradients.
     */
    @Test
    void backwardAfterGarbageCollectionIsFinite() throws InterruptedException {
        try (LladaModel model = LladaModel.create(TINY, null, Device.cpu(), 4);
                NDManager manager = NDManager.newBaseManager(Device.cpu())) {
            NDArray tokens = manager.create(new long[] {2, 1, 4, 5, 1, 7, 8, 9}, new Shape(2, 4));
            try (GradientCollector collector = Engine.getInstance().newGradientCollector()) {
                NDArray loss = model.logits(tokens, null).logSoftmax(-1).get(":, :, 5").mean().neg();
                AutogradTest.overwriteFreedDirectMemory();
                collector.backward(loss);
            }
            for (Map.Entry<String, NDArray> entry : model.trainableParameters().entrySet()) {
                NDArray gradient = entry.getValue().getGradient();
                assertThat(gradient.isNaN().any().getBoolean()).as(entry.getKey()).isFalse();
            }
        }
    }

    @Test
    void loadWeightsRejectsWrongShapeAndKeepsWeights() {
        try (LladaModel model = LladaModel.create(TINY, null, Device.cpu(), 5);
                NDManager manager = NDManager.newBaseManager(Device.cpu())) {
            NDArray before = model.namedParameters().get("model.transformer.ln_f.weight").duplicate();
            Map<String, NDArray> update = Map.of(
                    "model.transformer.ln_f.weight", manager.full(new Shape(32), 3f),
                    "model.transformer.wte.weight", manager.zeros(new Shape(41, 32)));

            assertThatThrownBy(() -> model.loadWeights(update))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("model.transformer.wte.weight")
                    .hasMessageContaining("(41, 32)");
            assertThat(model.namedParameters().get("model.transformer.ln_f.weight")
                    .contentEquals(before)).isTrue();
        }
    }

    @Test
    void loadWeightsCopiesInPlace() {
        try (LladaModel model = LladaModel.create(TINY, null, Device.cpu(), 5);
                NDManager manager = NDManager.newBaseManager(Device.cpu())) {
            NDArray live = model.namedParameters().get("model.transformer.ln_f.weight");

            model.loadWeights(Map.of("model.transformer.ln_f.weight", manager.full(new Shape(32), 3f)));

            assertThat(live.getFloat(0)).isEqualTo(3f);
            assertThat(live.hasGradient()).isTrue();
        }
    }
}
