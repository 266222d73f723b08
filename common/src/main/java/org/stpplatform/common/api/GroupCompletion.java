package org.stpplatform.common.api;

import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.PositiveOrZero;
import java.util.List;

/**
 * One generated completion of a group, as the rollout service produced it.
 *
 * @param text decoded completion text
 * @param tokenIds completion token ids; null for text-only callers
 * @param stepMap denoising step at which each completion token was committed; null for text-only callers
 * @param nfe number of model forward evaluations spent on this completion
 * @param earlyExit whether denoising stopped early and filled the rest in one pass
 * @param anchorCount number of positions fixed by the spatial-pruning canvas
 */
public record GroupCompletion(
        @NotNull String text,
        List<Integer> tokenIds,
        List<Integer> stepMap,
        @PositiveOrZero int nfe,
        boolean earlyExit,
        @PositiveOrZero int anchorCount) {
}
