package org.stpplatform.engine.sampling;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.util.List;
import org.stpplatform.engine.Autograd;

/**
 * Model input for sequences whose prompts differ in length: each row is [pad ; prompt ;
 * completion], left-padded to the longest prompt so that every completion starts at the same
 * column. Padding is excluded through the key-padding mask. Rotary embeddings make attention
 * scores depend only on the distance between positions, so a left-padded row attends exactly as
 * the unpadded row would. Only the padded query rows differ, and they are never read.
 *
 * @param tokens shape [B, P + N], int64
 * @param keyPaddingMask shape [B, P + N], boolean, true for real tokens; null when no row is padded
 * @param promptWidth P, the column where the completions start
 */
public record PaddedBatch(NDArray tokens, NDArray keyPaddingMask, int promptWidth) {

    /**
     * Builds the input of {@code prompts.get(b)} followed by {@code completions.get(b)}.
     *
     * @param padTokenId id placed in padding columns (the EOS id for LLaDA)
     */
    public static PaddedBatch build(NDManager manager, List<int[]> prompts, List<int[]> completions, int padTokenId) {
        if (prompts.size() != completions.size() || prompts.isEmpty()) {
            throw new IllegalArgumentException("need one completion per prompt and at least one row, got "
                    + prompts.size() + " prompts and " + completions.size() + " completions");
        }
        int rows = prompts.size();
        int promptWidth = 0;
        int completionLength = completions.get(0).length;
        for (int b = 0; b < rows; b++) {
            promptWidth = Math.max(promptWidth, prompts.get(b).length);
            if (completions.get(b).length != completionLength) {
                throw new IllegalArgumentException("completion " + b + " has " + completions.get(b).length
                        + " positions but completion 0 has " + completionLength + "; all rows need the same N");
            }
        }

        int width = promptWidth + completionLength;
        long[] ids = new long[rows * width];
        boolean[] real = new boolean[rows * width];
        boolean padded = false;
        for (int b = 0; b < rows; b++) {
            int[] prompt = prompts.get(b);
            int padding = promptWidth - prompt.length;
            padded |= padding > 0;
            int rowStart = b * width;
            for (int column = 0; column < padding; column++) {
                ids[rowStart + column] = padTokenId;
            }
            for (int i = 0; i < prompt.length; i++) {
                ids[rowStart + padding + i] = prompt[i];
                real[rowStart + padding + i] = true;
            }
            int[] completion = completions.get(b);
            for (int i = 0; i < completionLength; i++) {
                ids[rowStart + promptWidth + i] = completion[i];
                real[rowStart + promptWidth + i] = true;
            }
        }
        Shape shape = new Shape(rows, width);
        // Copies in PyTorch memory: the embedding's backward pass reads the ids after this returns.
        NDArray tokens = Autograd.owned(manager.create(ids, shape));
        NDArray mask = padded ? Autograd.owned(manager.create(real, shape)) : null;
        return new PaddedBatch(tokens, mask, promptWidth);
    }
}
