package org.stpplatform.rollout.generation;

import jakarta.validation.constraints.NotNull;
import java.util.List;

/**
 * Spatial-pruning canvas of one completion: fixed tokens where {@code anchors} is true. Both lists
 * have the generation length; tokens at positions that are not anchors are ignored.
 */
public record CanvasInput(@NotNull List<@NotNull Integer> tokenIds, @NotNull List<@NotNull Boolean> anchors) {
}
