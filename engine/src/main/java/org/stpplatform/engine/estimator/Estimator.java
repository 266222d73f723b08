package org.stpplatform.engine.estimator;

import java.util.Arrays;
import java.util.Locale;

/**
 * Per-token log-likelihood estimators of a masked diffusion model. For each Monte Carlo sample
 * the completion is partly masked, one forward pass scores it, and the token estimate is the mean
 * over samples.
 */
public enum Estimator {
    /**
     * STP as released (Liu et al., arXiv 2602.08905): n uniform in 1..L, a random n-subset of
     * [0, L) plus every position >= L masked, anchors unmasked; log softmax at every completion
     * position, no 1/t weight.
     */
    STP,
    /** {@link #STP} without anchors: the unpruned estimate. */
    ELBO,
    /**
     * The masked-token ELBO of LLaDA: masks as {@link #ELBO}; each position contributes
     * (L / n) log p only when it is in the random subset, so that the token sum over [0, L) is
     * an unbiased estimate of the ELBO.
     */
    ELBO_WEIGHTED,
    /**
     * diffu-GRPO (Zhao et al., "d1", 2025): completion fully masked, each prompt token masked
     * with a fixed probability, log softmax at every completion position.
     */
    ONE_STEP;

    /** Returns true when the estimator keeps anchors unmasked. */
    public boolean usesAnchors() {
        return this == STP;
    }

    /**
     * Parses an estimator name such as {@code elbo-weighted} (case and dashes ignored).
     *
     * @throws IllegalArgumentException listing the supported names
     */
    public static Estimator parse(String name) {
        String normalized = name == null ? "" : name.trim().replace('-', '_').toUpperCase(Locale.ROOT);
        for (Estimator estimator : values()) {
            if (estimator.name().equals(normalized)) {
                return estimator;
            }
        }
        throw new IllegalArgumentException("unknown estimator '" + name + "'; supported: "
                + Arrays.toString(Arrays.stream(values()).map(v -> v.name().toLowerCase(Locale.ROOT)).toArray()));
    }
}
