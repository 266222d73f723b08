package org.stpplatform.common.api;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.PositiveOrZero;
import java.util.List;

/**
 * Group of completions for one prompt, submitted to the reward service for scoring and queueing.
 * The idempotency key is (runId, step, promptId, policyVersion): a second submission with the same
 * key returns the stored group.
 *
 * @param reference gold answer; for countdown the JSON text {@code {"numbers":[..],"target":..}}
 */
public record SubmitGroupRequest(
        @NotBlank String runId,
        @PositiveOrZero long step,
        @PositiveOrZero long policyVersion,
        @NotBlank String promptId,
        @NotNull TaskName task,
        String prompt,
        @NotNull String reference,
        @NotEmpty List<@NotNull @Valid GroupCompletion> completions) {
}
