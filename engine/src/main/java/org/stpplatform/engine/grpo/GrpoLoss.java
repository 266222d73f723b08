package org.stpplatform.engine.grpo;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import java.util.Objects;
import org.stpplatform.engine.Autograd;

/**
 * The GRPO objective on per-token log-likelihood estimates (Shao et al., 2024, with the k3 KL of
 * Schulman's "Approximating KL divergence"):
 *
 * <pre>
 *   ratio    = exp(clamp(l_theta - l_old, -LOG_RATIO_CLAMP, LOG_RATIO_CLAMP))
 *   policy   = -min(ratio * A, clip(ratio, 1 - eps, 1 + eps) * A)
 *   kl       = exp(l_ref - l_theta) - (l_ref - l_theta) - 1
 *   loss     = sum over valid tokens of w * (policy + beta * kl)
 * </pre>
 *
 * where the token weights w implement the {@link LossAggregation}. Dimensions: B rows, N
 * completion positions.
 */
public final class GrpoLoss {

    /**
     * Bound on |l_theta - l_old| before exponentiation, so that one badly estimated token cannot
     * overflow the ratio to infinity (verl clamps the same way).
     */
    public static final double LOG_RATIO_CLAMP = 20.0;

    private final double clipEpsilon;
    private final double beta;

    /**
     * @param clipEpsilon eps of the clipped surrogate (0.2 in STP, 0.5 in d1)
     * @param beta weight of the k3 KL term (0.04 in STP)
     */
    public GrpoLoss(double clipEpsilon, double beta) {
        if (!(clipEpsilon > 0 && clipEpsilon < 1)) {
            throw new IllegalArgumentException("clipEpsilon " + clipEpsilon + " is outside (0, 1); use e.g. 0.2");
        }
        if (!(beta >= 0) || Double.isInfinite(beta)) {
            throw new IllegalArgumentException("beta " + beta + " must be a finite number >= 0; use e.g. 0.04");
        }
        this.clipEpsilon = clipEpsilon;
        this.beta = beta;
    }

    public double clipEpsilon() {
        return clipEpsilon;
    }

    public double beta() {
        return beta;
    }

    /** Loss tensor with its metrics. */
    public record Output(NDArray loss, GrpoMetrics metrics) {
    }

    /**
     * Returns token weights for {@code aggregation}: per row b, 1 at positions below
     * {@code lengths[b]} and 0 elsewhere, divided by the total valid token count (token mean)
     * or by L_b times the row count (sequence mean).
     *
     * @param lengths B completion lengths L; a row with length 0 is left out
     * @param totalTokens denominator of the token mean, the valid tokens of the whole step
     *     (differs from this batch's count when the step is split into micro-batches)
     * @param totalRows denominator of the sequence mean, the rows of the whole step
     * @return [B][N] weights
     */
    public static double[][] tokenWeights(int[] lengths, int generationLength, LossAggregation aggregation,
            long totalTokens, long totalRows) {
        double[][] weights = new double[lengths.length][generationLength];
        for (int b = 0; b < lengths.length; b++) {
            for (int i = 0; i < lengths[b]; i++) {
                weights[b][i] = aggregation == LossAggregation.TOKEN_MEAN
                        ? 1.0 / totalTokens : 1.0 / ((double) lengths[b] * totalRows);
            }
        }
        return weights;
    }

    /**
     * Computes the loss.
     *
     * @param logLikelihoods l_theta, [B, N], with gradient history
     * @param oldLogLikelihoods l_old, [B, N], no gradient
     * @param referenceLogLikelihoods l_ref, [B, N], no gradient; null only when beta is 0
     * @param advantages B advantages
     * @param tokenWeights [B][N] weights from {@link #tokenWeights}; zero leaves a token out
     */
    public Output compute(NDArray logLikelihoods, NDArray oldLogLikelihoods, NDArray referenceLogLikelihoods,
            double[] advantages, double[][] tokenWeights) {
        Objects.requireNonNull(logLikelihoods, "logLikelihoods");
        Objects.requireNonNull(oldLogLikelihoods, "oldLogLikelihoods");
        if (referenceLogLikelihoods == null && beta > 0) {
            throw new IllegalArgumentException("beta is " + beta + " but no reference log-likelihoods were given");
        }
        NDManager manager = logLikelihoods.getManager();
        int rows = (int) logLikelihoods.getShape().get(0);
        int length = (int) logLikelihoods.getShape().get(1);
        if (advantages.length != rows || tokenWeights.length != rows) {
            throw new IllegalArgumentException("got " + advantages.length + " advantages and " + tokenWeights.length
                    + " weight rows for " + rows + " log-likelihood rows");
        }
        double[] advantageColumn = advantages.clone();
        double[] weights = new double[rows * length];
        for (int b = 0; b < rows; b++) {
            System.arraycopy(tokenWeights[b], 0, weights, b * length, length);
        }
        DataType dataType = logLikelihoods.getDataType();
        NDArray advantage = constant(manager.create(advantageColumn, new Shape(rows, 1)), dataType);
        NDArray weight = constant(manager.create(weights, new Shape(rows, length)), dataType);

        NDArray logRatio = clamp(logLikelihoods.sub(oldLogLikelihoods), -LOG_RATIO_CLAMP, LOG_RATIO_CLAMP);
        NDArray ratio = logRatio.exp();
        NDArray unclipped = ratio.mul(advantage);
        NDArray clipped = clamp(ratio, 1 - clipEpsilon, 1 + clipEpsilon).mul(advantage);
        NDArray policy = unclipped.minimum(clipped).neg();
        NDArray perToken = policy;
        NDArray kl = null;
        if (referenceLogLikelihoods != null) {
            NDArray difference = referenceLogLikelihoods.sub(logLikelihoods);
            kl = difference.exp().sub(difference).sub(1);
            if (beta > 0) {
                perToken = policy.add(kl.mul(scalar(kl, beta)));
            }
        }
        NDArray loss = perToken.mul(weight).sum();
        return new Output(loss, metrics(loss, policy, kl, ratio, unclipped, clipped, weights));
    }

    private static GrpoMetrics metrics(NDArray loss, NDArray policy, NDArray kl, NDArray ratio,
            NDArray unclipped, NDArray clipped, double[] weights) {
        double[] policyValues = toDoubles(policy);
        double[] klValues = kl == null ? null : toDoubles(kl);
        double[] ratioValues = toDoubles(ratio);
        double[] unclippedValues = toDoubles(unclipped);
        double[] clippedValues = toDoubles(clipped);
        double weightSum = 0;
        double policySum = 0;
        double klSum = 0;
        double clipSum = 0;
        double ratioSum = 0;
        long validTokens = 0;
        for (int j = 0; j < weights.length; j++) {
            double w = weights[j];
            if (w == 0) {
                continue;
            }
            validTokens++;
            weightSum += w;
            policySum += w * policyValues[j];
            klSum += klValues == null ? 0 : w * klValues[j];
            // The clipped term is active when -clipped * A is the larger loss, as verl's pg_clipfrac.
            clipSum += clippedValues[j] < unclippedValues[j] ? w : 0;
            ratioSum += w * ratioValues[j];
        }
        double normalizer = weightSum == 0 ? 1 : weightSum;
        return new GrpoMetrics(loss.toType(DataType.FLOAT64, false).getDouble(),
                policySum, klSum / normalizer, clipSum / normalizer, ratioSum / normalizer, validTokens);
    }

    /**
     * Clamps {@code x} to [low, high] with bounds held in PyTorch memory. DJL 0.36's
     * {@code clip(Number, Number)} wraps the bounds in Java buffers that are freed on return,
     * while the backward pass of the clamp still reads them.
     */
    private static NDArray clamp(NDArray x, double low, double high) {
        return x.maximum(scalar(x, low)).minimum(scalar(x, high));
    }

    /** Returns a 0-dimensional tensor of {@code value} in PyTorch memory, in the type of {@code like}. */
    private static NDArray scalar(NDArray like, double value) {
        return constant(like.getManager().create(value), like.getDataType());
    }

    /** Returns {@code wrapped} converted to {@code dataType} as a copy in PyTorch memory. */
    private static NDArray constant(NDArray wrapped, DataType dataType) {
        return Autograd.owned(wrapped.toType(dataType, true));
    }

    private static double[] toDoubles(NDArray array) {
        return array.toType(DataType.FLOAT64, false).toDoubleArray();
    }
}
