package org.stpplatform.engine.grpo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.djl.Device;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import java.util.LinkedHashMap;
import java.util.Map;
import org.assertj.core.data.Offset;
import org.junit.jupiter.api.Test;

class AdamWTest {

    private static final AdamW.Settings SETTINGS = new AdamW.Settings(0.1, 0.9, 0.99, 1e-8, 0.1, 0.5);
    private static final double[][] GRADIENTS = {{3, 4}, {-1, 0.5}, {0.2, -0.3}};

    @Test
    void stepsMatchReferenceImplementation() {
        try (NDManager manager = NDManager.newBaseManager(Device.cpu(), "PyTorch")) {
            NDArray parameter = manager.create(new float[] {1.0f, -2.0f});
            parameter.setRequiresGradient(true);
            ReferenceAdamW reference = new ReferenceAdamW(new double[] {1.0, -2.0}, SETTINGS);
            try (AdamW optimizer = new AdamW(Map.of("w", parameter), SETTINGS)) {
                for (double[] gradient : GRADIENTS) {
                    applyGradient(manager, parameter, gradient);
                    double norm = optimizer.step();
                    double expectedNorm = reference.step(gradient);
                    assertThat(norm).isCloseTo(expectedNorm, Offset.offset(1e-5));
                    float[] actual = parameter.toFloatArray();
                    assertThat((double) actual[0]).isCloseTo(reference.parameters[0], Offset.offset(1e-5));
                    assertThat((double) actual[1]).isCloseTo(reference.parameters[1], Offset.offset(1e-5));
                }
                assertThat(optimizer.stepCount()).isEqualTo(3);
            }
        }
    }

    @Test
    void stepZeroesGradients() {
        try (NDManager manager = NDManager.newBaseManager(Device.cpu(), "PyTorch")) {
            NDArray parameter = manager.create(new float[] {1.0f, -2.0f});
            parameter.setRequiresGradient(true);
            try (AdamW optimizer = new AdamW(Map.of("w", parameter), SETTINGS)) {
                applyGradient(manager, parameter, GRADIENTS[0]);
                optimizer.step();
                assertThat(parameter.getGradient().toFloatArray()).containsOnly(0f);
            }
        }
    }

    @Test
    void savedStateResumesIdentically() {
        try (NDManager manager = NDManager.newBaseManager(Device.cpu(), "PyTorch")) {
            NDArray first = manager.create(new float[] {1.0f, -2.0f});
            first.setRequiresGradient(true);
            NDArray second = manager.create(new float[] {1.0f, -2.0f});
            second.setRequiresGradient(true);
            try (AdamW original = new AdamW(Map.of("w", first), SETTINGS);
                    AdamW restored = new AdamW(Map.of("w", second), SETTINGS)) {
                for (int s = 0; s < 2; s++) {
                    applyGradient(manager, first, GRADIENTS[s]);
                    original.step();
                    applyGradient(manager, second, GRADIENTS[s]);
                    restored.step();
                }
                byte[] state = original.saveState();
                try (AdamW fresh = new AdamW(Map.of("w", second), SETTINGS)) {
                    fresh.loadState(state);
                    reuseFreedNativeMemory(manager);
                    assertThat(fresh.stepCount()).isEqualTo(2);
                    applyGradient(manager, first, GRADIENTS[2]);
                    original.step();
                    applyGradient(manager, second, GRADIENTS[2]);
                    fresh.step();
                    assertThat(second.toFloatArray()).containsExactly(first.toFloatArray());
                }
            }
        }
    }

    @Test
    void stateForOtherParametersRejected() {
        try (NDManager manager = NDManager.newBaseManager(Device.cpu(), "PyTorch")) {
            NDArray small = manager.create(new float[] {1.0f});
            small.setRequiresGradient(true);
            NDArray large = manager.create(new float[] {1.0f, 2.0f});
            large.setRequiresGradient(true);
            Map<String, NDArray> named = new LinkedHashMap<>();
            named.put("w", small);
            try (AdamW original = new AdamW(named, SETTINGS);
                    AdamW other = new AdamW(Map.of("w", large), SETTINGS)) {
                byte[] state = original.saveState();
                assertThatThrownBy(() -> other.loadState(state)).hasMessageContaining("exp_avg.w");
            }
        }
    }

    @Test
    void invalidSettingsNameTheValue() {
        assertThatThrownBy(() -> new AdamW.Settings(-1, 0.9, 0.99, 1e-8, 0.1, 0.2)).hasMessageContaining("learningRate -1");
        assertThatThrownBy(() -> new AdamW.Settings(1e-3, 1.0, 0.99, 1e-8, 0.1, 0.2)).hasMessageContaining("betas");
        assertThatThrownBy(() -> new AdamW.Settings(1e-3, 0.9, 0.99, 1e-8, 0.1, 0)).hasMessageContaining("maxGradNorm");
    }

    /**
     * Allocates and fills many small tensors so that native memory freed by an earlier scope is
     * reused: state that still points at such memory then reads garbage and the comparison fails.
     */
    private static void reuseFreedNativeMemory(NDManager manager) {
        try (NDManager scope = manager.newSubManager()) {
            for (int i = 0; i < 2000; i++) {
                scope.full(new Shape(2), 1e6f).add(1f);
            }
        }
        System.gc();
    }

    /** Accumulates {@code gradient} into the parameter through a backward pass of sum(p * g). */
    private static void applyGradient(NDManager manager, NDArray parameter, double[] gradient) {
        float[] values = new float[gradient.length];
        for (int i = 0; i < values.length; i++) {
            values[i] = (float) gradient[i];
        }
        try (GradientCollector collector = Engine.getEngine("PyTorch").newGradientCollector()) {
            collector.backward(parameter.mul(manager.create(values)).sum());
        }
    }

    /** Plain-Java AdamW with global-norm clipping, written from the PyTorch documentation's pseudocode. */
    private static final class ReferenceAdamW {
        final double[] parameters;
        final double[] first;
        final double[] second;
        final AdamW.Settings settings;
        int step;

        ReferenceAdamW(double[] initial, AdamW.Settings settings) {
            this.parameters = initial.clone();
            this.first = new double[initial.length];
            this.second = new double[initial.length];
            this.settings = settings;
        }

        double step(double[] gradient) {
            double norm = 0;
            for (double g : gradient) {
                norm += g * g;
            }
            norm = Math.sqrt(norm);
            double scale = Math.min(1, settings.maxGradNorm() / (norm + 1e-6));
            step++;
            for (int i = 0; i < parameters.length; i++) {
                double g = gradient[i] * scale;
                parameters[i] -= settings.learningRate() * settings.weightDecay() * parameters[i];
                first[i] = settings.beta1() * first[i] + (1 - settings.beta1()) * g;
                second[i] = settings.beta2() * second[i] + (1 - settings.beta2()) * g * g;
                double firstHat = first[i] / (1 - Math.pow(settings.beta1(), step));
                double secondHat = second[i] / (1 - Math.pow(settings.beta2(), step));
                parameters[i] -= settings.learningRate() * firstHat / (Math.sqrt(secondHat) + settings.epsilon());
            }
            return norm;
        }
    }
}
