package org.stpplatform.engine.grpo;

import java.util.Objects;
import org.stpplatform.engine.estimator.Estimator;
import org.stpplatform.engine.estimator.LogLikelihoodEstimator;

/**
 * Settings of one GRPO update.
 *
 * @param innerIterations mu, gradient steps on the same groups, each with a new mask seed
 * @param clipEpsilon eps of the clipped surrogate
 * @param beta weight of the k3 KL penalty; 0 skips the reference forward passes
 * @param estimator log-likelihood estimator
 * @param sampleCount K, Monte Carlo draws per log-likelihood estimate
 * @param promptMaskProbability prompt masking probability of {@link Estimator#ONE_STEP}
 * @param advantageMode advantages within a group
 * @param zeroSpreadPolicy handling of groups whose rewards are all equal
 * @param aggregation averaging of per-token losses
 * @param microBatchSize rows per forward pass; gradients of the micro-batches accumulate
 * @param varianceProbeSeeds seeds of the estimator variance probe after the update; 0 turns it off
 */
public record GrpoSettings(
        int innerIterations,
        double clipEpsilon,
        double beta,
        Estimator estimator,
        int sampleCount,
        double promptMaskProbability,
        AdvantageMode advantageMode,
        ZeroSpreadPolicy zeroSpreadPolicy,
        LossAggregation aggregation,
        int microBatchSize,
        int varianceProbeSeeds) {

    public GrpoSettings {
        Objects.requireNonNull(estimator, "estimator");
        Objects.requireNonNull(advantageMode, "advantageMode");
        Objects.requireNonNull(zeroSpreadPolicy, "zeroSpreadPolicy");
        Objects.requireNonNull(aggregation, "aggregation");
        if (innerIterations <= 0) {
            throw new IllegalArgumentException("innerIterations " + innerIterations + " must be positive; use e.g. 4");
        }
        if (microBatchSize <= 0) {
            throw new IllegalArgumentException("microBatchSize " + microBatchSize + " must be positive");
        }
        if (varianceProbeSeeds < 0 || varianceProbeSeeds == 1) {
            throw new IllegalArgumentException("varianceProbeSeeds " + varianceProbeSeeds
                    + " must be 0 (off) or at least 2");
        }
        // The loss and the estimator check their own ranges and name the value.
        new GrpoLoss(clipEpsilon, beta);
        new LogLikelihoodEstimator(estimator, sampleCount, promptMaskProbability);
    }

    /** Returns the STP paper's settings: mu 4, eps 0.2, beta 0.04, STP estimator with K 3. */
    public static GrpoSettings paper() {
        return new GrpoSettings(4, 0.2, 0.04, Estimator.STP, LogLikelihoodEstimator.DEFAULT_SAMPLE_COUNT,
                LogLikelihoodEstimator.DEFAULT_PROMPT_MASK_PROBABILITY, AdvantageMode.STD_NORMALIZED,
                ZeroSpreadPolicy.KEEP, LossAggregation.TOKEN_MEAN, 64, 0);
    }

    public GrpoLoss loss() {
        return new GrpoLoss(clipEpsilon, beta);
    }

    public LogLikelihoodEstimator logLikelihoodEstimator() {
        return new LogLikelihoodEstimator(estimator, sampleCount, promptMaskProbability);
    }
}
