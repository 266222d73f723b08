package org.stpplatform.reward.scoring;

/** Family of reward functions that a {@link RewardScorer} applies. */
public enum ScoringMode {
    /**
     * Hardened functions (the default): exact arithmetic, brace-matched extraction and answer
     * normalisation that fixes the known failures of the published functions.
     */
    STRICT,
    /**
     * The published d1 reward functions ({@code diffu-grpo/reward_func.py} and {@code math500_utils.py}
     * of the d1 repository, reused by SPG and STP), quirks included, for comparing with published runs.
     */
    REFERENCE
}
