package org.stpplatform.rollout.generation;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.PositiveOrZero;
import java.util.List;

/**
 * Body of {@code POST /v1/generate}.
 *
 * @param prompts prompts to complete; each gets {@code groupSize} completions
 * @param groupSize completions per prompt (G)
 * @param settings decoding settings
 * @param expectedPolicyVersion policy version the caller requires; null accepts the served one
 */
public record GenerateRequest(
        @NotEmpty List<@NotNull @Valid PromptInput> prompts,
        @NotNull Integer groupSize,
        @NotNull @Valid DecodingSettingsInput settings,
        @PositiveOrZero Long expectedPolicyVersion) {

    /**
     * A prompt given as text or as token ids (exactly one of them). Text is wrapped in the model's
     * prompt template without system text ({@code TextTokenizer.encodePrompt}); token ids are used
     * as they are.
     *
     * @param canvas optional spatial-pruning canvas of the completion
     */
    public record PromptInput(String text, List<@NotNull Integer> tokenIds, @Valid CanvasInput canvas) {
    }
}
