package org.stpplatform.engine.estimator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.Device;
import java.util.Arrays;
import java.util.List;
import org.assertj.core.data.Offset;
import org.junit.jupiter.api.Test;
import org.stpplatform.engine.sampling.ScriptedModel;

class LogLikelihoodEstimatorTest {

    private static final int VOCABULARY = 8;
    private static final int MASK = 6;
    private static final int EOS = 7;

    /** Unmasked positions predict their own token with margin 4; masked ones see a context-dependent row. */
    private static final ScriptedModel.RowLogits SELF_OR_CONTEXT = (row, position) -> {
        float[] logits = new float[VOCABULARY];
        if (row[position] != MASK) {
            logits[(int) row[position]] = 4f;
            return logits;
        }
        int unmasked = 0;
        for (long id : row) {
            unmasked += id == MASK ? 0 : 1;
        }
        logits[position % 5] = 0.3f * unmasked;
        return logits;
    };

    private static final int[] PROMPT = {1, 2, 3};
    private static final int[] COMPLETION = {0, 1, 2, 3, 4, 0, EOS, EOS, EOS, EOS};
    private static final boolean[] ANCHORS = {false, true, false, true, false, false, false, false, true, false};

    private final Batch batch = Batch.of(List.of(PROMPT, new int[] {4}), List.of(COMPLETION, COMPLETION.clone()),
            Arrays.asList(ANCHORS, null), EOS);

    @Test
    void completionLengthIncludesFirstEos() {
        assertThat(batch.completionLength(0)).isEqualTo(7);
    }

    @Test
    void positionsAfterEosAlwaysMasked() {
        for (Estimator kind : List.of(Estimator.STP, Estimator.ELBO, Estimator.ELBO_WEIGHTED)) {
            LogLikelihoodEstimator estimator = new LogLikelihoodEstimator(kind, 3, 0.15);
            for (long seed = 0; seed < 50; seed++) {
                MaskedSample sample = estimator.maskedSample(batch, 0, 0, (int) (seed % 3), seed, MASK);
                for (int i = 7; i < COMPLETION.length; i++) {
                    boolean anchorKept = kind == Estimator.STP && ANCHORS[i];
                    assertThat(sample.masked()[i]).as("%s seed %d position %d", kind, seed, i).isEqualTo(!anchorKept);
                }
            }
        }
    }

    @Test
    void stpNeverMasksAnchorsOrPrompt() {
        LogLikelihoodEstimator estimator = new LogLikelihoodEstimator(Estimator.STP, 3, 0.15);
        for (long seed = 0; seed < 50; seed++) {
            MaskedSample sample = estimator.maskedSample(batch, 0, 0, 0, seed, MASK);
            assertThat(sample.prompt()).containsExactly(PROMPT);
            for (int i = 0; i < COMPLETION.length; i++) {
                if (ANCHORS[i]) {
                    assertThat(sample.masked()[i]).as("anchor %d", i).isFalse();
                    assertThat(sample.completion()[i]).isEqualTo(COMPLETION[i]);
                }
            }
        }
    }

    @Test
    void elboMasksExactlyTheSubsetInsideLength() {
        LogLikelihoodEstimator estimator = new LogLikelihoodEstimator(Estimator.ELBO, 3, 0.15);
        boolean anchorEverMasked = false;
        int[] subsetSizes = new int[8];
        for (long seed = 0; seed < 400; seed++) {
            MaskedSample sample = estimator.maskedSample(batch, 0, 0, 0, seed, MASK);
            int maskedInside = 0;
            for (int i = 0; i < 7; i++) {
                maskedInside += sample.masked()[i] ? 1 : 0;
            }
            assertThat(maskedInside).isEqualTo(sample.subsetSize());
            subsetSizes[sample.subsetSize()]++;
            anchorEverMasked |= sample.masked()[1];
        }
        assertThat(anchorEverMasked).isTrue();
        assertThat(subsetSizes[0]).isZero();
        for (int n = 1; n <= 7; n++) {
            assertThat(subsetSizes[n]).as("draws with n = %d", n).isBetween(30, 90);
        }
    }

    @Test
    void weightedElboWeightsSubsetByLengthOverCount() {
        LogLikelihoodEstimator estimator = new LogLikelihoodEstimator(Estimator.ELBO_WEIGHTED, 3, 0.15);
        MaskedSample sample = estimator.maskedSample(batch, 0, 0, 0, 9, MASK);
        double weight = 7.0 / sample.subsetSize();
        for (int i = 0; i < COMPLETION.length; i++) {
            double expected = i < 7 && sample.masked()[i] ? weight : 0.0;
            assertThat(sample.weights()[i]).as("weight %d", i).isEqualTo(expected);
        }
    }

    @Test
    void oneStepMasksCompletionAndSomePromptTokens() {
        LogLikelihoodEstimator estimator = new LogLikelihoodEstimator(Estimator.ONE_STEP, 1, 0.15);
        int[] longPrompt = new int[400];
        Arrays.fill(longPrompt, 2);
        Batch longBatch = Batch.of(List.of(longPrompt), List.of(COMPLETION), null, EOS);

        MaskedSample sample = estimator.maskedSample(longBatch, 0, 0, 0, 3, MASK);

        long maskedPrompt = Arrays.stream(sample.prompt()).filter(id -> id == MASK).count();
        assertThat(maskedPrompt / 400.0).isBetween(0.10, 0.20);
        assertThat(sample.completion()).containsOnly(MASK);
    }

    @Test
    void sameSeedGivesSameMasks() {
        LogLikelihoodEstimator estimator = new LogLikelihoodEstimator(Estimator.STP, 3, 0.15);
        MaskedSample first = estimator.maskedSample(batch, 0, 0, 1, 77, MASK);
        MaskedSample again = estimator.maskedSample(batch, 0, 0, 1, 77, MASK);
        boolean anyDifferent = false;
        for (long seed = 78; seed < 88; seed++) {
            anyDifferent |= !Arrays.equals(estimator.maskedSample(batch, 0, 0, 1, seed, MASK).masked(), first.masked());
        }
        assertThat(again.masked()).containsExactly(first.masked());
        assertThat(anyDifferent).isTrue();
    }

    @Test
    void tokenEstimatesMatchIndependentComputation() {
        ScriptedModel model = new ScriptedModel(VOCABULARY, MASK, EOS, SELF_OR_CONTEXT);
        for (Estimator kind : Estimator.values()) {
            LogLikelihoodEstimator estimator = new LogLikelihoodEstimator(kind, 3, 0.15);
            try (NDManager manager = NDManager.newBaseManager(Device.cpu())) {
                float[] actual = estimator.tokenLogLikelihoods(manager, model, batch, 0, 5, true).toFloatArray();
                for (int b = 0; b < batch.size(); b++) {
                    double[] expected = new double[COMPLETION.length];
                    for (int k = 0; k < 3; k++) {
                        MaskedSample sample = estimator.maskedSample(batch, b, b, k, 5, MASK);
                        long[] row = concat(sample.prompt(), sample.completion());
                        for (int i = 0; i < COMPLETION.length; i++) {
                            float[] logits = SELF_OR_CONTEXT.logits(row, sample.prompt().length + i);
                            expected[i] += sample.weights()[i] * logSoftmax(logits, COMPLETION[i]) / 3;
                        }
                    }
                    for (int i = 0; i < COMPLETION.length; i++) {
                        assertThat((double) actual[b * COMPLETION.length + i]).as("%s row %d position %d", kind, b, i)
                                .isCloseTo(expected[i], Offset.offset(1e-5));
                    }
                }
            }
        }
    }

    @Test
    void microBatchDrawsSameMasks() {
        ScriptedModel model = new ScriptedModel(VOCABULARY, MASK, EOS, SELF_OR_CONTEXT);
        LogLikelihoodEstimator estimator = new LogLikelihoodEstimator(Estimator.STP, 3, 0.15);
        try (NDManager manager = NDManager.newBaseManager(Device.cpu())) {
            NDArray full = estimator.tokenLogLikelihoods(manager, model, batch, 0, 21, true);
            NDArray second = estimator.tokenLogLikelihoods(manager, model, batch.slice(1, 2), 1, 21, true);
            assertThat(second.toFloatArray()).containsExactly(full.get(1).toFloatArray());
        }
    }

    @Test
    void anchorsLowerTheVarianceOfTheEstimate() {
        ScriptedModel model = new ScriptedModel(VOCABULARY, MASK, EOS, SELF_OR_CONTEXT);
        boolean[] manyAnchors = {true, true, false, true, true, false, true, true, true, true};
        Batch anchored = Batch.of(List.of(PROMPT), List.of(COMPLETION), List.<boolean[]>of(manyAnchors), EOS);
        long[] seeds = new long[40];
        for (int s = 0; s < seeds.length; s++) {
            seeds[s] = 1000 + s;
        }

        double stp = new LogLikelihoodEstimator(Estimator.STP, 3, 0.15).varianceProbe(model, anchored, seeds, true)[0];
        double elbo = new LogLikelihoodEstimator(Estimator.ELBO, 3, 0.15).varianceProbe(model, anchored, seeds, true)[0];

        assertThat(stp).isPositive();
        assertThat(stp).isLessThan(elbo);
    }

    @Test
    void varianceProbeNeedsTwoSeeds() {
        ScriptedModel model = new ScriptedModel(VOCABULARY, MASK, EOS, SELF_OR_CONTEXT);
        assertThatThrownBy(() -> LogLikelihoodEstimator.stp().varianceProbe(model, batch, new long[] {1}, true))
                .hasMessageContaining("at least 2 seeds");
    }

    @Test
    void estimatorParsedByName() {
        assertThat(Estimator.parse("elbo-weighted")).isEqualTo(Estimator.ELBO_WEIGHTED);
        assertThatThrownBy(() -> Estimator.parse("mc")).hasMessageContaining("one_step");
    }

    private static long[] concat(int[] prompt, int[] completion) {
        long[] row = new long[prompt.length + completion.length];
        for (int i = 0; i < prompt.length; i++) {
            row[i] = prompt[i];
        }
        for (int i = 0; i < completion.length; i++) {
            row[prompt.length + i] = completion[i];
        }
        return row;
    }

    private static double logSoftmax(float[] logits, int token) {
        double max = Double.NEGATIVE_INFINITY;
        for (float value : logits) {
            max = Math.max(max, value);
        }
        double sum = 0;
        for (float value : logits) {
            sum += Math.exp(value - max);
        }
        return logits[token] - max - Math.log(sum);
    }
}
