package org.stpplatform.engine.grpo;

import java.time.Duration;

/**
 * Metrics of one GRPO update, averaged over its inner iterations.
 *
 * @param loss loss value
 * @param kl k3 KL estimate against the reference policy
 * @param clipFraction fraction of valid tokens whose clipped surrogate was active
 * @param zeroSpreadGroups groups whose rewards were all equal
 * @param groups groups given to the step
 * @param gradNorm global gradient norm before clipping
 * @param estimatorVariance mean across rows of the estimator variance probe after the update,
 *     NaN when not requested
 * @param unprunedEstimatorVariance the same probe on the same rows and seeds with anchors masked
 *     like every other position ({@code Estimator.ELBO} with the same K), NaN when not requested
 *     or when the estimator does not use anchors
 * @param validTokens tokens that entered the loss per inner iteration
 * @param optimizerSteps optimizer steps taken: mu, or 0 when every group was skipped
 * @param duration wall time of the update
 */
public record StepResult(
        double loss,
        double kl,
        double clipFraction,
        int zeroSpreadGroups,
        int groups,
        double gradNorm,
        double estimatorVariance,
        double unprunedEstimatorVariance,
        long validTokens,
        int optimizerSteps,
        Duration duration) {
}
