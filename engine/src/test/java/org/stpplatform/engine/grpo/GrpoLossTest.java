package org.stpplatform.engine.grpo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.djl.Device;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import org.assertj.core.data.Offset;
import org.junit.jupiter.api.Test;

class GrpoLossTest {

    private static final double[][] LOG_RATIOS = {{0.3, -0.3, 0.1, 0.0}, {0.3, -0.3, 0.1, 0.0}};
    private static final int[] LENGTHS = {4, 3};

    @Test
    void clippedSurrogateMatchesHandComputedValues() {
        GrpoLoss loss = new GrpoLoss(0.2, 0.0);
        try (NDManager manager = NDManager.newBaseManager(Device.cpu(), "PyTorch")) {
            NDArray old = manager.zeros(new Shape(2, 4), DataType.FLOAT64);
            NDArray current = manager.create(LOG_RATIOS);
            double[][] weights = GrpoLoss.tokenWeights(LENGTHS, 4, LossAggregation.TOKEN_MEAN, 7, 2);

            GrpoMetrics metrics = loss.compute(current, old, null, new double[] {1, -1}, weights).metrics();

            // Row A = +1: ratios e^0.3 -> clipped 1.2, e^-0.3 kept, e^0.1 kept, 1 kept.
            // Row A = -1, first 3 tokens: e^0.3 kept, e^-0.3 -> clipped 0.8, e^0.1 kept.
            double rowPositive = -(1.2 + Math.exp(-0.3) + Math.exp(0.1) + 1.0);
            double rowNegative = Math.exp(0.3) + 0.8 + Math.exp(0.1);
            assertThat(metrics.loss()).isCloseTo((rowPositive + rowNegative) / 7, Offset.offset(1e-12));
            assertThat(metrics.clipFraction()).isCloseTo(2.0 / 7, Offset.offset(1e-12));
            assertThat(metrics.kl()).isZero();
            assertThat(metrics.validTokens()).isEqualTo(7);
        }
    }

    @Test
    void sequenceMeanAveragesRowsFirst() {
        GrpoLoss loss = new GrpoLoss(0.2, 0.0);
        try (NDManager manager = NDManager.newBaseManager(Device.cpu(), "PyTorch")) {
            NDArray old = manager.zeros(new Shape(2, 4), DataType.FLOAT64);
            NDArray current = manager.create(LOG_RATIOS);
            double[][] weights = GrpoLoss.tokenWeights(LENGTHS, 4, LossAggregation.SEQUENCE_MEAN, 7, 2);

            GrpoMetrics metrics = loss.compute(current, old, null, new double[] {1, -1}, weights).metrics();

            double rowPositive = -(1.2 + Math.exp(-0.3) + Math.exp(0.1) + 1.0) / 4;
            double rowNegative = (Math.exp(0.3) + 0.8 + Math.exp(0.1)) / 3;
            assertThat(metrics.loss()).isCloseTo((rowPositive + rowNegative) / 2, Offset.offset(1e-12));
        }
    }

    @Test
    void klIsZeroWhenPoliciesMatch() {
        GrpoLoss loss = new GrpoLoss(0.2, 0.04);
        try (NDManager manager = NDManager.newBaseManager(Device.cpu(), "PyTorch")) {
            NDArray current = manager.create(new double[][] {{-1.5, -0.2, -3.0}});
            GrpoMetrics metrics = loss.compute(current, current.duplicate(), current.duplicate(), new double[] {0.7},
                    GrpoLoss.tokenWeights(new int[] {3}, 3, LossAggregation.TOKEN_MEAN, 3, 1)).metrics();

            assertThat(metrics.kl()).isZero();
            assertThat(metrics.loss()).isCloseTo(-0.7, Offset.offset(1e-12));
        }
    }

    @Test
    void klIsTheK3Estimator() {
        GrpoLoss loss = new GrpoLoss(0.2, 0.5);
        try (NDManager manager = NDManager.newBaseManager(Device.cpu(), "PyTorch")) {
            NDArray current = manager.create(new double[][] {{-1.0, -2.0}});
            NDArray reference = manager.create(new double[][] {{-0.5, -2.25}});
            GrpoMetrics metrics = loss.compute(current, current.duplicate(), reference, new double[] {0.0},
                    GrpoLoss.tokenWeights(new int[] {2}, 2, LossAggregation.TOKEN_MEAN, 2, 1)).metrics();

            double first = Math.exp(0.5) - 0.5 - 1;
            double second = Math.exp(-0.25) + 0.25 - 1;
            assertThat(metrics.kl()).isCloseTo((first + second) / 2, Offset.offset(1e-12));
            assertThat(metrics.loss()).isCloseTo(0.5 * (first + second) / 2, Offset.offset(1e-12));
        }
    }

    @Test
    void logRatioClampKeepsRatioFinite() {
        GrpoLoss loss = new GrpoLoss(0.2, 0.0);
        try (NDManager manager = NDManager.newBaseManager(Device.cpu(), "PyTorch")) {
            NDArray current = manager.create(new double[][] {{0.0}});
            NDArray old = manager.create(new double[][] {{-500.0}});
            GrpoMetrics metrics = loss.compute(current, old, null, new double[] {-1.0},
                    GrpoLoss.tokenWeights(new int[] {1}, 1, LossAggregation.TOKEN_MEAN, 1, 1)).metrics();

            assertThat(metrics.loss()).isCloseTo(Math.exp(GrpoLoss.LOG_RATIO_CLAMP), Offset.offset(1e-3));
        }
    }

    @Test
    void gradientMatchesCentralDifferencesInFloat64() throws InterruptedException {
        GrpoLoss loss = new GrpoLoss(0.2, 0.04);
        double[][] old = {{-1.0, -2.0, -0.5}, {-1.2, -0.1, -3.0}};
        double[][] reference = {{-0.9, -2.4, -0.6}, {-1.0, -0.3, -2.0}};
        double[][] current = {{-0.95, -1.9, -0.45}, {-1.3, -0.12, -2.5}};
        double[] advantages = {0.8, -1.1};
        double[][] weights = GrpoLoss.tokenWeights(new int[] {3, 2}, 3, LossAggregation.TOKEN_MEAN, 5, 2);
        double[] analytic;
        try (NDManager manager = NDManager.newBaseManager(Device.cpu(), "PyTorch")) {
            NDArray theta = manager.create(current);
            theta.setRequiresGradient(true);
            try (GradientCollector collector = Engine.getEngine("PyTorch").newGradientCollector()) {
                NDArray value = loss.compute(theta, manager.create(old), manager.create(reference), advantages, weights).loss();
                DirectMemory.overwriteFreedBuffers();
                collector.backward(value);
            }
            analytic = theta.getGradient().toDoubleArray();
        }
        double step = 1e-6;
        for (int b = 0; b < 2; b++) {
            for (int i = 0; i < 3; i++) {
                double[][] plus = copy(current);
                double[][] minus = copy(current);
                plus[b][i] += step;
                minus[b][i] -= step;
                double numeric = (lossValue(loss, plus, old, reference, advantages, weights)
                        - lossValue(loss, minus, old, reference, advantages, weights)) / (2 * step);
                assertThat(analytic[b * 3 + i]).as("d loss / d l[%d, %d]", b, i).isCloseTo(numeric, Offset.offset(1e-8));
            }
        }
        assertThat(analytic[5]).as("gradient at a position >= L").isZero();
    }

    @Test
    void missingReferenceWithPositiveBetaRejected() {
        GrpoLoss loss = new GrpoLoss(0.2, 0.04);
        try (NDManager manager = NDManager.newBaseManager(Device.cpu(), "PyTorch")) {
            NDArray current = manager.create(new double[][] {{-1.0}});
            assertThatThrownBy(() -> loss.compute(current, current, null, new double[] {1.0}, new double[][] {{1.0}}))
                    .hasMessageContaining("no reference");
        }
        assertThatThrownBy(() -> new GrpoLoss(1.5, 0)).hasMessageContaining("clipEpsilon 1.5");
    }

    private static double lossValue(GrpoLoss loss, double[][] current, double[][] old, double[][] reference,
            double[] advantages, double[][] weights) {
        try (NDManager manager = NDManager.newBaseManager(Device.cpu(), "PyTorch")) {
            return loss.compute(manager.create(current), manager.create(old), manager.create(reference), advantages, weights)
                    .metrics().loss();
        }
    }

    private static double[][] copy(double[][] values) {
        double[][] result = new double[values.length][];
        for (int b = 0; b < values.length; b++) {
            result[b] = values[b].clone();
        }
        return result;
    }
}
