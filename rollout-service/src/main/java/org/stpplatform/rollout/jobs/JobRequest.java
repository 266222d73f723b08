package org.stpplatform.rollout.jobs;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.PositiveOrZero;
import java.util.List;
import org.stpplatform.common.api.TaskName;
import org.stpplatform.rollout.generation.CanvasInput;
import org.stpplatform.rollout.generation.DecodingSettingsInput;

/**
 * Body of {@code POST /v1/jobs}: generate a group of {@code groupSize} completions per prompt with
 * policy version {@code expectedPolicyVersion} and submit each group to the reward service.
 *
 * @param rewardServiceUrl base URL of the reward service, e.g. {@code http://localhost:8081}; its
 *     host must be in {@code stp.rollout.jobs.allowed-reward-hosts}
 */
public record JobRequest(
        @NotBlank String runId,
        @NotNull @PositiveOrZero Long step,
        @NotNull @PositiveOrZero Long expectedPolicyVersion,
        @NotNull TaskName task,
        @NotBlank String rewardServiceUrl,
        @NotNull Integer groupSize,
        @NotNull @Valid DecodingSettingsInput settings,
        @NotEmpty List<@NotNull @Valid JobPrompt> prompts) {

    /**
     * One prompt of a job, given as text or token ids (exactly one of them).
     *
     * @param promptId id of the prompt within the run; part of the reward service's idempotency key
     * @param reference reference solution, passed to the reward service unchanged
     * @param canvas optional spatial-pruning canvas shared by every completion of the group
     */
    public record JobPrompt(
            @NotBlank String promptId,
            String text,
            List<@NotNull Integer> tokenIds,
            @NotNull String reference,
            @Valid CanvasInput canvas) {
    }
}
