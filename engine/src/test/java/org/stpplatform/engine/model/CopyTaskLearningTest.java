package org.stpplatform.engine.model;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.Device;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.pytorch.jni.JniUtils;
import ai.djl.training.GradientCollector;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.stpplatform.engine.grpo.AdamW;

/**
 * Trains a tiny model on a copy task with the masked-token cross entropy: a sequence is four
 * random symbols followed by the same four, and a random subset of the copy is masked. Copying
 * needs attention to the position four to the left, so the task exercises RoPE and attention.
 */
class CopyTaskLearningTest {

    static final int SPAN = 4;
    static final int SYMBOLS = 10;
    static final int FIRST_SYMBOL = 2;
    static final int MASK = 1;
    static final ModelConfig CONFIG = new ModelConfig(
            FIRST_SYMBOL + SYMBOLS, 48, 2, 4, 96, 10000.0, 2 * SPAN, 1e-5, MASK, 0);
    static final int STEPS = 200;
    static final int BATCH = 64;
    /** Accuracy on fully masked copies after training; chance is 1 / SYMBOLS. */
    static final double REQUIRED_ACCURACY = 0.9;

    @Test
    void tinyModelLearnsToCopy() {
        Random random = new Random(61);
        try (LladaModel model = LladaModel.create(CONFIG, null, Device.cpu(), 62);
                AdamW optimizer = new AdamW(model.trainableParameters(),
                        new AdamW.Settings(3e-3, 0.9, 0.99, 1e-8, 0.0, 1.0));
                NDManager manager = NDManager.newBaseManager(Device.cpu())) {
            double firstLoss = Double.NaN;
            double lastLoss = Double.NaN;
            for (int step = 0; step < STEPS; step++) {
                try (NDManager scope = manager.newSubManager()) {
                    long[][] batch = sampleBatch(random, BATCH, true);
                    double loss = trainStep(model, optimizer, scope, batch[0], batch[1]);
                    firstLoss = step == 0 ? loss : firstLoss;
                    lastLoss = loss;
                }
            }

            JniUtils.setGradMode(false);
            double accuracy = evaluate(model, manager, new Random(63));

            assertThat(lastLoss).isLessThan(firstLoss / 4);
            assertThat(accuracy).isGreaterThanOrEqualTo(REQUIRED_ACCURACY);
        }
    }

    private static double trainStep(LladaModel model, AdamW optimizer, NDManager scope,
            long[] targets, long[] masked) {
        NDArray targetIds = scope.create(targets, new Shape(BATCH, 2 * SPAN));
        NDArray maskFlags = scope.create(masked, new Shape(BATCH, 2 * SPAN)).toType(DataType.FLOAT32, false);
        NDArray inputs = targetIds.mul(maskFlags.eq(0).toType(DataType.INT64, false))
                .add(maskFlags.toType(DataType.INT64, false).mul(MASK));
        double value;
        try (GradientCollector collector = Engine.getInstance().newGradientCollector()) {
            NDArray logits = model.logits(inputs, null, true, true); // [B, T, V]
            NDArray tokenLogLikelihood = logits.logSoftmax(-1)
                    .gather(targetIds.expandDims(-1), -1)
                    .squeeze(-1); // [B, T]
            NDArray loss = tokenLogLikelihood.mul(maskFlags).sum().div(maskFlags.sum()).neg();
            collector.backward(loss);
            value = loss.getFloat();
        }
        optimizer.step();
        return value;
    }

    private static double evaluate(LladaModel model, NDManager manager, Random random) {
        int sequences = 256;
        long[][] batch = sampleBatch(random, sequences, false);
        try (NDManager scope = manager.newSubManager()) {
            long[] inputs = batch[0].clone();
            for (int i = 0; i < inputs.length; i++) {
                if (batch[1][i] == 1) {
                    inputs[i] = MASK;
                }
            }
            NDArray logits = model.logits(scope.create(inputs, new Shape(sequences, 2 * SPAN)), null);
            long[] predicted = logits.argMax(-1).toLongArray();
            int correct = 0;
            int total = 0;
            for (int i = 0; i < predicted.length; i++) {
                if (batch[1][i] == 1) {
                    total++;
                    correct += predicted[i] == batch[0][i] ? 1 : 0;
                }
            }
            return (double) correct / total;
        }
    }

    /**
     * Returns token ids and mask flags, both [count * 2 * SPAN]. Training masks each copy position
     * with a per-sequence probability in [0.1, 1] and at least one position; evaluation masks the
     * whole copy.
     */
    private static long[][] sampleBatch(Random random, int count, boolean training) {
        long[] ids = new long[count * 2 * SPAN];
        long[] masked = new long[ids.length];
        for (int b = 0; b < count; b++) {
            int offset = b * 2 * SPAN;
            double maskProbability = 0.1 + 0.9 * random.nextDouble();
            boolean any = false;
            for (int i = 0; i < SPAN; i++) {
                long symbol = FIRST_SYMBOL + random.nextInt(SYMBOLS);
                ids[offset + i] = symbol;
                ids[offset + SPAN + i] = symbol;
                boolean mask = !training || random.nextDouble() < maskProbability;
                masked[offset + SPAN + i] = mask ? 1 : 0;
                any |= mask;
            }
            if (!any) {
                masked[offset + SPAN + random.nextInt(SPAN)] = 1;
            }
        }
        return new long[][] {ids, masked};
    }
}
