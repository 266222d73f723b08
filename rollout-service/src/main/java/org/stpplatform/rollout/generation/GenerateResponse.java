package org.stpplatform.rollout.generation;

import java.util.List;

/**
 * Body of a successful {@code POST /v1/generate}.
 *
 * @param policyVersion version of the weights that generated every completion
 * @param results one per prompt, in request order
 */
public record GenerateResponse(long policyVersion, List<PromptResult> results) {

    /** Completions of one prompt. */
    public record PromptResult(int promptIndex, List<CompletionResult> completions) {
    }

    /**
     * One completion.
     *
     * @param text decoded text of the first {@code completionLength} tokens
     * @param tokenIds all N completion token ids, EOS and padding included
     * @param stepMap denoising step at which each position was committed
     * @param nfe forward passes of the batch that generated this completion
     * @param earlyExit whether early exit fired
     * @param anchorCount positions fixed by the canvas
     * @param completionLength L: one plus the index of the first EOS, or N
     * @param timingsMs time spent queued and generating, in milliseconds
     */
    public record CompletionResult(
            String text,
            List<Integer> tokenIds,
            List<Integer> stepMap,
            int nfe,
            boolean earlyExit,
            int anchorCount,
            int completionLength,
            Timings timingsMs) {
    }

    /** Milliseconds the request waited in the queue and spent in its batches. */
    public record Timings(long queue, long generation) {
    }
}
