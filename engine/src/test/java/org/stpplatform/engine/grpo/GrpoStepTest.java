package org.stpplatform.engine.grpo;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.Device;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.training.GradientCollector;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.assertj.core.data.Offset;
import org.junit.jupiter.api.Test;
import org.stpplatform.engine.estimator.Batch;
import org.stpplatform.engine.estimator.Estimator;
import org.stpplatform.engine.estimator.LogLikelihoodEstimator;
import org.stpplatform.engine.model.LladaModel;
import org.stpplatform.engine.model.LoraConfig;
import org.stpplatform.engine.tokenizer.TaskTokenizer;

class GrpoStepTest {

    private static final int LENGTH = 8;
    private static final int[] PROMPT = TaskTokenizer.instance().encode("nums 3 4 target 7");
    private static final int[] GOOD = TinyModels.completion("3+4", LENGTH);
    private static final int[] BAD = TinyModels.completion("9-2", LENGTH);
    private static final String HEAD = "model.transformer.ff_out.weight";

    @Test
    void lossGradientMatchesFiniteDifferences() throws InterruptedException {
        GrpoLoss loss = new GrpoLoss(0.2, 0.04);
        LogLikelihoodEstimator estimator = LogLikelihoodEstimator.stp();
        boolean[] anchors = new boolean[LENGTH];
        anchors[1] = true;
        Batch batch = Batch.of(List.of(PROMPT, PROMPT), List.of(GOOD, BAD), Arrays.asList(anchors, anchors),
                TaskTokenizer.EOS_ID);
        double[] advantages = {1.0, -1.0};
        double[][] weights = GrpoLoss.tokenWeights(batch.completionLengths(), LENGTH, LossAggregation.TOKEN_MEAN,
                Arrays.stream(batch.completionLengths()).sum(), 2);
        try (LladaModel policy = LladaModel.create(TinyModels.config(), null, Device.cpu(), 7);
                LladaModel other = LladaModel.create(TinyModels.config(), null, Device.cpu(), 8);
                NDManager manager = NDManager.newBaseManager(Device.cpu(), "PyTorch")) {
            NDArray old = estimator.tokenLogLikelihoods(manager, other, batch, 0, 5, true).duplicate();
            NDArray reference = old.add(0.05);
            NDArray head = policy.trainableParameters().get(HEAD);
            NDArray direction = randomDirection(manager, head, 3);

            double analytic;
            try (GradientCollector collector = Engine.getEngine("PyTorch").newGradientCollector()) {
                NDArray current = estimator.tokenLogLikelihoods(manager, policy, batch, 0, 5, true);
                NDArray value = loss.compute(current, old, reference, advantages, weights).loss();
                DirectMemory.overwriteFreedBuffers();
                collector.backward(value);
            }
            analytic = head.getGradient().mul(direction).sum().getFloat();
            NDArray original = head.duplicate();

            double step = 1e-2;
            policy.loadWeights(Map.of(HEAD, original.add(direction.mul(step))));
            double plus = lossValue(loss, estimator, policy, batch, old, reference, advantages, weights, manager);
            policy.loadWeights(Map.of(HEAD, original.sub(direction.mul(step))));
            double minus = lossValue(loss, estimator, policy, batch, old, reference, advantages, weights, manager);
            double numeric = (plus - minus) / (2 * step);

            assertThat(Math.abs(analytic)).isGreaterThan(1e-3);
            assertThat(analytic).isCloseTo(numeric, Offset.offset(0.02 * Math.abs(numeric)));
        }
    }

    @Test
    void stepRaisesLikelihoodOfRewardedCompletion() {
        try (LladaModel policy = LladaModel.create(TinyModels.config(), null, Device.cpu(), 11);
                LladaModel reference = policy.copy();
                AdamW optimizer = new AdamW(policy.trainableParameters(),
                        new AdamW.Settings(3e-3, 0.9, 0.99, 1e-8, 0.0, 1.0))) {
            LogLikelihoodEstimator probe = new LogLikelihoodEstimator(Estimator.ELBO, 3, 0.15);
            Batch batch = Batch.of(List.of(PROMPT, PROMPT), List.of(GOOD, BAD), null, TaskTokenizer.EOS_ID);
            long[] seeds = {1, 2, 3, 4, 5, 6, 7, 8};
            double[] before = meanEstimates(probe, policy, batch, seeds);
            GrpoSettings settings = new GrpoSettings(2, 0.2, 0.04, Estimator.STP, 3, 0.15,
                    AdvantageMode.STD_NORMALIZED, ZeroSpreadPolicy.KEEP, LossAggregation.TOKEN_MEAN, 4, 4);
            GrpoStep step = new GrpoStep(policy, reference, optimizer, settings);
            GrpoGroup group = new GrpoGroup(PROMPT, List.of(GOOD, BAD), null, new double[] {1.0, 0.0});

            StepResult first = null;
            for (int s = 0; s < 5; s++) {
                StepResult result = step.run(List.of(group), 100 + s);
                first = first == null ? result : first;
            }
            double[] after = meanEstimates(probe, policy, batch, seeds);

            assertThat(after[0] - before[0]).as("change for the rewarded completion").isGreaterThan(0.1);
            assertThat(after[1] - before[1]).as("change for the unrewarded completion").isLessThan(-0.1);
            assertThat(first.optimizerSteps()).isEqualTo(2);
            assertThat(first.kl()).isGreaterThanOrEqualTo(0);
            assertThat(first.clipFraction()).isBetween(0.0, 1.0);
            assertThat(first.gradNorm()).isPositive();
            assertThat(first.estimatorVariance()).isPositive();
            assertThat(first.validTokens()).isEqualTo(4 + 4);
            assertThat(first.zeroSpreadGroups()).isZero();
        }
    }

    @Test
    void microBatchesGiveTheSameUpdate() {
        GrpoGroup group = new GrpoGroup(PROMPT, List.of(GOOD, BAD, GOOD), null, new double[] {1.0, 0.0, 0.5});
        float[] whole = headAfterStep(group, 3);
        float[] split = headAfterStep(group, 1);
        for (int i = 0; i < whole.length; i++) {
            assertThat(split[i]).as("head weight %d", i).isCloseTo(whole[i], Offset.offset(1e-5f));
        }
    }

    @Test
    void zeroSpreadGroupsSkippedLeaveWeightsUnchanged() {
        try (LladaModel policy = LladaModel.create(TinyModels.config(), null, Device.cpu(), 13);
                LladaModel reference = policy.copy();
                AdamW optimizer = new AdamW(policy.trainableParameters(), AdamW.Settings.paper())) {
            float[] before = policy.trainableParameters().get(HEAD).toFloatArray();
            GrpoSettings settings = withPolicy(ZeroSpreadPolicy.SKIP, 4);
            GrpoGroup group = new GrpoGroup(PROMPT, List.of(GOOD, BAD), null, new double[] {0.1, 0.1});

            StepResult result = new GrpoStep(policy, reference, optimizer, settings).run(List.of(group), 1);

            assertThat(result.zeroSpreadGroups()).isEqualTo(1);
            assertThat(result.optimizerSteps()).isZero();
            assertThat(policy.trainableParameters().get(HEAD).toFloatArray()).containsExactly(before);
        }
    }

    @Test
    void loraStepUsesAdaptersOffAsReference() {
        LoraConfig lora = LoraConfig.allProjections(4, 8, 0.0);
        try (LladaModel policy = LladaModel.create(TinyModels.config(), lora, Device.cpu(), 17);
                AdamW optimizer = new AdamW(policy.trainableParameters(),
                        new AdamW.Settings(1e-2, 0.9, 0.99, 1e-8, 0.0, 1.0))) {
            float[] baseBefore = policy.namedParameters().get(HEAD).toFloatArray();
            GrpoSettings settings = new GrpoSettings(1, 0.2, 0.04, Estimator.STP, 3, 0.15,
                    AdvantageMode.STD_NORMALIZED, ZeroSpreadPolicy.KEEP, LossAggregation.TOKEN_MEAN, 4, 0);
            GrpoStep step = new GrpoStep(policy, null, optimizer, settings);
            GrpoGroup group = new GrpoGroup(PROMPT, List.of(GOOD, BAD), null, new double[] {1.0, 0.0});

            StepResult first = step.run(List.of(group), 1);
            StepResult second = step.run(List.of(group), 2);

            // New adapters (B = 0) leave the policy equal to the base model, so the first KL is 0.
            assertThat(first.kl()).isCloseTo(0.0, Offset.offset(1e-7));
            assertThat(second.kl()).isPositive();
            assertThat(policy.namedParameters().get(HEAD).toFloatArray()).containsExactly(baseBefore);
        }
    }

    @Test
    void stpProbeReportsUnprunedVariance() {
        // Positions 0 and 2 and the EOS at 3 are anchors: 3 of the L = 4 scored positions.
        boolean[] anchors = new boolean[LENGTH];
        anchors[0] = true;
        anchors[2] = true;
        anchors[3] = true;

        StepResult result = probedStep(Estimator.STP, anchors, 6);

        assertThat(result.estimatorVariance()).isPositive();
        assertThat(result.unprunedEstimatorVariance()).isFinite();
        assertThat(result.unprunedEstimatorVariance()).isPositive();
        assertThat(result.unprunedEstimatorVariance()).isNotEqualTo(result.estimatorVariance());
    }

    @Test
    void unprunedVarianceEqualsPrunedWithoutAnchors() {
        StepResult result = probedStep(Estimator.STP, null, 6);

        assertThat(result.estimatorVariance()).isPositive();
        assertThat(result.unprunedEstimatorVariance())
                .isCloseTo(result.estimatorVariance(), Offset.offset(1e-12 * result.estimatorVariance()));
    }

    @Test
    void elboProbeHasNoUnprunedVariance() {
        boolean[] anchors = new boolean[LENGTH];
        anchors[0] = true;

        StepResult result = probedStep(Estimator.ELBO, anchors, 6);

        assertThat(result.estimatorVariance()).isPositive();
        assertThat(result.unprunedEstimatorVariance()).isNaN();
    }

    @Test
    void probeOffGivesNaNVariances() {
        boolean[] anchors = new boolean[LENGTH];
        anchors[0] = true;

        StepResult result = probedStep(Estimator.STP, anchors, 0);

        assertThat(result.estimatorVariance()).isNaN();
        assertThat(result.unprunedEstimatorVariance()).isNaN();
    }

    /** Runs one step on two completions that share {@code anchors} and returns its result. */
    private static StepResult probedStep(Estimator estimator, boolean[] anchors, int probeSeeds) {
        try (LladaModel policy = LladaModel.create(TinyModels.config(), null, Device.cpu(), 23);
                LladaModel reference = policy.copy();
                AdamW optimizer = new AdamW(policy.trainableParameters(), AdamW.Settings.paper())) {
            GrpoSettings settings = new GrpoSettings(1, 0.2, 0.04, estimator, 3, 0.15,
                    AdvantageMode.STD_NORMALIZED, ZeroSpreadPolicy.KEEP, LossAggregation.TOKEN_MEAN, 4, probeSeeds);
            int[] good = TinyModels.completion("3+4", LENGTH);
            int[] bad = TinyModels.completion("3-4", LENGTH);
            GrpoGroup group = new GrpoGroup(PROMPT, List.of(good, bad), anchors, new double[] {1.0, 0.0});

            return new GrpoStep(policy, reference, optimizer, settings).run(List.of(group), 5);
        }
    }

    private static float[] headAfterStep(GrpoGroup group, int microBatchSize) {
        try (LladaModel policy = LladaModel.create(TinyModels.config(), null, Device.cpu(), 19);
                LladaModel reference = policy.copy();
                AdamW optimizer = new AdamW(policy.trainableParameters(), AdamW.Settings.paper().withLearningRate(1e-3))) {
            new GrpoStep(policy, reference, optimizer, withPolicy(ZeroSpreadPolicy.KEEP, microBatchSize))
                    .run(List.of(group), 3);
            return policy.trainableParameters().get(HEAD).toFloatArray();
        }
    }

    private static GrpoSettings withPolicy(ZeroSpreadPolicy policy, int microBatchSize) {
        return new GrpoSettings(2, 0.2, 0.04, Estimator.STP, 3, 0.15, AdvantageMode.STD_NORMALIZED, policy,
                LossAggregation.TOKEN_MEAN, microBatchSize, 0);
    }

    private static double[] meanEstimates(LogLikelihoodEstimator estimator, LladaModel model, Batch batch, long[] seeds) {
        double[][] estimates = estimator.sequenceEstimates(model, batch, seeds, true);
        return new double[] {Arrays.stream(estimates[0]).average().orElseThrow(),
                Arrays.stream(estimates[1]).average().orElseThrow()};
    }

    private static double lossValue(GrpoLoss loss, LogLikelihoodEstimator estimator, LladaModel policy, Batch batch,
            NDArray old, NDArray reference, double[] advantages, double[][] weights, NDManager manager) {
        try (NDManager scope = manager.newSubManager()) {
            NDArray current = estimator.tokenLogLikelihoods(scope, policy, batch, 0, 5, true);
            return loss.compute(current, old, reference, advantages, weights).metrics().loss();
        }
    }

    private static NDArray randomDirection(NDManager manager, NDArray like, long seed) {
        Random random = new Random(seed);
        float[] values = new float[(int) like.size()];
        for (int i = 0; i < values.length; i++) {
            values[i] = (float) random.nextGaussian();
        }
        return manager.create(values, like.getShape());
    }
}
