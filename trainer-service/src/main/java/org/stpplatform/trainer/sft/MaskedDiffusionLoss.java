package org.stpplatform.trainer.sft;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.stpplatform.engine.model.DiffusionModel;
import org.stpplatform.engine.sampling.PaddedBatch;

/**
 * The supervised masked-diffusion loss of LLaDA (Nie et al., "Large Language Diffusion Models",
 * 2025, section 2.3): for each sequence draw a mask ratio t, mask each completion token
 * independently with probability t, never mask the prompt, and take
 * {@code loss = 1/(B*N) * sum over masked completion positions of -log p(x_i) / t}.
 * Completions include their EOS padding, so the model learns where the completion stops.
 *
 * <p>The B ratios of a batch are stratified, {@code t_b = eps + (1 - eps) * (b + u) / B} with one
 * u ~ U[0, 1), which keeps each t_b uniform on (eps, 1] and lowers the variance of the batch loss
 * compared with independent draws.
 *
 * <p>Dimensions: B batch, P prompt width after left padding, N completion length, V vocabulary.
 */
final class MaskedDiffusionLoss {

    /** Smallest mask ratio, so that the 1/t weight stays bounded (LLaDA uses 1e-3). */
    static final double MIN_MASK_RATIO = 1e-3;

    /**
     * The loss and the share of masked positions whose argmax prediction is right.
     *
     * @param loss scalar float32 with gradient history when computed inside a gradient collector
     * @param maskedCount number of masked completion positions in the batch
     * @param maskedCorrect masked positions predicted exactly by argmax
     */
    record Result(NDArray loss, int maskedCount, int maskedCorrect) {

        double maskedAccuracy() {
            return maskedCount == 0 ? 0.0 : (double) maskedCorrect / maskedCount;
        }
    }

    private MaskedDiffusionLoss() {
    }

    static Result compute(DiffusionModel model, NDManager manager, List<SftExample> batch, Random random) {
        int rows = batch.size();
        int length = batch.get(0).completion().length;
        int maskId = model.config().maskTokenId();
        double offset = random.nextDouble();

        List<int[]> prompts = new ArrayList<>(rows);
        List<int[]> noisy = new ArrayList<>(rows);
        long[] targets = new long[rows * length];
        float[] weights = new float[rows * length];
        boolean[] masked = new boolean[rows * length];
        int maskedCount = 0;
        for (int b = 0; b < rows; b++) {
            SftExample example = batch.get(b);
            double ratio = MIN_MASK_RATIO + (1 - MIN_MASK_RATIO) * ((b + offset) / rows);
            int[] input = example.completion().clone();
            for (int i = 0; i < length; i++) {
                int flat = b * length + i;
                targets[flat] = example.completion()[i];
                if (random.nextDouble() < ratio) {
                    input[i] = maskId;
                    masked[flat] = true;
                    weights[flat] = (float) (1.0 / (ratio * rows * length));
                    maskedCount++;
                }
            }
            prompts.add(example.prompt());
            noisy.add(input);
        }

        PaddedBatch input = PaddedBatch.build(manager, prompts, noisy, model.config().eosTokenId());
        NDArray tokens = owned(input.tokens());
        NDArray keyPaddingMask = input.keyPaddingMask() == null ? null : owned(input.keyPaddingMask());
        NDArray logits = model.logits(tokens, keyPaddingMask);
        // [B, P + N, V] -> [B, N, V]: only completion positions enter the loss.
        NDArray completionLogits = logits.get(new NDIndex(":, {}:, :", input.promptWidth()));
        NDArray logProbabilities = completionLogits.logSoftmax(-1);
        NDArray targetIds = owned(manager.create(targets, new Shape(rows, length)));
        // [B, N, 1] -> [B, N]: log p of the true token at each position.
        NDArray tokenLogProbabilities = logProbabilities.gather(targetIds.expandDims(2), 2).squeeze(2);
        // Only masked positions enter the sum, so an unmasked position never adds 0 * -inf.
        NDArray maskedPositions = owned(manager.create(masked, new Shape(rows, length)));
        NDArray maskedWeights = owned(manager.create(weights, new Shape(rows, length))).booleanMask(maskedPositions);
        NDArray loss = tokenLogProbabilities.booleanMask(maskedPositions).mul(maskedWeights).sum().neg();

        int maskedCorrect = countCorrect(completionLogits, targets, masked);
        return new Result(loss, maskedCount, maskedCorrect);
    }

    /**
     * Returns a copy in PyTorch-owned memory and closes the original. On the CPU, DJL 0.36's
     * {@code create} wraps a Java direct buffer that the garbage collector may free before the
     * backward pass reads the tensor (index of the gather, mask, weights), which gave NaN or wrong
     * gradients.
     */
    private static NDArray owned(NDArray created) {
        try (created) {
            return created.duplicate();
        }
    }

    private static int countCorrect(NDArray completionLogits, long[] targets, boolean[] masked) {
        long[] predicted = completionLogits.argMax(-1).toType(DataType.INT64, false).toLongArray();
        int correct = 0;
        for (int i = 0; i < predicted.length; i++) {
            if (masked[i] && predicted[i] == targets[i]) {
                correct++;
            }
        }
        return correct;
    }
}
