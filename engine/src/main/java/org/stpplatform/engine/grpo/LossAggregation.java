package org.stpplatform.engine.grpo;

/** Averaging rule that turns per-token losses into one loss. */
public enum LossAggregation {
    /** Mean over all valid tokens (positions < L) of the batch. */
    TOKEN_MEAN,
    /** Mean over each sequence's valid tokens, then mean over sequences (GRPO, Shao et al., 2024). */
    SEQUENCE_MEAN
}
