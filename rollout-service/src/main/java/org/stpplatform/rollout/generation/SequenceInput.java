package org.stpplatform.rollout.generation;

import org.stpplatform.engine.sampling.Canvas;

/**
 * One sequence to generate: a prompt and, optionally, a spatial-pruning canvas.
 *
 * @param promptIds prompt token ids
 * @param canvas completion canvas with anchors filled in and MASK elsewhere, or null for a
 *     completion that starts fully masked
 */
public record SequenceInput(int[] promptIds, Canvas canvas) {

    /** Returns the tokens this sequence occupies in a batch: prompt plus generation length. */
    public int tokenCount(int generationLength) {
        return promptIds.length + generationLength;
    }
}
