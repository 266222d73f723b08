package org.stpplatform.engine.estimator;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.stpplatform.engine.Autograd;
import org.stpplatform.engine.model.DiffusionModel;
import org.stpplatform.engine.sampling.PaddedBatch;

/**
 * Masked diffusion training loss for supervised fine-tuning or pre-training of a small model.
 * Each row draws t uniform in (0, 1] and masks each completion position with probability t, at
 * least one per row. The loss is the mean cross-entropy over the masked positions of the batch.
 * The prompt is never masked.
 *
 * <p>NOTE: LLaDA's objective weights each masked token by 1/t; this mean over masked tokens
 * drops that weight, which trades the exact ELBO for a lower-variance gradient.
 */
public final class MaskedTokenLoss {

    private MaskedTokenLoss() {
    }

    /**
     * Computes the loss; inside a gradient collector it carries gradient history.
     *
     * @return scalar float32 attached to {@code manager}
     */
    public static NDArray compute(NDManager manager, DiffusionModel model, List<int[]> prompts,
            List<int[]> completions, SplittableRandom random) {
        int rows = completions.size();
        int length = completions.get(0).length;
        int maskTokenId = model.config().maskTokenId();
        List<int[]> maskedCompletions = new ArrayList<>(rows);
        long[] targets = new long[rows * length];
        float[] maskWeights = new float[rows * length];
        int maskedCount = 0;
        for (int b = 0; b < rows; b++) {
            int[] completion = completions.get(b);
            int[] masked = completion.clone();
            double t = 1.0 - random.nextDouble();
            int forced = random.nextInt(length);
            for (int i = 0; i < length; i++) {
                targets[b * length + i] = completion[i];
                if (i == forced || random.nextDouble() < t) {
                    masked[i] = maskTokenId;
                    maskWeights[b * length + i] = 1f;
                    maskedCount++;
                }
            }
            maskedCompletions.add(masked);
        }
        PaddedBatch input = PaddedBatch.build(manager, prompts, maskedCompletions, model.config().eosTokenId());
        NDArray logits = model.logits(input.tokens(), input.keyPaddingMask());
        // [B, P + N, V] -> [B, N] log-probabilities of the targets
        NDArray logProbabilities = logits.get(new NDIndex(":, {}:, :", input.promptWidth()))
                .toType(DataType.FLOAT32, false)
                .logSoftmax(-1)
                .gather(Autograd.owned(manager.create(targets, new Shape(rows, length, 1))), 2)
                .squeeze(2);
        NDArray masked = Autograd.owned(manager.create(maskWeights, new Shape(rows, length)));
        return Autograd.div(logProbabilities.mul(masked).sum().neg(), maskedCount);
    }
}
