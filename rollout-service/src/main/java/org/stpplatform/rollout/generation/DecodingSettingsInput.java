package org.stpplatform.rollout.generation;

import jakarta.validation.constraints.NotNull;

/**
 * Decoding settings as sent by clients. {@link RequestValidator} checks the relations between
 * fields (block length dividing the generation length and so on).
 *
 * @param generationLength completion length N in tokens
 * @param blockLength semi-autoregressive block length
 * @param steps denoising steps over all blocks
 * @param temperature sampling temperature; 0 (the default) is greedy
 * @param remasking {@code low_confidence} (default) or {@code random}
 * @param earlyExitTau early-exit threshold in (0, 1]; null or 0 turns early exit off
 * @param seed sampling seed; null lets the service choose one
 */
public record DecodingSettingsInput(
        @NotNull Integer generationLength,
        @NotNull Integer blockLength,
        @NotNull Integer steps,
        Double temperature,
        String remasking,
        Double earlyExitTau,
        Long seed) {
}
