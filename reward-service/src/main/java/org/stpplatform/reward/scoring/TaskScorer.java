package org.stpplatform.reward.scoring;

import java.util.List;

/** Reward functions of one task in one {@link ScoringMode}; {@link RewardScorer} picks the implementation. */
public interface TaskScorer {

    /**
     * Scores one completion. Implementations may throw {@link Deadline.DeadlineExceededException}
     * or {@link IllegalArgumentException} for an unusable reference; {@link RewardScorer} turns both
     * into TIMEOUT and ERROR outcomes.
     *
     * @param instance reference data of the prompt
     * @param completion the completion, already cut to its bounded tail
     * @param deadline per-item deadline to check in loops
     */
    Score score(TaskInstance instance, String completion, Deadline deadline);

    /** Returns the reward functions in breakdown order. */
    List<RewardFunctionInfo> functions();
}
