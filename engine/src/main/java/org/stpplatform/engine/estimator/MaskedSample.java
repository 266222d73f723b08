package org.stpplatform.engine.estimator;

/**
 * One Monte Carlo draw of the estimator input for one row.
 *
 * @param prompt prompt ids, with MASK where {@link Estimator#ONE_STEP} masked them
 * @param completion N completion ids with MASK at masked positions
 * @param masked N flags, true where the completion position is masked
 * @param weights N weights of the log-probability at each position in this draw
 * @param subsetSize n, the size of the random subset of [0, L); N for {@link Estimator#ONE_STEP}
 */
public record MaskedSample(int[] prompt, int[] completion, boolean[] masked, double[] weights, int subsetSize) {
}
