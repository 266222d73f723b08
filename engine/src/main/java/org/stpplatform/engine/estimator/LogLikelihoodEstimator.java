package org.stpplatform.engine.estimator;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.SplittableRandom;
import org.stpplatform.engine.Autograd;
import org.stpplatform.engine.model.DiffusionModel;
import org.stpplatform.engine.sampling.InferenceScope;
import org.stpplatform.engine.sampling.PaddedBatch;
import org.stpplatform.engine.sampling.Seeds;

/**
 * Monte Carlo per-token log-likelihoods l[b, i] of completion token i of row b under a masked
 * diffusion model: l[b, i] = mean over K draws of w_k[b, i] * log softmax(f(x_k))[b, i][o_i].
 * See {@link Estimator} for the masks and weights of each estimator.
 *
 * <p>Masks depend only on (mask seed, row, draw), so the old, reference and current policies
 * see the same masks when given the same seed. Dimensions: B batch, P prompt width after left
 * padding, N completion length, V vocabulary.
 */
public final class LogLikelihoodEstimator {

    /** Monte Carlo draws per estimate in the released STP code. */
    public static final int DEFAULT_SAMPLE_COUNT = 3;

    /** Probability of masking each prompt token in diffu-GRPO's one-step estimator. */
    public static final double DEFAULT_PROMPT_MASK_PROBABILITY = 0.15;

    private final Estimator estimator;
    private final int sampleCount;
    private final double promptMaskProbability;

    /**
     * @param sampleCount K, Monte Carlo draws per estimate
     * @param promptMaskProbability p of {@link Estimator#ONE_STEP}; ignored by the others
     */
    public LogLikelihoodEstimator(Estimator estimator, int sampleCount, double promptMaskProbability) {
        this.estimator = Objects.requireNonNull(estimator, "estimator");
        if (sampleCount <= 0) {
            throw new IllegalArgumentException("sampleCount must be positive, got " + sampleCount + "; use e.g. 3");
        }
        if (!(promptMaskProbability >= 0 && promptMaskProbability < 1)) {
            throw new IllegalArgumentException("promptMaskProbability " + promptMaskProbability
                    + " is outside [0, 1); use e.g. 0.15");
        }
        this.sampleCount = sampleCount;
        this.promptMaskProbability = promptMaskProbability;
    }

    /** Returns the released STP estimator: K = 3. */
    public static LogLikelihoodEstimator stp() {
        return new LogLikelihoodEstimator(Estimator.STP, DEFAULT_SAMPLE_COUNT, DEFAULT_PROMPT_MASK_PROBABILITY);
    }

    public Estimator estimator() {
        return estimator;
    }

    public int sampleCount() {
        return sampleCount;
    }

    /**
     * Estimates per-token log-likelihoods. Inside a gradient collector the result carries
     * gradient history to the model's trainable parameters.
     *
     * @return [B, N] float32 attached to a new manager that the caller closes through
     *     {@code result.getManager().close()}
     */
    public NDArray tokenLogLikelihoods(DiffusionModel model, Batch batch, long maskSeed, boolean useAdapters) {
        NDManager manager = NDManager.newBaseManager(model.device());
        return tokenLogLikelihoods(manager, model, batch, 0, maskSeed, useAdapters);
    }

    /**
     * Estimates per-token log-likelihoods into {@code manager}.
     *
     * @param firstRow index of the batch's first row in the whole step, so that a micro-batch
     *     draws the same masks as the full batch would
     * @return [B, N] float32 attached to {@code manager}
     */
    public NDArray tokenLogLikelihoods(NDManager manager, DiffusionModel model, Batch batch, int firstRow,
            long maskSeed, boolean useAdapters) {
        int rows = batch.size();
        int length = batch.generationLength();
        int maskTokenId = model.config().maskTokenId();
        long[] targetIds = new long[rows * length];
        for (int b = 0; b < rows; b++) {
            int[] completion = batch.completions().get(b);
            for (int i = 0; i < length; i++) {
                targetIds[b * length + i] = completion[i];
            }
        }
        // Constants that the backward pass reads live in PyTorch memory, not in Java buffers.
        NDArray targets = Autograd.owned(manager.create(targetIds, new Shape(rows, length, 1)));
        NDArray sum = null;
        for (int k = 0; k < sampleCount; k++) {
            List<int[]> prompts = new ArrayList<>(rows);
            List<int[]> completions = new ArrayList<>(rows);
            float[] weights = new float[rows * length];
            for (int b = 0; b < rows; b++) {
                MaskedSample sample = maskedSample(batch, b, firstRow + b, k, maskSeed, maskTokenId);
                prompts.add(sample.prompt());
                completions.add(sample.completion());
                for (int i = 0; i < length; i++) {
                    weights[b * length + i] = (float) sample.weights()[i];
                }
            }
            PaddedBatch input = PaddedBatch.build(manager, prompts, completions, model.config().eosTokenId());
            NDArray logits = model.logits(input.tokens(), input.keyPaddingMask(), useAdapters);
            // [B, P + N, V] -> [B, N, V] -> [B, N]
            NDArray logProbabilities = logits.get(new NDIndex(":, {}:, :", input.promptWidth()))
                    .toType(DataType.FLOAT32, false)
                    .logSoftmax(-1)
                    .gather(targets, 2)
                    .squeeze(2);
            NDArray weighted = logProbabilities.mul(Autograd.owned(manager.create(weights, new Shape(rows, length))));
            sum = sum == null ? weighted : sum.add(weighted);
        }
        return Autograd.div(sum, sampleCount);
    }

    /**
     * Draws the masked input of one row for one Monte Carlo draw.
     *
     * @param row index of the row inside {@code batch}
     * @param globalRow index that keys the random draw
     * @param draw k, the Monte Carlo draw index
     */
    public MaskedSample maskedSample(Batch batch, int row, int globalRow, int draw, long maskSeed, int maskTokenId) {
        SplittableRandom random = new SplittableRandom(Seeds.mix(maskSeed, globalRow, draw));
        int[] prompt = batch.prompts().get(row).clone();
        int[] completion = batch.completions().get(row).clone();
        int length = completion.length;
        boolean[] masked = new boolean[length];
        double[] weights = new double[length];
        if (estimator == Estimator.ONE_STEP) {
            for (int i = 0; i < prompt.length; i++) {
                if (random.nextDouble() < promptMaskProbability) {
                    prompt[i] = maskTokenId;
                }
            }
            Arrays.fill(masked, true);
            Arrays.fill(weights, 1.0);
            Arrays.fill(completion, maskTokenId);
            return new MaskedSample(prompt, completion, masked, weights, length);
        }

        int validLength = batch.completionLength(row);
        int subsetSize = 1 + random.nextInt(validLength);
        boolean[] inSubset = randomSubset(validLength, subsetSize, random);
        for (int i = 0; i < length; i++) {
            masked[i] = i >= validLength || inSubset[i];
            if (estimator.usesAnchors() && batch.isAnchor(row, i)) {
                masked[i] = false;
            }
            if (masked[i]) {
                completion[i] = maskTokenId;
            }
            if (estimator == Estimator.ELBO_WEIGHTED) {
                weights[i] = i < validLength && inSubset[i] ? (double) validLength / subsetSize : 0.0;
            } else {
                weights[i] = 1.0;
            }
        }
        return new MaskedSample(prompt, completion, masked, weights, subsetSize);
    }

    /**
     * Re-estimates each row's length-normalised log-likelihood (1/L) sum_{i < L} l[b, i] once per
     * seed and returns, per row, the unbiased variance across seeds (the "ELBO variance" of the
     * STP paper).
     *
     * @param seeds at least two mask seeds
     * @return B variances
     */
    public double[] varianceProbe(DiffusionModel model, Batch batch, long[] seeds, boolean useAdapters) {
        if (seeds.length < 2) {
            throw new IllegalArgumentException("varianceProbe needs at least 2 seeds, got " + seeds.length);
        }
        double[][] estimates = sequenceEstimates(model, batch, seeds, useAdapters);
        double[] variances = new double[batch.size()];
        for (int b = 0; b < batch.size(); b++) {
            variances[b] = unbiasedVariance(estimates[b]);
        }
        return variances;
    }

    /**
     * Returns the length-normalised sequence estimate of every row under every seed.
     *
     * @return [B][seeds] estimates (1/L) sum_{i < L} l[b, i]
     */
    public double[][] sequenceEstimates(DiffusionModel model, Batch batch, long[] seeds, boolean useAdapters) {
        double[][] estimates = new double[batch.size()][seeds.length];
        int length = batch.generationLength();
        try (InferenceScope ignored = InferenceScope.enter();
                NDManager manager = NDManager.newBaseManager(model.device())) {
            for (int s = 0; s < seeds.length; s++) {
                try (NDManager scope = manager.newSubManager()) {
                    float[] tokens = tokenLogLikelihoods(scope, model, batch, 0, seeds[s], useAdapters).toFloatArray();
                    for (int b = 0; b < batch.size(); b++) {
                        int validLength = batch.completionLength(b);
                        double total = 0;
                        for (int i = 0; i < validLength; i++) {
                            total += tokens[b * length + i];
                        }
                        estimates[b][s] = total / validLength;
                    }
                }
            }
        }
        return estimates;
    }

    static double unbiasedVariance(double[] values) {
        double mean = Arrays.stream(values).average().orElse(0);
        double squares = 0;
        for (double value : values) {
            squares += (value - mean) * (value - mean);
        }
        return squares / (values.length - 1);
    }

    /** Draws a uniformly random subset of {0..size-1} with {@code count} elements (partial Fisher-Yates). */
    private static boolean[] randomSubset(int size, int count, SplittableRandom random) {
        int[] order = new int[size];
        for (int i = 0; i < size; i++) {
            order[i] = i;
        }
        boolean[] chosen = new boolean[size];
        for (int j = 0; j < count; j++) {
            int pick = j + random.nextInt(size - j);
            int swap = order[j];
            order[j] = order[pick];
            order[pick] = swap;
            chosen[order[j]] = true;
        }
        return chosen;
    }
}
