package org.stpplatform.engine.sampling;

import java.util.SplittableRandom;

/**
 * Gumbel-max sampling and softmax confidence over one row of logits, in float64.
 *
 * <p>TODO: this runs on the CPU over the whole vocabulary for every masked position of the
 * current block, about V * blockLength * B noise draws per step. That is negligible for the
 * task tokenizer. For LLaDA's 126464 tokens it is, by estimate, of the order of a second per
 * step, and seeded noise generated on the device would remove the copy and the loop.
 */
final class TokenSampling {

    private TokenSampling() {
    }

    /**
     * Samples a token from softmax(logits / T) by Gumbel-max: argmax_v (l_v / T + g_v) with
     * g_v = -log(-log u_v), u_v uniform in [0, 1). Temperature 0 returns argmax_v l_v.
     *
     * @param logits flat [rows, V] array; the row starts at {@code offset}
     */
    static int sample(float[] logits, int offset, int vocabularySize, double temperature, SplittableRandom random) {
        int best = 0;
        double bestScore = Double.NEGATIVE_INFINITY;
        for (int v = 0; v < vocabularySize; v++) {
            double score = logits[offset + v];
            if (temperature > 0) {
                double gumbel = -Math.log(-Math.log(random.nextDouble()));
                score = score / temperature + gumbel;
            }
            if (score > bestScore) {
                bestScore = score;
                best = v;
            }
        }
        return best;
    }

    /** Returns softmax(logits)[token] without temperature, computed in float64. */
    static double probability(float[] logits, int offset, int vocabularySize, int token) {
        double max = Double.NEGATIVE_INFINITY;
        for (int v = 0; v < vocabularySize; v++) {
            max = Math.max(max, logits[offset + v]);
        }
        double sum = 0;
        for (int v = 0; v < vocabularySize; v++) {
            sum += Math.exp(logits[offset + v] - max);
        }
        return Math.exp(logits[offset + token] - max) / sum;
    }
}
