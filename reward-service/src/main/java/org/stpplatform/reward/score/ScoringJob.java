package org.stpplatform.reward.score;

import org.stpplatform.reward.scoring.TaskInstance;

/**
 * One completion to score against its task instance.
 *
 * @param index position reported in {@link org.stpplatform.common.api.ScoredCompletion#index()}
 */
public record ScoringJob(int index, TaskInstance instance, String completion) {
}
