package org.stpplatform.engine.stp;

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
import org.stpplatform.engine.model.DiffusionModel;
import org.stpplatform.engine.sampling.Canvas;
import org.stpplatform.engine.sampling.InferenceScope;
import org.stpplatform.engine.sampling.PaddedBatch;
import org.stpplatform.engine.tokenizer.TextTokenizer;

/**
 * Spatial pruning of STP (Liu et al., arXiv 2602.08905): turns a prior completion sampled once
 * from the frozen base model into a canvas whose anchors every rollout and every likelihood
 * estimate of that prompt keep fixed.
 */
public final class AnchorSelector {

    private AnchorSelector() {
    }

    /**
     * Scores each prior token by log softmax(f([prompt ; N x MASK]))[prior token], one forward
     * pass with every completion position masked.
     *
     * @return N log-probabilities
     */
    public static double[] priorScores(DiffusionModel model, int[] prompt, int[] prior) {
        Objects.requireNonNull(prompt, "prompt");
        Objects.requireNonNull(prior, "prior");
        int length = prior.length;
        int[] masked = new int[length];
        Arrays.fill(masked, model.config().maskTokenId());
        try (InferenceScope ignored = InferenceScope.enter();
                NDManager manager = NDManager.newBaseManager(model.device())) {
            PaddedBatch input = PaddedBatch.build(manager, List.of(prompt), List.of(masked), model.config().eosTokenId());
            NDArray logits = model.logits(input.tokens(), input.keyPaddingMask());
            // [1, P + N, V] -> [N, V]
            NDArray completion = logits.get(new NDIndex("0, {}:, :", input.promptWidth()))
                    .toType(DataType.FLOAT32, false)
                    .logSoftmax(-1);
            long[] ids = new long[length];
            for (int i = 0; i < length; i++) {
                ids[i] = prior[i];
            }
            NDArray index = manager.create(ids, new Shape(length, 1));
            float[] scores = completion.gather(index, 1).toFloatArray();
            double[] result = new double[length];
            for (int i = 0; i < length; i++) {
                result[i] = scores[i];
            }
            return result;
        }
    }

    /**
     * Builds the canvas of a prior: positions that the strategy masks hold MASK, all others are
     * anchors holding the prior token.
     *
     * <p>Score-based strategies mask floor(rho * R) of the R candidate tokens, lowest score
     * first, ties to the earlier position. Random strategies mask each candidate with probability
     * rho. Answer content is always masked by the strategies that have the answer rule.
     *
     * @param scores N prior scores; unused by the random strategies and may then be null
     * @param rho masked fraction in [0, 1]
     * @param seed seed of the random strategies
     */
    public static Canvas select(int[] prior, double[] scores, AnchorStrategy strategy, double rho,
            TextTokenizer tokenizer, long seed) {
        Objects.requireNonNull(prior, "prior");
        Objects.requireNonNull(strategy, "strategy");
        Objects.requireNonNull(tokenizer, "tokenizer");
        if (!(rho >= 0 && rho <= 1)) {
            throw new IllegalArgumentException("rho " + rho + " is outside [0, 1]; use e.g. 0.95");
        }
        if (strategy.usesScores() && (scores == null || scores.length != prior.length)) {
            throw new IllegalArgumentException("strategy " + strategy + " needs one score per prior token, got "
                    + (scores == null ? "none" : scores.length + " for " + prior.length + " tokens"));
        }
        boolean[] masked = strategy.masksAnswer() ? AnswerSpans.mark(prior, tokenizer) : new boolean[prior.length];
        List<Integer> candidates = new ArrayList<>();
        for (int i = 0; i < prior.length; i++) {
            if (!masked[i]) {
                candidates.add(i);
            }
        }
        if (strategy.usesScores()) {
            // NOTE: floor(rho * R) follows the wording "mask the fraction rho"; the released code
            // may round differently, which changes at most one anchor per prior.
            int maskCount = (int) Math.floor(rho * candidates.size() + 1e-9);
            candidates.sort((x, y) -> Double.compare(scores[x], scores[y]));
            for (int j = 0; j < maskCount; j++) {
                masked[candidates.get(j)] = true;
            }
        } else {
            SplittableRandom random = new SplittableRandom(seed);
            for (int i : candidates) {
                masked[i] = random.nextDouble() < rho;
            }
        }
        return canvas(prior, masked, tokenizer.maskTokenId());
    }

    private static Canvas canvas(int[] prior, boolean[] masked, int maskTokenId) {
        int[] tokens = new int[prior.length];
        boolean[] anchors = new boolean[prior.length];
        for (int i = 0; i < prior.length; i++) {
            anchors[i] = !masked[i] && prior[i] != maskTokenId;
            tokens[i] = anchors[i] ? prior[i] : maskTokenId;
        }
        return new Canvas(tokens, anchors);
    }
}
